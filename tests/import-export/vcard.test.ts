/**
 * vCard import previews: Apple, Google, Outlook/Android (2.1, quoted-printable) and RFC 6350
 * (4.0) files, and a file of broken cards, each read to the person it holds or to an error with
 * its line.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { readVcards, structured, unescapeText } from '../../src/main/services/importing/vcard';
import { contentHash } from '../support/rawDb';
import { fails, ok } from '../support/vault';
import { fixture, people, rowsOf, unlockedCore } from './support';

let core: RapportCore;
afterEach(async () => {
  await core?.dispose();
});

describe('vCard files as their writers make them', () => {
  test('Apple Contacts 3.0: groups, preferred email, escaped note, company card, photo skipped', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'vcard', text: fixture('apple.vcf') });
    expect(p.detected).toBe('vCard 3.0');
    expect(p.unreadable).toEqual([]);
    expect(people(p)).toEqual([
      ['Ada Lovelace', 'ada@analytical.example', '+44 20 7946 0018', 'Chief Mathematician', 'Analytical Engines Ltd'],
      ['', '', '+49 30 1234567', '', 'Müller & Söhne GmbH'],
      ['Charlotte Brontë', 'charlotte@haworth.example', '', '', ''],
    ]);
    expect(p.notes.join(' ')).toMatch(/1 photo was left out/);
    const [ada, muller, charlotte] = rowsOf(p);
    expect(ada.client).toEqual({ kind: 'organisation', name: 'Analytical Engines Ltd', existingId: null });
    expect(ada.contact).toEqual({ name: 'Ada Lovelace', role: 'Chief Mathematician', email: 'ada@analytical.example', phone: '+44 20 7946 0018' });
    // A company card is an organisation; its phone goes on a contact named for it.
    expect(muller.client.kind).toBe('organisation');
    expect(muller.contact?.name).toBe('Müller & Söhne GmbH');
    expect(charlotte.client).toEqual({ kind: 'person', name: 'Charlotte Brontë', existingId: null });
    expect(p.counts).toEqual({ rows: 3, toCreate: 3, duplicates: 0, unreadable: 0, newClients: 3, strongDuplicates: 0, possibleDuplicates: 0, byKind: {} });
  });

  test('Google Contacts 3.0 with LF line ends and a folded note; N with suffix', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'vcard', text: fixture('google.vcf') });
    expect(people(p)).toEqual([
      ['Grace Hopper', 'grace@navy.example', '+1 202-555-0100', 'Rear Admiral', 'US Navy'],
      ['Alan Turing', 'alan@bletchley.example', '', '', ''],
    ]);
  });

  test('Outlook and Android 2.1: bare parameters, quoted-printable with soft line breaks, UTF-8 names', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'vcard', text: fixture('outlook-android-21.vcf') });
    expect(p.detected).toBe('vCard 2.1');
    expect(p.unreadable).toEqual([]);
    expect(people(p)).toEqual([
      ['Kurt Gödel', 'kurt@ias.example', '(609) 555-0100', 'Professor', 'Institute for Advanced Study'],
      ['Émilie du Châtelet', '', '+33 1 23 45 67 89', '', ''],
      ['Софья Ковалевская', '', '+7 495 000-00-00', '', ''],
    ]);
    expect(rowsOf(p).map((r) => r.line)).toEqual([1, 19, 25]);
  });

  test('vCard 4.0 (RFC 6350): PREF=1, quoted TYPE lists, tel: URIs, KIND:org, escaped commas', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'vcard', text: fixture('rfc6350.vcf') });
    expect(p.detected).toBe('vCard 4.0');
    expect(people(p)).toEqual([
      ['Simon Perreault', 'simon.perreault@viagenie.example', '+1-418-656-9254 ext. 102', 'Research engineer, networks', 'Viagenie'],
      ['', 'info@abc.example', '', '', 'ABC, Inc.'],
    ]);
  });

  test('broken cards are reported one by one with their line; the good ones are kept', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'vcard', text: fixture('malformed.vcf') });
    expect(people(p).map((x) => x[0])).toEqual(['Good Person', 'Second Good']);
    expect(p.unreadable.map((e) => e.line)).toEqual([1, 7, 10, 15, 19, 23, 27, 35]);
    const reasons = Object.fromEntries(p.unreadable.map((e) => [e.line, e.reason]));
    expect(reasons[1]).toMatch(/outside any vCard/);
    expect(reasons[7]).toMatch(/no END:VCARD before the next BEGIN:VCARD/);
    expect(reasons[10]).toMatch(/Line 13 is not a vCard property/);
    expect(reasons[15]).toMatch(/Line 17: the FN property cannot be read: .*quoted-printable/);
    expect(reasons[19]).toMatch(/No name, organisation or email/);
    expect(reasons[23]).toMatch(/version "5.0"/);
    expect(reasons[27]).toMatch(/no VERSION/);
    expect(reasons[35]).toMatch(/file ends inside it/);
    expect(rowsOf(p).map((r) => r.line)).toEqual([2, 30]);
    expect(p.counts).toMatchObject({ rows: 10, toCreate: 2, unreadable: 8 });
  });

  test('a file with no card at all is refused as a whole, and nothing is written', async () => {
    core = await unlockedCore();
    const hash = await contentHash(core.status().vaultPath);
    for (const text of ['Name,Email\nAda,ada@example.com', '\uFEFF\r\n\r\n', 'x'.repeat(100_000)]) {
      const err = await fails(core, 'import.preview', { format: 'vcard', text });
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toMatch(/holds no vCard/);
    }
    expect(await contentHash(core.status().vaultPath)).toBe(hash);
  });
});

describe('the vCard text layer', () => {
  test('folding (space or tab), BOM, CR-only and mixed line ends', () => {
    const text = '\uFEFFBEGIN:VCARD\rVERSION:3.0\r\nFN:Ada Love\r\n\tlace\nNOTE:a\n  b\r\nEND:VCARD';
    const { cards, errors } = readVcards(text);
    expect(errors).toEqual([]);
    expect(cards[0].props.map((p) => [p.name, p.raw])).toEqual([
      ['FN', 'Ada Lovelace'],
      ['NOTE', 'a b'],
    ]);
  });

  test('quoted parameter values may hold ; and :', () => {
    const { cards } = readVcards('BEGIN:VCARD\nVERSION:4.0\nFN;X-LABEL="a;b:c";TYPE="work,home":Ada\nEND:VCARD');
    expect(cards[0].props[0].raw).toBe('Ada');
    expect(cards[0].props[0].params.get('X-LABEL')).toEqual(['a;b:c']);
    expect(cards[0].props[0].params.get('TYPE')).toEqual(['work', 'home']);
  });

  test('structured values split at unescaped semicolons only, and escapes are undone', () => {
    expect(structured('ABC\\, Inc.;North\\;East;')).toEqual(['ABC, Inc.', 'North;East', '']);
    expect(unescapeText('a\\nb\\Nc\\\\d\\,e\\;f')).toBe('a\nb\nc\\d,e;f');
  });

  test('quoted-printable in Latin-1 and the 2.1 bare QUOTED-PRINTABLE parameter', () => {
    const { cards, errors } = readVcards('BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Ren=E9 Descartes\nEND:VCARD');
    expect(errors).toEqual([]);
    expect(cards[0].props[0].raw).toBe('René Descartes');
  });

  test('invalid UTF-8 in quoted-printable is a clear error for that card', () => {
    const { cards, errors } = readVcards('BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=28\nEND:VCARD');
    expect(cards).toEqual([]);
    expect(errors).toEqual([{ line: 1, reason: 'Line 3: the FN property cannot be read: its value is not valid UTF-8 text.' }]);
  });
});
