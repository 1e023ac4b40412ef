/**
 * CSV reading without a column mapping (synthetic files with invented people): Thunderbird's layout
 * with commas and with semicolons, headers in German, French, Spanish, Dutch and Italian, delimiter
 * sniffing, charset detection from the bytes, Rapport's own contacts CSV, email-only and phone-only
 * rows, and which phone becomes the primary one.
 */
import { describe, expect, test } from 'vitest';
import { readCsv } from '../../src/main/services/importing/csv';
import type { ReadResult } from '../../src/main/services/importing/people';

const TB_HEADER =
  'First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes';

/** A Thunderbird row: the named columns filled, the rest empty. */
function tbRow(values: Record<string, string>, delimiter = ','): string {
  const header = TB_HEADER.split(',');
  return header.map((h) => values[h] ?? '').map((v) => (v.includes(delimiter) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v)).join(delimiter);
}

const TB_ROWS: Record<string, string>[] = [
  { 'First Name': 'Greta', 'Last Name': 'Lindqvist', 'Display Name': 'Greta Lindqvist', 'Primary Email': 'greta@lindqvist.example', 'Secondary Email': 'g.l@home.example', 'Pager Number': '+46 70 000 0001', 'Fax Number': '+46 8 000 0002', 'Mobile Number': '+46 70 000 0003', 'Job Title': 'Engineer', Organization: 'Nordic Widgets AB', 'Birth Year': '1979', 'Birth Month': '3', 'Birth Day': '14' },
  { 'First Name': 'Paul', 'Last Name': 'Ferrand', 'Display Name': 'Paul Ferrand', 'Pager Number': '+33 6 00 00 00 01', 'Work Phone': '+33 1 00 00 00 02', Organization: 'Ferrand, Fils & Cie' },
];

const people = (r: ReadResult) => r.rows.map((x) => [x.person.name, x.person.email, x.person.phone, x.person.role, x.person.organisation]);
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('Thunderbird', () => {
  const expected = [
    ['Greta Lindqvist', 'greta@lindqvist.example', '+46 70 000 0003', 'Engineer', 'Nordic Widgets AB'],
    ['Paul Ferrand', '', '+33 1 00 00 00 02', '', 'Ferrand, Fils & Cie'],
  ];

  test('comma separated: recognised, both emails, Mobile or Work before pager and fax, birthday from its three columns', async () => {
    const r = await readCsv(bytes([TB_HEADER, ...TB_ROWS.map((v) => tbRow(v))].join('\r\n')), undefined);
    expect(r.detected).toBe('Thunderbird CSV');
    expect(people(r)).toEqual(expected);
    const greta = r.rows[0].person;
    expect(greta.emails.map((e) => e.value)).toEqual(['greta@lindqvist.example', 'g.l@home.example']);
    expect(greta.phones.map((p) => [p.value, p.type])).toEqual([
      ['+46 70 000 0003', 'cell'],
      ['+46 8 000 0002', 'fax'],
      ['+46 70 000 0001', 'pager'],
    ]);
    expect(greta.nameParts).toMatchObject({ given: 'Greta', family: 'Lindqvist' });
    expect(greta.dates).toEqual([{ label: 'Birthday', date: '1979-03-14', recurrence: 'yearly' }]);
  });

  test('semicolon separated (as Thunderbird writes it under European regional settings)', async () => {
    const r = await readCsv(bytes([TB_HEADER.replace(/,/g, ';'), ...TB_ROWS.map((v) => tbRow(v, ';'))].join('\n')), undefined);
    expect(r.detected).toBe('Thunderbird CSV');
    expect(people(r)).toEqual(expected);
  });
});

describe('headers in other languages', () => {
  const cases: [lang: string, text: string][] = [
    ['German', 'Vorname;Nachname;E-Mail-Adresse;Mobiltelefon;Firma;Position\nJürgen;Weiß;juergen@weiss.example;+49 171 0000001;Weiß & Co. KG;Geschäftsführer'],
    ['French', 'Prénom,Nom,Courriel,Téléphone mobile,Société,Fonction\nJürgen,Weiß,juergen@weiss.example,+49 171 0000001,Weiß & Co. KG,Geschäftsführer'],
    ['Spanish', 'Nombre,Apellidos,Correo electrónico,Teléfono móvil,Empresa,Cargo\nJürgen,Weiß,juergen@weiss.example,+49 171 0000001,Weiß & Co. KG,Geschäftsführer'],
    ['Dutch', 'Voornaam;Achternaam;E-mailadres;Mobiel;Bedrijf;Functie\nJürgen;Weiß;juergen@weiss.example;+49 171 0000001;Weiß & Co. KG;Geschäftsführer'],
    ['Italian', 'Nome,Cognome,Indirizzo email,Cellulare,Azienda,Ruolo\nJürgen,Weiß,juergen@weiss.example,+49 171 0000001,Weiß & Co. KG,Geschäftsführer'],
  ];
  test.each(cases)('%s', async (_lang, text) => {
    const r = await readCsv(bytes(text), undefined);
    expect(r.needsMapping).toBe(false);
    expect(people(r)).toEqual([['Jürgen Weiß', 'juergen@weiss.example', '+49 171 0000001', 'Geschäftsführer', 'Weiß & Co. KG']]);
    expect(r.rows[0].person.nameParts).toMatchObject({ given: 'Jürgen', family: 'Weiß' });
    expect(r.rows[0].person.phones[0].type).toBe('cell');
  });
});

describe('delimiter sniffing', () => {
  const rows = [
    ['Name', 'Email', 'Organisation'],
    ['Ines Duarte', 'ines@duarte.example', 'Duarte; Filhos, Lda'],
    ['Kofi Mensah', 'kofi@mensah.example', ''],
  ];
  test.each([',', ';', '\t', '|'])('%j', async (d) => {
    const text = rows.map((r) => r.map((v) => (v.includes(d) || /[,;]/.test(v) ? `"${v}"` : v)).join(d)).join('\r\n');
    const r = await readCsv(bytes(text), undefined);
    expect(people(r)).toEqual([
      ['Ines Duarte', 'ines@duarte.example', '', '', 'Duarte; Filhos, Lda'],
      ['Kofi Mensah', 'kofi@mensah.example', '', '', ''],
    ]);
  });
});

describe('charset, worked out from the bytes', () => {
  const TEXT = 'Name,Email,Organisation\r\nŠárka Dvořák,sarka@example.cz,Café “Zum Löwen” – 5 €\r\nZoë Ørsted,zoe@example.dk,\r\n';
  const WANT = [
    ['Šárka Dvořák', 'sarka@example.cz', '', '', 'Café “Zum Löwen” – 5 €'],
    ['Zoë Ørsted', 'zoe@example.dk', '', '', ''],
  ];
  const utf16be = (s: string) => {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return le;
  };
  const cases: [string, Buffer][] = [
    ['UTF-8', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with a BOM', Buffer.from(`\uFEFF${TEXT}`, 'utf8')],
    ['UTF-16 LE with a BOM', Buffer.from(`\uFEFF${TEXT}`, 'utf16le')],
    ['UTF-16 LE without a BOM', Buffer.from(TEXT, 'utf16le')],
    ['UTF-16 BE with a BOM', utf16be(`\uFEFF${TEXT}`)],
  ];
  test.each(cases)('%s', async (_name, buf) => {
    const r = await readCsv(new Uint8Array(buf), undefined);
    expect(people(r)).toEqual(WANT);
    expect(r.notes).toEqual([]);
  });

  test('windows-1252 (not UTF-8), including its 0x80–0x9F characters (€ Š “ ” –), with a note', async () => {
    // Š is 0x8A in windows-1252 (ř is not in it: a windows-1252 file cannot hold "Dvořák").
    const cp1252: Record<string, number> = { '€': 0x80, Š: 0x8a, '“': 0x93, '”': 0x94, '–': 0x96 };
    const text = TEXT.replace('Dvořák', 'Dvorak');
    const buf = Buffer.from([...text].map((c) => cp1252[c] ?? c.charCodeAt(0)));
    const r = await readCsv(new Uint8Array(buf), undefined);
    expect(people(r)).toEqual([['Šárka Dvorak', 'sarka@example.cz', '', '', 'Café “Zum Löwen” – 5 €'], WANT[1]]);
    expect(r.notes).toEqual(['The file is not UTF-8: it was read as Windows Western (windows-1252).']);
  });
});

describe('rows without a name', () => {
  test('an email-only file: each row named after its email', async () => {
    const r = await readCsv(bytes('Email\nnora@example.org\nomar@example.org\n'), undefined);
    expect(r.needsMapping).toBe(false);
    expect(people(r)).toEqual([
      ['nora@example.org', 'nora@example.org', '', '', ''],
      ['omar@example.org', 'omar@example.org', '', '', ''],
    ]);
    expect(r.rows[0].warnings).toEqual(['No name: the email address is used as the name.']);
  });

  test('a phone-only file: each row named after its phone', async () => {
    const r = await readCsv(bytes('Mobile\n+44 7700 900001\n'), undefined);
    expect(people(r)).toEqual([['+44 7700 900001', '', '+44 7700 900001', '', '']]);
    expect(r.rows[0].warnings).toEqual(['No name: the phone number is used as the name.']);
  });

  test('email-only and phone-only rows in a file with names', async () => {
    const r = await readCsv(bytes('Name,Email,Phone\n,solo@example.org,\n,,+1 555 0100\nNamed Person,,\n'), undefined);
    expect(people(r)).toEqual([
      ['solo@example.org', 'solo@example.org', '', '', ''],
      ['+1 555 0100', '', '+1 555 0100', '', ''],
      ['Named Person', '', '', '', ''],
    ]);
  });
});

describe('primary phone', () => {
  test('Mobile or Work before Home, pager and fax, whatever the column order', async () => {
    const r = await readCsv(
      bytes('Name,Pager,Fax,Home Phone,Mobile Phone,Business Phone\nA One,+1 555 0001,+1 555 0002,+1 555 0003,+1 555 0004,\nB Two,+1 555 0011,+1 555 0012,,,+1 555 0015\nC Three,+1 555 0021,+1 555 0022,,,\n'),
      undefined,
    );
    expect(r.rows.map((x) => x.person.phone)).toEqual(['+1 555 0004', '+1 555 0015', '+1 555 0021']);
  });
});

describe("Rapport's own contacts CSV", () => {
  test('recognised by its header; person or organisation by client_kind; formula guard undone; name parts, emails and phones from their columns', async () => {
    const text = [
      '\uFEFFid,client_id,client_name,client_kind,organisation,name,role,email,phone,nameParts,emails,phones',
      `1,c1,Ada Byron,person,,Ada Byron,'=Countess,ada@byron.example,'+44 20 7946 0000,"{""prefix"":""Lady"",""given"":""Ada"",""additional"":"""",""family"":""Byron"",""suffix"":""""}","[{""value"":""ada@byron.example"",""type"":""work""},{""value"":""ada@home.example"",""type"":""home""}]",`,
      `2,c2,'@Acme,organisation,'@Acme,Bob Builder,,,'-1234,,,"[{""value"":""-1234"",""type"":""cell""},{""value"":""+1 555"",""type"":""fax""}]"`,
    ].join('\r\n');
    const r = await readCsv(bytes(text), undefined);
    expect(r.detected).toBe('Rapport contacts CSV');
    expect(people(r)).toEqual([
      ['Ada Byron', 'ada@byron.example', '+44 20 7946 0000', '=Countess', ''],
      ['Bob Builder', '', '-1234', '', '@Acme'],
    ]);
    expect(r.rows[0].person.nameParts).toEqual({ prefix: 'Lady', given: 'Ada', additional: '', family: 'Byron', suffix: '' });
    expect(r.rows[0].person.emails).toEqual([
      { value: 'ada@byron.example', type: 'work' },
      { value: 'ada@home.example', type: 'home' },
    ]);
    expect(r.rows[1].person.phones).toEqual([
      { value: '-1234', type: 'cell' },
      { value: '+1 555', type: 'fax' },
    ]);
  });
});
