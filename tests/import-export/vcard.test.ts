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
    // A property that cannot be read is left out with a warning; the rest of its card is kept.
    expect(people(p).map((x) => x[0])).toEqual(['Good Person', 'Bad Line', 'Second Good']);
    expect(rowsOf(p)[1].warnings).toEqual(['Line 13 was left out: it is not a vCard property (no ":" after its name): "THIS LINE HAS NO COLON".']);
    expect(p.unreadable.map((e) => e.line)).toEqual([1, 7, 15, 19, 23, 27, 35]);
    const reasons = Object.fromEntries(p.unreadable.map((e) => [e.line, e.reason]));
    expect(reasons[1]).toMatch(/outside any vCard/);
    expect(reasons[7]).toMatch(/no END:VCARD before the next BEGIN:VCARD/);
    // Its only name could not be read: the card has nothing left, and says why.
    expect(reasons[15]).toMatch(/No name, .* Line 17 was left out: the FN property cannot be read: .*quoted-printable/);
    expect(reasons[19]).toMatch(/No name, organisation, email address or phone number/);
    expect(reasons[23]).toMatch(/version "5.0"/);
    expect(reasons[27]).toMatch(/no VERSION/);
    expect(reasons[35]).toMatch(/file ends inside it/);
    expect(rowsOf(p).map((r) => r.line)).toEqual([2, 10, 30]);
    expect(p.counts).toMatchObject({ rows: 10, toCreate: 3, unreadable: 7 });
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

  test('bytes that are not valid in the declared charset are read as windows-1252, with a warning on the card', () => {
    const { cards, errors } = readVcards('BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ren=E9 Descartes\nEND:VCARD');
    expect(errors).toEqual([]);
    expect(cards[0].props[0].raw).toBe('René Descartes');
    expect(cards[0].warnings).toEqual(['Line 3: the FN property was read as well as it could be: it is not valid UTF-8 text, so it was read as windows-1252.']);
  });
});

describe('charsets, encodings and line ends', () => {
  const card = (...lines: string[]) => ['BEGIN:VCARD', ...lines, 'END:VCARD', ''].join('\r\n');
  const latin1 = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
  const fn = (input: string | Uint8Array) => {
    const { cards, errors } = readVcards(input);
    expect(errors).toEqual([]);
    return cards[0].props.find((p) => p.name === 'FN')!.raw;
  };

  test('2.1 CHARSET on 8-bit values, quoted-printable with and without a charset, undeclared bytes as windows-1252', () => {
    expect(fn(latin1(card('VERSION:2.1', 'FN;CHARSET=windows-1252:John Do\u00e9 \u0080')))).toBe('John Doé €');
    expect(fn(latin1(card('VERSION:2.1', 'FN;CHARSET=ISO-8859-1:Ren\u00e9')))).toBe('René');
    expect(fn(card('VERSION:2.1', 'FN;ENCODING=QUOTED-PRINTABLE:G=C3=B6del'))).toBe('Gödel');
    expect(fn(card('VERSION:2.1', 'FN;ENCODING=QUOTED-PRINTABLE:G=F6del'))).toBe('Gödel');
    expect(fn(latin1(card('VERSION:2.1', 'FN:M\u00fcller')))).toBe('Müller');
    // UTF-8 bytes stay UTF-8.
    expect(fn(Uint8Array.from(Buffer.from(card('VERSION:3.0', 'FN:Müller'), 'utf8')))).toBe('Müller');
  });

  test('UTF-16 little and big endian, with and without a BOM', () => {
    const text = card('VERSION:3.0', 'FN:Zoë Ünal');
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), le, Buffer.concat([Buffer.from([0xfe, 0xff]), be]), be]) {
      expect(fn(Uint8Array.from(bytes))).toBe('Zoë Ünal');
    }
  });

  test('CR, LF, CRLF and CR CR LF line ends, with folded lines', () => {
    for (const eol of ['\r', '\n', '\r\n', '\r\r\n']) {
      const text = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Ada Love', ' lace', 'PHOTO;ENCODING=b;TYPE=JPEG:AAAA', ' BBBB', 'EMAIL:ada@example.com', 'END:VCARD', ''].join(eol);
      const { cards, errors } = readVcards(text);
      expect(errors).toEqual([]);
      expect(cards[0].props.map((p) => [p.name, p.raw])).toEqual([
        ['FN', 'Ada Lovelace'],
        ['EMAIL', 'ada@example.com'],
      ]);
      expect(cards[0].warnings).toEqual([]);
    }
  });

  test('the whole card through the API, sent as bytes: structured N, several emails and phones, dates, note, address, URL, title and role', async () => {
    core = await unlockedCore();
    const text = card(
      'VERSION:3.0',
      'N:Angstadt;Michael;Jonathan;Mr.;Jr.',
      'FN:Mr. Michael Jonathan Angstadt Jr.',
      'ORG:Angstadt Ltd',
      'TITLE:Developer',
      'ROLE:Maintainer',
      'item1.EMAIL;TYPE=INTERNET:mike@home.example',
      'item1.X-ABLabel:_$!<Home>!$_',
      'EMAIL;TYPE=INTERNET,WORK,pref:mike@work.example',
      'TEL;TYPE=PAGER:+1 555 0100 001',
      'TEL;TYPE=FAX:+1 555 0100 002',
      'item2.TEL:+1 555 0100 003',
      'item2.X-ABLabel:_$!<Mobile>!$_',
      'BDAY:1984-02-29',
      'ANNIVERSARY:--0612',
      'NOTE:Two lines\\nof note\\, with a comma',
      'ADR;TYPE=WORK:;;1 Main St;Springfield;IL;62701;USA',
      'URL:https://angstadt.example',
    );
    const p = await ok(core, 'import.preview', { format: 'vcard', encoding: 'base64', text: Buffer.from(text, 'utf8').toString('base64') });
    const [row] = rowsOf(p);
    expect(row.person).toEqual({
      name: 'Mr. Michael Jonathan Angstadt Jr.',
      email: 'mike@work.example',
      phone: '+1 555 0100 003',
      role: 'Developer, Maintainer',
      organisation: 'Angstadt Ltd',
      nameParts: { prefix: 'Mr.', given: 'Michael', additional: 'Jonathan', family: 'Angstadt', suffix: 'Jr.' },
      emails: [
        { value: 'mike@work.example', type: 'work' },
        { value: 'mike@home.example', type: 'home' },
      ],
      phones: [
        { value: '+1 555 0100 003', type: 'mobile' },
        { value: '+1 555 0100 001', type: 'pager' },
        { value: '+1 555 0100 002', type: 'fax' },
      ],
      notes: 'Two lines\nof note, with a comma',
      address: '1 Main St, Springfield, IL 62701, USA',
      url: 'https://angstadt.example',
      dates: [
        { label: 'Birthday', date: '1984-02-29', recurrence: 'yearly' },
        { label: 'Anniversary', date: '1604-06-12', recurrence: 'yearly' },
      ],
    });
    await ok(core, 'import.commit', { previewId: p.previewId! });
    const [client] = await ok(core, 'clients.list', {});
    const { dates } = await ok(core, 'clients.dossier', { id: client.id });
    expect(dates.map((d) => [d.label, d.date]).sort().reverse()).toEqual([
      ['Birthday', '1984-02-29'],
      ['Anniversary', '1604-06-12'],
    ]);
  });

  test('a company card that also names a person keeps the person as its contact', async () => {
    core = await unlockedCore();
    const text = card('VERSION:3.0', 'N:Smith;Jane;;;', 'FN:Acme Corp', 'ORG:Acme Corp', 'X-ABShowAs:COMPANY', 'EMAIL:jane@acme.example');
    const [row] = rowsOf(await ok(core, 'import.preview', { format: 'vcard', text }));
    expect(row.client).toMatchObject({ kind: 'organisation', name: 'Acme Corp' });
    expect(row.contact).toMatchObject({ name: 'Jane Smith', email: 'jane@acme.example' });
  });

  test('base64 that is not base64 is refused, and nothing is written', async () => {
    core = await unlockedCore();
    const err = await fails(core, 'import.preview', { format: 'vcard', encoding: 'base64', text: 'not base64!' });
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/base64/) });
  });
});
