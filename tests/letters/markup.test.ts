/**
 * The template language: paragraphs, bullets, bold and italic, fields from a fixed list; unknown
 * fields refused with their name and position; nothing a template says is ever executed.
 */
import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../src/shared/letterMarkup';
import { LETTER_FIELDS } from '../../src/shared/letters';
import { DEFAULT_TEMPLATES } from '../../src/main/services/letters/defaults';
import { namesOf } from '../../src/main/services/letters/compose';

const body = (text: string) => {
  const r = parseTemplate('Subject', text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.template.body;
};
const problems = (text: string, subject = 'Subject') => {
  const r = parseTemplate(subject, text);
  if (r.ok) throw new Error(`accepted: ${text}`);
  return r.problems;
};

describe('parsing', () => {
  test('paragraphs by blank lines, line breaks kept, bullets as a list', () => {
    const blocks = body('Dear {{contact.firstName}},\n\nFirst line\nsecond line\n\n- one\n- **two**\nAfter the list');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'list', 'paragraph']);
    expect(blocks[0]).toEqual({
      type: 'paragraph',
      lines: [
        [
          { type: 'text', text: 'Dear ', bold: false, italic: false },
          { type: 'field', field: 'contact.firstName', bold: false, italic: false },
          { type: 'text', text: ',', bold: false, italic: false },
        ],
      ],
    });
    expect(blocks[1].type === 'paragraph' && blocks[1].lines.length).toBe(2);
    expect(blocks[2]).toEqual({
      type: 'list',
      items: [[{ type: 'text', text: 'one', bold: false, italic: false }], [{ type: 'text', text: 'two', bold: true, italic: false }]],
    });
  });

  test('bold and italic nest, and may span the lines of a paragraph; escapes write the character', () => {
    const [p] = body('**bold *both*** *it\nstill italic* \\*literal\\* \\{\\{client.name\\}\\}');
    expect(p.type === 'paragraph' && p.lines).toEqual([
      [
        { type: 'text', text: 'bold ', bold: true, italic: false },
        { type: 'text', text: 'both', bold: true, italic: true },
        { type: 'text', text: ' ', bold: false, italic: false },
        { type: 'text', text: 'it', bold: false, italic: true },
      ],
      [
        { type: 'text', text: 'still italic', bold: false, italic: true },
        { type: 'text', text: ' *literal* {{client.name}}', bold: false, italic: false },
      ],
    ]);
  });

  test('spaces inside the braces are allowed; the subject treats asterisks as text', () => {
    const r = parseTemplate('5 * 3 for {{ client.name }}', 'Hi {{ contact.firstName }}');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.template.subject).toEqual([
        { type: 'text', text: '5 * 3 for ', bold: false, italic: false },
        { type: 'field', field: 'client.name', bold: false, italic: false },
      ]);
      expect(r.template.fields).toEqual(['client.name', 'contact.firstName']);
    }
  });

  test('every built-in template parses, and uses only known fields', () => {
    for (const t of DEFAULT_TEMPLATES) {
      const r = parseTemplate(t.subject, t.body);
      expect({ kind: t.kind, ok: r.ok }).toEqual({ kind: t.kind, ok: true });
    }
  });

  test('the field list has a label and description for each field', () => {
    expect(LETTER_FIELDS.map((f) => f.key)).toEqual(
      expect.arrayContaining(['client.name', 'contact.firstName', 'contact.salutation', 'owner.name', 'engagement.name', 'engagement.promisesKept', 'today', 'sender.name', 'personalLine']),
    );
    for (const f of LETTER_FIELDS) expect(f.label.length * f.description.length).toBeGreaterThan(0);
  });

  test('names: first name and greeting, titles respected', () => {
    expect(namesOf('Amara Okafor')).toEqual({ firstName: 'Amara', salutation: 'Dear Amara' });
    expect(namesOf('Dr Amara Okafor')).toEqual({ firstName: 'Amara', salutation: 'Dear Dr Okafor' });
    expect(namesOf('Mrs. Patel')).toEqual({ firstName: '', salutation: 'Dear Mrs. Patel' });
    expect(namesOf('  ')).toEqual({ firstName: '', salutation: '' });
  });
});

describe('errors name the problem and where it is', () => {
  test('an unknown field is named with its line and column', () => {
    const [p] = problems('Dear {{contact.firstName}},\n\nWe loved {{client.nickname}} a lot.');
    expect(p).toMatchObject({ part: 'body', line: 3, column: 10, field: 'client.nickname' });
    expect(p.message).toMatch(/Unknown field "client\.nickname" at line 3, column 10/);
    const [s] = problems('ok', 'Hello {{client.colour}}');
    expect(s).toMatchObject({ part: 'subject', line: 1, column: 7, field: 'client.colour' });
  });

  test('every problem is reported, not just the first', () => {
    const all = problems('{{a}} {{b}}\n\n- {{c}}');
    expect(all.map((p) => p.field)).toEqual(['a', 'b', 'c']);
  });

  test('unclosed fields, stray braces and unclosed bold or italic are errors', () => {
    expect(problems('Hello {{client.name')[0].message).toMatch(/not closed/);
    expect(problems('Hello }} there')[0].message).toMatch(/Unexpected }}/);
    expect(problems('**bold never ends\n\nnext')[0]).toMatchObject({ line: 1, column: 1, message: expect.stringMatching(/Bold/) });
    expect(problems('- *open item\n- next')[0].message).toMatch(/Italic/);
    expect(problems('x', 'two\nlines')[0].message).toMatch(/one line/);
    expect(problems('x'.repeat(20_001))[0].message).toMatch(/longer/);
  });
});

describe('a template cannot run code', () => {
  const attempts = [
    "{{constructor.constructor('return process')()}}",
    '{{__proto__}}',
    '{{constructor}}',
    '{{toString}}',
    '{{hasOwnProperty}}',
    '{{client.name.toString}}',
    '{{client.name.constructor}}',
    '{{client}}',
    '{{client["name"]}}',
    '{{client.__proto__.polluted}}',
    '{{ {{client.name}} }}',
    '{{{client.name}}}',
    '{{client.name}}}}',
    '{{process.env.HOME}}',
    '{{require("fs")}}',
    '{{this}}',
    '{{globalThis}}',
    '{{`${1+1}`}}',
    '{{1+1}}',
    '{{#each client}}{{/each}}',
    '<%= process %>',
    '${process.exit(1)}',
  ];

  for (const attempt of attempts) {
    test(`"${attempt}" is an error or plain text, never evaluated`, () => {
      const r = parseTemplate('Subject', `Dear client, ${attempt}`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (attempt.includes('{{')) {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.problems[0].message).toMatch(/Unknown field|Nested|Unexpected|not closed/);
      } else {
        // Not our syntax at all: it stays text, exactly as written.
        expect(r.ok && r.template.body[0].type === 'paragraph' && r.template.body[0].lines[0]).toEqual([
          { type: 'text', text: `Dear client, ${attempt}`, bold: false, italic: false },
        ]);
      }
    });
  }

  test('the source uses no eval, Function or template engine', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const files = [
      'src/shared/letterMarkup.ts',
      ...fs.readdirSync('src/main/services/letters').map((f: string) => path.join('src/main/services/letters', f)),
    ];
    for (const f of files) {
      const src = fs.readFileSync(f, 'utf8');
      expect({ f, hit: /\beval\s*\(|new Function|\bFunction\(|handlebars|mustache|lodash\.template|node:vm/i.test(src) }).toEqual({ f, hit: false });
    }
  });
});
