/**
 * Rapport's own exports re-imported into a fresh vault on default choices: CSV (contacts.csv, then
 * clients.csv for clients without contacts) and vCard give back the same people and organisations,
 * structured names, every email and phone with its type, and no formula guard left in the values.
 */
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import type { ExportFile } from '../../src/main/services/exporting/format';
import type { NameParts, TypedValue } from '../../src/shared/types';
import { PASSPHRASE, ok } from '../support/vault';
import { freshCore } from './support';


const CARDS = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Angstadt;Michael;Jonathan;Mr.;Jr.',
  'FN:Mr. Michael Jonathan Angstadt Jr.',
  'ORG:Müller & Söhne GmbH',
  'TITLE:-Head of Ops',
  'EMAIL;TYPE=INTERNET,WORK,PREF:mike@work.example',
  'EMAIL;TYPE=INTERNET,HOME:mike@home.example',
  'TEL;TYPE=CELL:+49 170 1234567',
  'TEL;TYPE=WORK:+49 30 7654321',
  'TEL;TYPE=FAX:+49 30 7654322',
  'item1.TEL:+49 30 7654323',
  'item1.X-ABLabel:Assistant desk',
  'NOTE:Prefers =mornings',
  'URL:https://angstadt.example',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Ölund;Zoë;;;',
  'FN:Zoë Ölund',
  'EMAIL:zoe@olund.example',
  'TEL;TYPE=HOME:+46 8 123 456',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Doe;Jane;Q.;Dr.;',
  'FN:Dr. Jane Q. Doe',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Emile Zola',
  'ORG:Müller & Söhne GmbH',
  'EMAIL:emile@mueller.example',
  'END:VCARD',
  '',
].join('\r\n');

/** A vault with imported people (structured names, several typed emails and phones) and hand-made ones. */
async function practice(core: RapportCore) {
  const p = await ok(core, 'import.preview', { format: 'vcard', text: CARDS });
  expect(p.unreadable).toEqual([]);
  await ok(core, 'import.commit', { previewId: p.previewId! });
  const acme = await ok(core, 'clients.create', { kind: 'organisation', name: '@Acme, Inc.' });
  await ok(core, 'contacts.create', { clientId: acme.id, name: 'Bob Builder', role: '=Boss', phone: '+1 555 0100', email: 'bob@acme.example' });
  await ok(core, 'clients.create', { kind: 'organisation', name: 'Empty Org Ltd' });
  const solo = await ok(core, 'clients.create', { kind: 'person', name: 'Sam Solo' });
  await ok(core, 'contacts.create', { clientId: solo.id, name: 'Sam Solo', phone: '-1234' });
}

const sortTyped = (l: TypedValue[] | undefined, primary: string) =>
  (l?.length ? l : primary ? [{ value: primary, type: '' }] : []).map((v) => `${v.value} (${v.type})`).sort();

/**
 * Parts that only repeat the name split at its last word (what the vCard writer guesses for N when
 * none is stored) carry nothing the name does not: compared as none.
 */
function partsOf(name: string, parts: NameParts | undefined): NameParts | null {
  if (!parts) return null;
  const words = name.trim().split(/\s+/);
  const guessed = { prefix: '', given: words.slice(0, -1).join(' '), additional: '', family: words[words.length - 1], suffix: '' };
  return JSON.stringify(parts) === JSON.stringify(guessed) ? null : parts;
}

/** Every client and its contacts as the export's JSON sees them, comparable across vaults. */
async function everything(core: RapportCore) {
  const { files } = await ok(core, 'export.plain', { passphrase: PASSPHRASE, confirmUnencrypted: true, format: 'json' });
  const file = JSON.parse(Object.values(files)[0]) as ExportFile;
  const contacts = file.tables.contacts ?? [];
  return (file.tables.clients ?? [])
    .map((c) => {
      const d = c.data as { kind: string; name: string; nameParts?: NameParts };
      return {
        kind: d.kind,
        name: d.name,
        nameParts: partsOf(d.name, d.nameParts),
        contacts: contacts
          .filter((k) => k.clientId === c.id)
          .map((k) => {
            const r = k.data as { name: string; role: string; email: string; phone: string; nameParts?: NameParts; emails?: TypedValue[]; phones?: TypedValue[]; notes?: string; url?: string };
            return { name: r.name, role: r.role, email: r.email, phone: r.phone, nameParts: partsOf(r.name, r.nameParts), emails: sortTyped(r.emails, r.email), phones: sortTyped(r.phones, r.phone), notes: r.notes ?? '', url: r.url ?? '' };
          })
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function importFile(core: RapportCore, format: 'csv' | 'vcard', text: string) {
  const p = await ok(core, 'import.preview', { format, encoding: 'base64', text: Buffer.from(text, 'utf8').toString('base64') });
  expect(p.unreadable).toEqual([]);
  expect(p.needsMapping).toBe(false);
  await ok(core, 'import.commit', { previewId: p.previewId! });
  return p;
}

describe("Rapport's own exports into a fresh vault", () => {
  test('CSV: contacts.csv then clients.csv, on default choices, give back the same clients and contacts', async () => {
    const core = await freshCore();
    await practice(core);
    const before = await everything(core);
    expect(before.find((c) => c.name === 'Müller & Söhne GmbH')?.contacts.find((k) => k.name.includes('Angstadt'))?.phones).toHaveLength(4);

    const { files } = await ok(core, 'export.plain', { passphrase: PASSPHRASE, confirmUnencrypted: true, format: 'csv' });
    expect(files['contacts.csv'].startsWith('\uFEFFid,client_id,client_name,client_kind,organisation,')).toBe(true);
    const rows = Papa.parse<Record<string, string>>(files['contacts.csv'].slice(1), { header: true }).data;
    expect(rows.find((r) => r.name === 'Bob Builder')).toMatchObject({ client_kind: 'organisation', organisation: "'@Acme, Inc.", role: "'=Boss", phone: "'+1 555 0100" });

    const other = await freshCore();
    const p = await importFile(other, 'csv', files['contacts.csv']);
    expect(p.detected).toBe('Rapport contacts CSV');
    expect(p.duplicates).toEqual([]);
    const p2 = await importFile(other, 'csv', files['clients.csv']);
    expect(p2.detected).toBe('Rapport clients CSV');
    // Only the clients without contacts are new; the others are recognised (nothing created twice).
    expect(p2.toCreate.map((r) => r.client.name).sort()).toEqual(['Dr. Jane Q. Doe', 'Empty Org Ltd']);
    expect(await everything(other)).toEqual(before);
  });

  test('CSV without the byte-order mark, when asked', async () => {
    const core = await freshCore();
    await practice(core);
    const { files } = await ok(core, 'export.plain', { passphrase: PASSPHRASE, confirmUnencrypted: true, format: 'csv', bom: false });
    expect(files['contacts.csv'].startsWith('id,')).toBe(true);
  });

  test('vCard: N from the stored parts, every email and phone with its types; a fresh vault gets the same back', async () => {
    const core = await freshCore();
    await practice(core);
    const before = await everything(core);
    const { files } = await ok(core, 'export.plain', { passphrase: PASSPHRASE, confirmUnencrypted: true, format: 'vcard' });
    const text = Object.values(files)[0];
    expect(text).toContain('N:Angstadt;Michael;Jonathan;Mr.;Jr.\r\n');
    expect(text).not.toContain('N:Jr.;');
    expect(text).toContain('EMAIL;TYPE=work;PREF=1:mike@work.example\r\n');
    expect(text).toContain('EMAIL;TYPE=home:mike@home.example\r\n');
    expect(text).toContain('TEL;VALUE=text;TYPE=fax:+49 30 7654322\r\n');
    expect(text).toContain('TEL;VALUE=text;TYPE="assistant desk":+49 30 7654323\r\n');
    expect(text).toContain('N:Doe;Jane;Q.;Dr.;\r\n');

    const other = await freshCore();
    const p = await importFile(other, 'vcard', text);
    expect(p.duplicates).toEqual([]);
    expect(await everything(other)).toEqual(before);
  });
});
