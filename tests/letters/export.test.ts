/**
 * Writing letters: real PDF and DOCX files parsed back (text, page size, fields filled), the
 * timeline entry with the letter's text, missing fields, this letter's own text, plain text and
 * an email draft; and a page rendered to PNG for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import os from 'node:os';
import { PASSPHRASE, choose, fails, ok } from '../support/vault';
import { type LetterWorld, flat, letterWorld, readDocx, readPdf, setLetterhead } from './support';

const PERSONAL = 'Seeing the first online bookings arrive on launch morning was a highlight of my year.';

let w: LetterWorld;
let core: RapportCore;
let out: string;

beforeAll(async () => {
  w = await letterWorld();
  core = w.core;
  await setLetterhead(core);
  // Our own folder: tempDir() folders are removed after each test.
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-letters-'));
});

afterAll(async () => {
  await core.dispose();
  fs.rmSync(out, { recursive: true, force: true });
});

const thanks = () => ({ templateId: 'builtin:thank-you-delivery', clientId: w.clientId, personalLine: PERSONAL });

describe('PDF', () => {
  test('an A4 letter: letterhead, date, address, subject, filled fields, sign-off; recorded on the timeline', async () => {
    const file = path.join(out, 'Bluebird thanks.pdf');
    const before = await ok(core, 'timeline.list', { clientId: w.clientId });
    const r = await ok(core, 'letters.export', { ...thanks(), format: 'pdf', choiceId: await choose(core, 'letter-save', file) });
    expect(r).toMatchObject({ path: file, missing: [] });
    expect(fs.statSync(file).size).toBe(r.bytes);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const pdf = await readPdf(file);
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.pages[0]).toMatchObject({ width: 595, height: 842 });
    const text = flat(pdf.pages[0].text);
    for (const expected of [
      'Rivera & Hale Consulting 14 Wharf Road Bristol BS1 4RN +44 117 496 0123 · sam@riverahale.example',
      '23 November 2026',
      'Amara Okafor Practice Director Bluebird Dental',
      'Thank you: Practice website rebuild',
      'Dear Amara,',
      'Now that Practice website rebuild is complete',
      'It has been a real pleasure working with you on it.',
      '• an online booking form that works on any phone • new pages introducing each of the team',
      PERSONAL,
      'With warm thanks, Sam Rivera Managing Partner Rivera & Hale Consulting',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('monthly analytics'); // not kept yet
    expect(text).not.toMatch(/\{\{|\}\}|\*\*/);
    expect(pdf.info).toMatchObject({ Title: 'Thank you: Practice website rebuild', Author: 'Sam Rivera' });

    // Recorded as a thank-you, with the letter's text, linked to the contact, in the vault.
    const after = await ok(core, 'timeline.list', { clientId: w.clientId });
    expect(after).toHaveLength(before.length + 1);
    const entry = after.find((e) => e.id === r.entryId)!;
    expect(entry).toMatchObject({ kind: 'letter', summary: 'Letter: Thank you: Practice website rebuild', contactIds: [w.contactId] });
    expect(entry.body).toContain('Dear Amara,');
    expect(entry.body).toContain('- an online booking form that works on any phone');
    expect(entry.body).toContain(PERSONAL);
    expect(entry.body).toContain('exported as PDF: Bluebird thanks.pdf');
  });

  test('Letter paper is 612 × 792 points and dated the American way; other fonts embed', async () => {
    await setLetterhead(core, { paper: 'letter', font: 'eb-garamond' });
    try {
      const file = path.join(out, 'letter-size'); // no extension: .pdf is added
      const r = await ok(core, 'letters.export', { ...thanks(), format: 'pdf', choiceId: await choose(core, 'letter-save', file) });
      expect(r.path).toBe(`${file}.pdf`);
      const pdf = await readPdf(r.path);
      expect(pdf.pages[0]).toMatchObject({ width: 612, height: 792 });
      expect(flat(pdf.pages[0].text)).toContain('November 23, 2026');
      const fonts = execFileSync('pdffonts', [r.path], { encoding: 'utf8' });
      expect(fonts).toMatch(/EBGaramond/);
      expect(fonts).not.toMatch(/Helvetica|Times/);
    } finally {
      await setLetterhead(core, { paper: 'a4', font: 'source-serif' });
    }
  });

  test('a long letter runs onto a second page, numbered', async () => {
    const long = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1}: ${'We keep every promise we make, and we say so plainly. '.repeat(4)}`).join('\n\n');
    const r = await ok(core, 'letters.export', { ...thanks(), body: `{{contact.salutation}},\n\n${long}\n\nYours,`, format: 'pdf', choiceId: await choose(core, 'letter-save', path.join(out, 'long.pdf')) });
    const pdf = await readPdf(r.path);
    expect(pdf.pages.length).toBe(2);
    expect(flat(pdf.pages[0].text)).toMatch(/\b1 ?\/ ?2\b/);
    expect(flat(pdf.pages[1].text)).toMatch(/\b2 ?\/ ?2\b/);
    expect(flat(pdf.pages[1].text)).toContain('Sam Rivera Managing Partner');
  });

  test('every PDF has a complete text layer, whatever letters were written before it', async () => {
    // The renderer caches glyphs between documents; a bold full stop first used in a later letter
    // was drawn but left out of its text (copy, search, screen readers). Fonts now load per letter.
    const first = await ok(core, 'letters.export', { ...thanks(), body: '**Bold without stops**', format: 'pdf', choiceId: await choose(core, 'letter-save', path.join(out, 'glyphs-1.pdf')) });
    const second = await ok(core, 'letters.export', { ...thanks(), body: '**Dr. Okafor, B.D.S.** *etc.*', format: 'pdf', choiceId: await choose(core, 'letter-save', path.join(out, 'glyphs-2.pdf')) });
    expect(flat((await readPdf(first.path)).pages[0].text)).toContain('Bold without stops');
    expect(flat((await readPdf(second.path)).pages[0].text)).toContain('Dr. Okafor, B.D.S. etc.');
  });

  test('a page of the letter as PNG, for a person to look at (artifacts/letters/)', async (ctx) => {
    if (!fs.existsSync('/usr/bin/pdftoppm')) {
      ctx.skip('pdftoppm is not installed (apt-get install poppler-utils): no PNG written');
      return;
    }
    const dir = path.resolve('artifacts/letters');
    fs.mkdirSync(dir, { recursive: true });
    await ok(core, 'clients.handOver', {
      clientId: w.clientId,
      to: 'Daniel Osei',
      reason: 'Priya is moving to our new Cardiff office',
      notes: 'Amara prefers calls before surgery opens, and a written summary after each one.',
    });
    for (const [name, templateId, extra] of [
      ['thank-you-delivery', 'builtin:thank-you-delivery', { personalLine: PERSONAL }],
      ['handover', 'builtin:handover', { personalLine: 'Daniel worked alongside Priya on your booking system, so he already knows your practice well.' }],
    ] as const) {
      const pdfFile = path.join(dir, `${name}.pdf`);
      const r = await ok(core, 'letters.export', { templateId, clientId: w.clientId, ...extra, format: 'pdf', choiceId: await choose(core, 'letter-save', pdfFile) });
      expect(r.missing).toEqual([]);
      execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdfFile, path.join(dir, name)]);
      const png = fs.readFileSync(path.join(dir, `${name}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(Math.abs(png.readUInt32BE(16) - (595.28 / 72) * 110)).toBeLessThan(2); // A4 width at 110 dpi
    }
  });
});

describe('DOCX', () => {
  test('the same letter as a Word document: text, A4 and Letter page sizes, images, font', async () => {
    const file = path.join(out, 'thanks.docx');
    const r = await ok(core, 'letters.export', { ...thanks(), format: 'docx', choiceId: await choose(core, 'letter-save', file) });
    const doc = await readDocx(r.path);
    expect(doc.page).toEqual({ w: 11906, h: 16838 });
    expect(doc.paragraphs).toEqual(
      expect.arrayContaining([
        '23 November 2026',
        'Amara Okafor',
        'Thank you: Practice website rebuild',
        'Dear Amara,',
        'an online booking form that works on any phone',
        'new pages introducing each of the team',
        PERSONAL,
        'With warm thanks,',
        'Sam Rivera',
        'Managing Partner',
      ]),
    );
    expect(doc.paragraphs.join('\n')).toContain('Rivera & Hale Consulting\n14 Wharf Road\nBristol BS1 4RN');
    expect(doc.paragraphs.join(' ')).not.toMatch(/\{\{|\*\*/);
    expect(doc.xml).toMatch(/<w:b\/>[\s\S]*Practice website rebuild/); // the bold engagement name
    expect(doc.xml).toMatch(/<w:numPr>/); // a real bulleted list
    expect(doc.media).toHaveLength(2); // logo and signature
    const timeline = await ok(core, 'timeline.list', { clientId: w.clientId });
    expect(timeline.find((e) => e.id === r.entryId)!.body).toContain('exported as DOCX: thanks.docx');

    await setLetterhead(core, { paper: 'letter', font: 'source-sans' });
    try {
      const letter = await readDocx((await ok(core, 'letters.export', { ...thanks(), format: 'docx', choiceId: await choose(core, 'letter-save', path.join(out, 'us.docx')) })).path);
      expect(letter.page).toEqual({ w: 12240, h: 15840 });
      expect(letter.paragraphs).toContain('November 23, 2026');
      const JSZip = (await import('jszip')).default;
      const styles = await (await JSZip.loadAsync(fs.readFileSync(path.join(out, 'us.docx')))).file('word/styles.xml')!.async('string');
      expect(styles).toContain('Source Sans 3');
    } finally {
      await setLetterhead(core, { paper: 'a4', font: 'source-serif' });
    }
  });
});

describe('fields, values and this letter’s own text', () => {
  test('fields with no value are listed and highlighted; export refuses until they are filled', async () => {
    const lonely = await ok(core, 'clients.create', { kind: 'organisation', name: 'Harbour Bakery' });
    const req = { templateId: 'builtin:thank-you-delivery', clientId: lonely.id };
    const preview = await ok(core, 'letters.preview', req);
    expect(preview.missing).toEqual([
      { field: 'engagement.name', label: 'Engagement', effect: 'blank' },
      { field: 'engagement.promisesKept', label: 'Promises kept', effect: 'omitted' },
      { field: 'personalLine', label: 'Personal line', effect: 'omitted' },
    ]);
    expect(preview.subjectRuns).toEqual([{ text: 'Thank you: ' }, { text: '', field: 'engagement.name', missing: true }]);
    expect(preview.blocks[0]).toEqual({ type: 'paragraph', lines: [[{ text: 'Dear Harbour Bakery team', field: 'contact.salutation' }, { text: ',' }]] });
    expect(preview.blocks.filter((b) => b.omitted).length).toBe(2);
    expect(preview.recipient).toEqual(['Harbour Bakery']);

    const file = path.join(out, 'bakery.pdf');
    const err = await fails(core, 'letters.export', { ...req, format: 'pdf', choiceId: await choose(core, 'letter-save', file) });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/Engagement \(\{\{engagement\.name\}\}\)/);
    expect(fs.existsSync(file)).toBe(false);
    expect(await ok(core, 'timeline.list', { clientId: lonely.id })).toEqual([]);

    // Filled for this letter only.
    const values = [
      { field: 'engagement.name' as const, value: 'Spring menu launch' },
      { field: 'engagement.promisesKept' as const, value: '- new menu boards\n- a tasting evening' },
    ];
    const filled = await ok(core, 'letters.preview', { ...req, values });
    expect(filled.missing).toEqual([{ field: 'personalLine', label: 'Personal line', effect: 'omitted' }]);
    const r = await ok(core, 'letters.export', { ...req, values, format: 'pdf', choiceId: await choose(core, 'letter-save', file) });
    const text = flat((await readPdf(r.path)).pages[0].text);
    expect(text).toContain('Thank you: Spring menu launch');
    expect(text).toContain('• new menu boards • a tasting evening');

    // Or exported anyway: the line left out, the gap left blank.
    const anyway = await ok(core, 'letters.export', { ...req, format: 'docx', choiceId: await choose(core, 'letter-save', path.join(out, 'bakery-anyway.docx')), allowMissing: true });
    expect(anyway.missing.map((m) => m.field)).toContain('engagement.name');
    expect((await readDocx(anyway.path)).paragraphs).toContain('Together, we delivered what we set out to do:');
  });

  test('values from the dossier are text: a client named like a field or markup appears as written', async () => {
    const odd = await ok(core, 'clients.create', { kind: 'person', name: '{{sender.name}} **Ltd** ${process}', owner: 'Sam Rivera' });
    const r = await ok(core, 'letters.export', { templateId: 'builtin:welcome', clientId: odd.id, personalLine: '*not italic* {{today}}', format: 'pdf', choiceId: await choose(core, 'letter-save', path.join(out, 'odd.pdf')) });
    const text = flat((await readPdf(r.path)).pages[0].text);
    expect(text).toContain('We are delighted to welcome {{sender.name}} **Ltd** ${process}, and');
    expect(text).toContain('*not italic* {{today}}');
    const docx = await readDocx((await ok(core, 'letters.export', { templateId: 'builtin:welcome', clientId: odd.id, personalLine: 'x', format: 'docx', choiceId: await choose(core, 'letter-save', path.join(out, 'odd.docx')) })).path);
    expect(docx.paragraphs.join('\n')).toContain('{{sender.name}} **Ltd** ${process}');
  });

  test('this letter’s own subject, body and address; the template is unchanged; unknown fields refused on preview', async () => {
    const own = {
      ...thanks(),
      subject: 'A small thank-you from {{sender.firm}}',
      body: '{{contact.salutation}},\n\n*Thank you* for **{{engagement.name}}**.\n\nBest,',
      recipient: ['Dr Amara Okafor', 'Bluebird Dental', '2 Harbour Lane', 'Bristol BS8 1AA'],
    };
    const p = await ok(core, 'letters.preview', own);
    expect(p.subject).toBe('A small thank-you from Rivera & Hale Consulting');
    expect(p.recipient).toEqual(own.recipient);
    expect(p.blocks[1]).toEqual({
      type: 'paragraph',
      lines: [[{ text: 'Thank you', italic: true }, { text: ' for ' }, { text: 'Practice website rebuild', field: 'engagement.name', bold: true }, { text: '.' }]],
    });
    const template = (await ok(core, 'letters.templates', {})).find((t) => t.id === 'builtin:thank-you-delivery')!;
    expect(template.subject).toBe('Thank you: {{engagement.name}}');

    const err = await fails(core, 'letters.preview', { ...own, body: 'Dear {{contact.nickname}}' });
    expect(err.message).toMatch(/Unknown field "contact\.nickname" at line 1, column 6/);
    expect((await fails(core, 'letters.export', { ...own, body: '{{client.name.toString}}', format: 'pdf', choiceId: await choose(core, 'letter-save', path.join(out, 'x.pdf')) })).message).toMatch(
      /Unknown field "client\.name\.toString"/,
    );
    expect(fs.existsSync(path.join(out, 'x.pdf'))).toBe(false);
  });

  test('contact and engagement chosen for the letter must belong to the client', async () => {
    const other = await ok(core, 'clients.create', { kind: 'person', name: 'Tom Baker' });
    expect((await fails(core, 'letters.preview', { templateId: 'builtin:welcome', clientId: other.id, contactId: w.contactId })).code).toBe('NOT_FOUND');
    expect((await fails(core, 'letters.preview', { templateId: 'builtin:welcome', clientId: other.id, engagementId: w.engagementId })).code).toBe('NOT_FOUND');
    const p = await ok(core, 'letters.preview', { templateId: 'builtin:welcome', clientId: other.id });
    expect(p.blocks[0]).toMatchObject({ lines: [[{ text: 'Dear Tom' }, { text: ',' }]] }); // a person client greets by first name
    expect(p.recipient).toEqual(['Tom Baker']);
  });
});

describe('plain text and email', () => {
  test('plain text: the body and the sign-off, bullets as "- "', async () => {
    const r = await ok(core, 'letters.plainText', thanks());
    expect(r.subject).toBe('Thank you: Practice website rebuild');
    expect(r.text).toMatch(/^Dear Amara,\n\nNow that Practice website rebuild is complete/);
    expect(r.text).toContain('\n- an online booking form that works on any phone\n- new pages introducing each of the team\n');
    expect(r.text).toMatch(/With warm thanks,\n\nSam Rivera\nManaging Partner\nRivera & Hale Consulting$/);
  });

  test('an .eml draft: UTF-8 headers encoded, To from the contact, a plain and an HTML part', async () => {
    const zoe = await ok(core, 'contacts.create', { clientId: w.clientId, name: 'Zoë Ångström-Núñez', email: 'zoe@bluebird.example' });
    const d = await ok(core, 'letters.emailDraft', { ...thanks(), contactId: zoe.id, subject: 'Merci, Zoë — “{{engagement.name}}” ✓' });
    expect(d.to).toBe('zoe@bluebird.example');
    expect(d.fileName).toBe('Merci, Zoë — “Practice website rebuild” ✓.eml');
    const [head, ...rest] = d.eml.split('\r\n\r\n');
    expect(d.eml.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
    expect(head).toMatch(/^[\x20-\x7e\r\n]*$/); // headers are 7-bit
    for (const line of d.eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const headers = unfold(head);
    expect(decodeWords(headers.get('to')!)).toBe('Zoë Ångström-Núñez <zoe@bluebird.example>');
    expect(decodeWords(headers.get('subject')!)).toBe('Merci, Zoë — “Practice website rebuild” ✓');
    expect(headers.get('from')).toBe('"Sam Rivera" <sam@riverahale.example>');
    expect(headers.get('date')).toBe('Mon, 23 Nov 2026 09:00:00 +0000');
    expect(headers.get('x-unsent')).toBe('1');
    expect(headers.get('mime-version')).toBe('1.0');
    const body = rest.join('\r\n\r\n');
    const plain = decodeQp(body.split(/--rapport-[0-9a-f]+/)[1].split('\r\n\r\n').slice(1).join('\r\n\r\n'));
    expect(plain).toContain('Dear Zoë,');
    expect(plain).toContain('- an online booking form that works on any phone');
    const html = decodeQp(body.split(/--rapport-[0-9a-f]+/)[2].split('\r\n\r\n').slice(1).join('\r\n\r\n'));
    expect(html).toContain('<strong>Practice website rebuild</strong>');
    expect(html).toContain('<li>an online booking form that works on any phone</li>');
  });

  test('a header cannot be injected through a name, a value or the subject', async () => {
    expect((await fails(core, 'letters.emailDraft', { ...thanks(), subject: 'Hello\r\nBcc: everyone@example.com' })).message).toMatch(/one line/);
    const sneaky = await ok(core, 'contacts.create', { clientId: w.clientId, name: 'Eve\r\nBcc: all@example.com', email: 'eve@example.com' });
    const d = await ok(core, 'letters.emailDraft', {
      ...thanks(),
      contactId: sneaky.id,
      values: [{ field: 'engagement.name', value: 'launch\r\nBcc: everyone@example.com' }],
    });
    const head = d.eml.split('\r\n\r\n')[0];
    expect(head).not.toMatch(/^Bcc:/im);
    expect([...unfold(head).keys()]).toEqual(['from', 'to', 'subject', 'date', 'mime-version', 'x-unsent', 'content-type']);
    expect(unfold(head).get('to')).toBe('"Eve Bcc: all@example.com" <eve@example.com>');
    expect(d.subject).toBe('Thank you: launch Bcc: everyone@example.com');
    await ok(core, 'contacts.delete', { id: sneaky.id });
  });
});

describe('failures change nothing', () => {
  test('a folder that does not exist, or a path that is a folder: nothing written or recorded', async () => {
    const before = await ok(core, 'timeline.list', { clientId: w.clientId });
    expect((await fails(core, 'letters.export', { ...thanks(), format: 'pdf', choiceId: await choose(core, 'letter-save', path.join(out, 'nope', 'a.pdf')) })).code).toBe('NOT_FOUND');
    fs.mkdirSync(path.join(out, 'folder.pdf'));
    expect((await fails(core, 'letters.export', { ...thanks(), format: 'pdf', choiceId: await choose(core, 'letter-save', path.join(out, 'folder.pdf')) })).code).toBe('INVALID_INPUT');
    expect(await ok(core, 'timeline.list', { clientId: w.clientId })).toEqual(before);
  });

  test('a locked vault answers VAULT_LOCKED and writes no file', async () => {
    await ok(core, 'vault.lock', {});
    try {
      const file = path.join(out, 'locked.pdf');
      expect((await fails(core, 'letters.export', { ...thanks(), format: 'pdf', choiceId: await choose(core, 'letter-save', file) })).code).toBe('VAULT_LOCKED');
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    }
  });
});

/** Header name (lower case) to unfolded value. */
function unfold(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const h of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = h.indexOf(':');
    map.set(h.slice(0, i).toLowerCase(), h.slice(i + 1).trim());
  }
  return map;
}

/** RFC 2047 B-encoded words back to text (whitespace between adjacent words dropped). */
function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/(=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=)+/g, (run) =>
      Buffer.concat([...run.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/g)].map((m) => Buffer.from(m[1], 'base64'))).toString('utf8'),
    );
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}
