/**
 * The template library and the letterhead: built-in templates to copy, copies to edit, unknown
 * fields refused on save (named), images checked by their bytes, the letter_templates table.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { LETTER_KINDS, MAX_IMAGE_BYTES } from '../../src/shared/letters';
import { testVaultKey, withRawDb } from '../support/rawDb';
import { PASSPHRASE, fails, ok, testCore } from '../support/vault';
import zlib from 'node:zlib';
import { flattenPng } from '../../src/main/services/letters/images';
import { encodePngRows, jpegHeader, logoPng, signaturePng } from './support';

async function unlocked() {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  return core;
}

test('the format-3 schema has the letter_templates record table (no client_id), where saved copies go', async () => {
  const core = await unlocked();
  const file = core.status().vaultPath;
  const mine = await ok(core, 'letters.createTemplate', { kind: 'welcome', name: 'Mine', subject: 'Hi', body: 'Dear {{contact.firstName}},' });
  await core.dispose();
  // The file is page-encrypted: read it as Rapport does, with the database key.
  await withRawDb(
    file,
    async (raw) => {
      const cols = await raw.all<{ name: string; type: string; notnull: number; pk: number }>('PRAGMA table_info(letter_templates)');
      expect(cols.map((c) => `${c.name} ${c.type.toLowerCase()}${c.pk ? ' pk' : ''}${c.notnull ? ' not null' : ''}`)).toEqual([
        'id text pk',
        'version integer not null',
        'data text not null',
      ]);
      // Templates belong to the practice, not to a client: no foreign key to clients.
      expect(await raw.all('PRAGMA foreign_key_list(letter_templates)')).toEqual([]);
      const rows = await raw.all<{ id: string; version: number; data: string }>('SELECT id, version, data FROM letter_templates');
      expect(rows.map((r) => ({ id: r.id, version: r.version, name: (JSON.parse(r.data) as { name: string }).name }))).toEqual([
        { id: mine.id, version: 1, name: 'Mine' },
      ]);
      // Created by the first format-3 migration (later ones may add to the schema).
      const applied = await raw.all<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
      expect(applied.map((m) => m.name)).toContain('0001_format3');
    },
    'ro',
    await testVaultKey(file),
  );
});

test('built-in templates for every kind; copy, edit, delete a copy; built-ins stay as they are', async () => {
  const core = await unlocked();
  const all = await ok(core, 'letters.templates', {});
  expect(all.filter((t) => t.builtIn).map((t) => t.kind)).toEqual([...LETTER_KINDS]);
  const thanks = all.find((t) => t.id === 'builtin:thank-you-delivery')!;
  expect(thanks.fields).toEqual(expect.arrayContaining(['engagement.name', 'engagement.promisesKept', 'contact.salutation', 'personalLine']));
  for (const t of all) expect(t.body).toMatch(/^\{\{contact\.salutation\}\},\n/);

  const copy = await ok(core, 'letters.copyTemplate', { id: thanks.id });
  expect(copy).toMatchObject({ builtIn: false, basedOn: thanks.id, kind: 'thank-you-delivery', name: 'Thank you after a delivery (my copy)', body: thanks.body, version: 1 });
  const edited = await ok(core, 'letters.updateTemplate', {
    id: copy.id,
    version: copy.version,
    name: 'Project thanks',
    body: `${thanks.body}\n\nP.S. *Lunch is on us* next time you are in {{client.name}}’s neighbourhood.`,
  });
  expect(edited.version).toBe(2);
  expect((await fails(core, 'letters.updateTemplate', { id: copy.id, version: 1, name: 'Stale' })).code).toBe('CONFLICT');

  const again = await ok(core, 'letters.templates', {});
  expect(again.find((t) => t.id === copy.id)!.name).toBe('Project thanks');
  expect(again.find((t) => t.id === thanks.id)!.body).toBe(thanks.body);

  // Built-in templates cannot be changed or deleted (copy them instead).
  expect((await fails(core, 'letters.deleteTemplate', { id: 'builtin:welcome' })).code).toBe('INVALID_INPUT');
  await ok(core, 'letters.deleteTemplate', { id: copy.id });
  expect((await ok(core, 'letters.templates', {})).some((t) => t.id === copy.id)).toBe(false);
  expect((await fails(core, 'letters.copyTemplate', { id: copy.id })).code).toBe('NOT_FOUND');
  await core.dispose();
});

test('a template with an unknown field is refused on save, naming the field and where it is', async () => {
  const core = await unlocked();
  const err = await fails(core, 'letters.createTemplate', {
    kind: 'welcome',
    name: 'Broken',
    subject: 'Welcome {{client.name}}',
    body: 'Dear {{contact.firstName}},\n\nYour account manager is {{owner.phone}}.',
  });
  expect(err.code).toBe('INVALID_INPUT');
  expect(err.message).toMatch(/Unknown field "owner\.phone" at line 3, column 25/);
  expect(err.issues).toEqual([{ path: 'body', message: expect.stringMatching(/owner\.phone/) }]);

  const good = await ok(core, 'letters.createTemplate', { kind: 'welcome', name: 'Mine', subject: 'Hi', body: 'Dear {{contact.firstName}},' });
  const bad = await fails(core, 'letters.updateTemplate', { id: good.id, version: good.version, subject: 'Hi {{__proto__}}' });
  expect(bad.message).toMatch(/Unknown field "__proto__" at line 1, column 4 of the subject/);
  expect((await ok(core, 'letters.templates', {})).find((t) => t.id === good.id)!.subject).toBe('Hi');

  // The editor can check as the user types, without saving.
  expect(await ok(core, 'letters.checkTemplate', { subject: 'x', body: '{{nope}}' })).toMatchObject({
    ok: false,
    problems: [{ part: 'body', line: 1, column: 1, field: 'nope' }],
  });
  expect(await ok(core, 'letters.checkTemplate', { subject: 'x', body: '{{today}}' })).toEqual({ ok: true, problems: [], fields: ['today'] });
  await core.dispose();
});

test('letterhead: defaults, then sender, paper, font, and logo and signature checked by their bytes', async () => {
  const core = await unlocked();
  expect(await ok(core, 'letters.letterhead', {})).toMatchObject({ paper: 'a4', font: 'source-serif', logo: null, signature: null, version: 0 });

  const logo = logoPng();
  const lh = await ok(core, 'letters.updateLetterhead', {
    senderName: 'Sam Rivera',
    firm: 'Rivera & Hale',
    addressLines: ['14 Wharf Road', '', 'Bristol'],
    paper: 'letter',
    font: 'eb-garamond',
    logo: logo.toString('base64'),
    signature: `data:image/jpeg;base64,${jpegHeader(640, 200).toString('base64')}`,
  });
  expect(lh).toMatchObject({ senderName: 'Sam Rivera', addressLines: ['14 Wharf Road', 'Bristol'], paper: 'letter', font: 'eb-garamond', version: 1 });
  expect(lh.logo).toMatchObject({ mime: 'image/png', width: 360, height: 120 });
  // Stored composited onto white, as RGB (colour type 2): nothing to split per letter.
  const stored = Buffer.from(lh.logo!.data, 'base64');
  expect([stored.readUInt32BE(16), stored.readUInt32BE(20), stored[24], stored[25]]).toEqual([360, 120, 8, 2]);
  expect(lh.signature).toMatchObject({ mime: 'image/jpeg', width: 640, height: 200 });

  // Not an image, a GIF, a PNG name on other bytes, too large, not base64: all refused, nothing changed.
  const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1');
  const bad = [
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
    gif.toString('base64'),
    `data:image/png;base64,${Buffer.from('#!/bin/sh\nrm -rf /').toString('base64')}`,
    Buffer.concat([signaturePng(), Buffer.alloc(MAX_IMAGE_BYTES)]).toString('base64'),
    'not base64!',
    (() => {
      const damaged = logoPng();
      damaged.fill(7, 60, 400); // a PNG by its first bytes, but its image data is garbage
      return damaged.toString('base64');
    })(),
  ];
  for (const logoText of bad) {
    const err = await fails(core, 'letters.updateLetterhead', { logo: logoText });
    expect(err.code).toBe('INVALID_INPUT');
  }
  expect((await fails(core, 'letters.updateLetterhead', { logo: gif.toString('base64') })).message).toMatch(/PNG or JPEG/);
  expect(await ok(core, 'letters.letterhead', {})).toEqual(lh);

  const cleared = await ok(core, 'letters.updateLetterhead', { logo: null, senderTitle: 'Partner' });
  expect(cleared).toMatchObject({ logo: null, signature: lh.signature, senderTitle: 'Partner', paper: 'letter', version: 2 });
  expect((await fails(core, 'letters.updateLetterhead', { font: 'comic-sans' })).code).toBe('INVALID_INPUT');
  await core.dispose();
});

test('the letter fonts are shipped in resources/fonts with their licence', async () => {
  const fs = await import('node:fs');
  const { LETTER_FONTS } = await import('../../src/shared/letters');
  const { findFontsDir } = await import('../../src/main/services/letters/fonts');
  const dir = findFontsDir();
  expect(dir).toBe(path.resolve('resources/fonts'));
  for (const f of LETTER_FONTS) {
    for (const style of ['Regular', 'Italic', 'Bold', 'BoldItalic']) {
      const bytes = fs.readFileSync(path.join(dir, f.id, `${style}.ttf`));
      expect(bytes.readUInt32BE(0)).toBe(0x00010000); // TrueType
    }
    expect(fs.readFileSync(path.join(dir, f.id, 'OFL.txt'), 'utf8')).toMatch(/SIL Open Font License/);
  }
});

test('PNGs with alpha are composited onto white, whatever row filters they use', () => {
  const w = 7;
  const h = 10;
  const rgba = new Uint8Array(w * h * 4).map((_, i) => (i * 97 + 13) % 256);
  const flat = flattenPng(encodePngRows(w, h, rgba, (y) => y % 5))!;
  expect(flat[25]).toBe(2);
  let at = 8;
  const idat: Buffer[] = [];
  while (at < flat.length) {
    const len = flat.readUInt32BE(at);
    if (flat.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(flat.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  for (let y = 0; y < h; y++) {
    expect(raw[y * (w * 3 + 1)]).toBe(0);
    for (let x = 0; x < w; x++) {
      const a = rgba[(y * w + x) * 4 + 3] / 255;
      for (let k = 0; k < 3; k++) {
        const expected = Math.round(rgba[(y * w + x) * 4 + k] * a + 255 * (1 - a));
        expect(raw[y * (w * 3 + 1) + 1 + x * 3 + k]).toBe(expected);
      }
    }
  }
});
