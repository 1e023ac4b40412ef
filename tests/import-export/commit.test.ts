/**
 * import.commit: duplicates found by email, phone digits and close names, decisions per row,
 * merges that fill blanks and never overwrite, one transaction (a lock or a stale merge target
 * in the middle rolls everything back), previews dropped on lock, and the saved report.
 */
import Papa from 'papaparse';
import { afterEach, describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { contentHash } from '../support/rawDb';
import { PASSPHRASE, fails, ok } from '../support/vault';
import { directory, rowsOf, unlockedCore } from './support';

let core: RapportCore;
afterEach(async () => {
  await core?.dispose();
});

const mapping = { name: 'Name', email: 'Email', phone: 'Phone', organisation: 'Company', role: 'Role' };
function csv(rows: string[][]): string {
  return Papa.unparse({ fields: ['Name', 'Email', 'Phone', 'Company', 'Role'], data: rows });
}

async function existing(c: RapportCore) {
  const acme = await ok(c, 'clients.create', { kind: 'organisation', name: 'Acme Holdings' });
  const ada = await ok(c, 'contacts.create', { clientId: acme.id, name: 'Ada Lovelace', email: 'ada@acme.example', role: 'CFO' });
  const bob = await ok(c, 'contacts.create', { clientId: acme.id, name: 'Bob Builder', phone: '020 7946 0001' });
  const jane = await ok(c, 'clients.create', { kind: 'person', name: 'Jane Doe' });
  return { acme, ada, bob, jane };
}

describe('duplicates in the preview', () => {
  test('same email (any case), same phone digits, same name, close name, an earlier row; suggested actions', async () => {
    core = await unlockedCore();
    const { acme, ada, bob, jane } = await existing(core);
    const p = await ok(core, 'import.preview', {
      format: 'csv',
      mapping,
      text: csv([
        ['Ada Lovelace', 'ADA@Acme.example ', '+44 20 7946 0000', 'Acme Holdings', 'Director'],
        ['Robert Builder', '', '+44 (0)20 7946 0001', '', ''],
        ['Jane Doe', 'jane@doe.example', '', '', ''],
        ['Jane  DOË', '', '', '', ''],
        ['Bob Buildr', 'bobby@example.com', '', 'ACME holdings', ''],
        ['Carol Danvers', 'carol@example.com', '', '', ''],
        ['Carol Danvers', 'CAROL@example.com', '+1 555 0100 999', '', ''],
      ]),
    });
    const rows = rowsOf(p);
    const dup = (i: number) => ({ kind: rows[i].duplicate?.kind, reasons: rows[i].duplicate?.reasons, match: rows[i].duplicate?.match.kind, id: rows[i].duplicate?.match.id, fills: rows[i].duplicate?.fills, suggested: rows[i].suggested });
    expect(dup(0)).toEqual({ kind: 'same-email', reasons: ['email', 'name', 'organisation'], match: 'contact', id: ada.id, fills: ['phone'], suggested: 'merge' });
    expect(rows[0].client).toEqual({ kind: 'organisation', name: 'Acme Holdings', existingId: acme.id });
    // The same phone under another name (a switchboard, a family line) is only a possible duplicate: created by default.
    expect(dup(1)).toEqual({ kind: 'same-phone-other-name', reasons: ['phone'], match: 'contact', id: bob.id, fills: [], suggested: 'create' });
    expect(dup(2)).toEqual({ kind: 'same-name-and-organisation', reasons: ['name'], match: 'client', id: jane.id, fills: ['email'], suggested: 'merge' });
    // Accents, case and spaces do not hide a duplicate; with nothing new it is skipped.
    expect(dup(3)).toMatchObject({ kind: 'same-name-and-organisation', reasons: ['name'], match: 'client', id: jane.id, suggested: 'skip' });
    // A close name alone is a weak match: created unless the user says otherwise.
    expect(dup(4)).toMatchObject({ kind: 'similar-name', reasons: ['similar-name', 'organisation'], match: 'contact', id: bob.id, suggested: 'create' });
    expect(rows[4].client.existingId).toBe(acme.id);
    expect(rows[5].duplicate).toBeNull();
    expect(dup(6)).toEqual({ kind: 'same-email', reasons: ['email', 'name'], match: 'row', id: rows[5].rowId, fills: ['phone'], suggested: 'merge' });
    expect(p.counts).toMatchObject({
      rows: 7,
      toCreate: 1,
      duplicates: 6,
      strongDuplicates: 4,
      possibleDuplicates: 2,
      byKind: { 'same-email': 2, 'same-phone-other-name': 1, 'same-name-and-organisation': 2, 'similar-name': 1 },
    });
  });

  test('different people are never dropped by default: close names, shared phones, namesakes elsewhere, email-only rows', async () => {
    core = await unlockedCore();
    const acme = await ok(core, 'clients.create', { kind: 'organisation', name: 'Acme Holdings' });
    await ok(core, 'contacts.create', { clientId: acme.id, name: 'Adam Moore', email: 'adam@acme.example' });
    await ok(core, 'contacts.create', { clientId: acme.id, name: 'Steven Barnes', phone: '+44 20 7946 0100' });
    await ok(core, 'contacts.create', { clientId: acme.id, name: 'John Smith', phone: '020 7946 0200' });
    const p = await ok(core, 'import.preview', {
      format: 'csv',
      mapping,
      text: csv([
        ['Adam Mork', 'mork@other.example', '', 'Acme Holdings', ''],
        ['Stan Barnes', '', '', 'Acme Holdings', ''],
        // Same family phone, another person.
        ['Mary Smith', '', '+44 20 7946 0200', '', ''],
        // A namesake in another organisation.
        ['John Smith', 'john@beta.example', '', 'Beta Ltd', ''],
        // Email-only rows are named after their email; two such names are not one person.
        ['', 'john.doe@example.com', '', '', ''],
        ['', 'jane.doe@example.com', '', '', ''],
        // The same phone and a compatible name is strong evidence.
        ['Steven Barnes', 'steven@acme.example', '020 7946 0100', 'Acme Holdings', ''],
      ]),
    });
    const rows = rowsOf(p);
    expect(rows.map((r) => [r.person.name, r.duplicate?.kind ?? null, r.suggested])).toEqual([
      ['Adam Mork', 'similar-name', 'create'],
      ['Stan Barnes', 'similar-name', 'create'],
      ['Mary Smith', 'same-phone-other-name', 'create'],
      ['John Smith', 'same-name-other-organisation', 'create'],
      ['john.doe@example.com', null, 'create'],
      ['jane.doe@example.com', null, 'create'],
      ['Steven Barnes', 'same-phone', 'merge'],
    ]);
    const report = await ok(core, 'import.commit', { previewId: p.previewId! });
    expect(report.counts).toMatchObject({ created: 6, merged: 1, skipped: 0 });
  });

  test('importing the same file twice creates nothing new the second time', async () => {
    core = await unlockedCore();
    const text = csv([
      ['Ada Lovelace', 'ada@acme.example', '+44 20 7946 0000', 'Acme Holdings', 'CFO'],
      ['Bob Builder', '', '020 7946 0001', 'Acme Holdings', ''],
      ['Jane Doe', '', '', '', ''],
      ['', '', '', 'Lonely Org', ''],
      ['', 'only@example.com', '', '', ''],
      ['', '', '+1 555 0100 123', '', ''],
      ['Carl Weiss', '', '', 'Weiss GmbH', 'Owner'],
    ]);
    await ok(core, 'import.commit', { previewId: (await ok(core, 'import.preview', { format: 'csv', mapping, text })).previewId! });
    const before = await directory(core);
    const again = await ok(core, 'import.preview', { format: 'csv', mapping, text });
    expect(again.counts).toMatchObject({ toCreate: 0, possibleDuplicates: 0 });
    expect(rowsOf(again).every((r) => r.suggested === 'skip')).toBe(true);
    const report = await ok(core, 'import.commit', { previewId: again.previewId! });
    expect(report.counts).toMatchObject({ created: 0, clientsCreated: 0, contactsCreated: 0 });
    expect(await directory(core)).toEqual(before);
  });

  test('commit with decisions: merges fill blanks only, a weak match can be created, in-file duplicates merge into the new contact', async () => {
    core = await unlockedCore();
    const { acme } = await existing(core);
    const p = await ok(core, 'import.preview', {
      format: 'csv',
      mapping,
      text: csv([
        ['Ada Lovelace', 'ada@acme.example', '+44 20 7946 0000', 'Acme Holdings', 'Director'],
        ['Bob Buildr', 'bobby@example.com', '', 'Acme Holdings', 'Site lead'],
        ['Jane Doe', 'jane@doe.example', '', '', ''],
        ['Carol Danvers', 'carol@example.com', '', '', ''],
        ['Carol Danvers', 'carol@example.com', '+1 555 0100 999', '', 'Captain'],
        ['Dan Dare', 'dan@example.com', '', '', ''],
      ]),
    });
    const [adaRow, bobRow, , , , danRow] = rowsOf(p);
    const report = await ok(core, 'import.commit', { previewId: p.previewId!, decisions: { [bobRow.rowId]: 'create', [danRow.rowId]: 'skip' } });
    expect(report.counts).toEqual({ created: 2, merged: 3, skipped: 1, failed: 0, clientsCreated: 1, contactsCreated: 3 });
    expect(report.merged.map((m) => [m.line, m.filled])).toEqual([
      [adaRow.line, ['phone']],
      [4, ['email']],
      [6, ['phone', 'role']],
    ]);
    expect(await directory(core)).toEqual([
      {
        kind: 'organisation',
        name: 'Acme Holdings',
        contacts: [
          // The existing role stays: a merge never overwrites.
          { name: 'Ada Lovelace', email: 'ada@acme.example', phone: '+44 20 7946 0000', role: 'CFO' },
          { name: 'Bob Builder', email: '', phone: '020 7946 0001', role: '' },
          { name: 'Bob Buildr', email: 'bobby@example.com', phone: '', role: 'Site lead' },
        ],
      },
      { kind: 'person', name: 'Carol Danvers', contacts: [{ name: 'Carol Danvers', email: 'carol@example.com', phone: '+1 555 0100 999', role: 'Captain' }] },
      { kind: 'person', name: 'Jane Doe', contacts: [{ name: 'Jane Doe', email: 'jane@doe.example', phone: '', role: '' }] },
    ]);
    expect((await ok(core, 'contacts.list', { clientId: acme.id })).length).toBe(3);
    // The report can be saved as CSV, one line per row of the file.
    const saved = Papa.parse<string[]>(report.csv.trim()).data;
    expect(saved[0]).toEqual(['line', 'name', 'outcome', 'details']);
    expect(saved.slice(1).map((r) => r[2])).toEqual(['merged', 'created', 'merged', 'created', 'merged', 'skipped']);
    // A preview is used once.
    expect((await fails(core, 'import.commit', { previewId: p.previewId! })).code).toBe('NOT_FOUND');
  });

  test('decisions are checked against the preview before anything is written', async () => {
    core = await unlockedCore();
    const p = await ok(core, 'import.preview', { format: 'csv', mapping, text: csv([['Eve Example', 'eve@example.com', '', '', '']]) });
    const hash = await contentHash(core.status().vaultPath);
    expect((await fails(core, 'import.commit', { previewId: p.previewId!, decisions: { r9: 'create' } })).code).toBe('INVALID_INPUT');
    const err = await fails(core, 'import.commit', { previewId: p.previewId!, decisions: { r1: 'merge' } });
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/nothing to merge it into/) });
    expect(await contentHash(core.status().vaultPath)).toBe(hash);
    expect((await ok(core, 'import.commit', { previewId: p.previewId!, decisions: {} })).counts.created).toBe(1);
  });
});

describe('all or nothing', () => {
  test('locking in the middle of a commit rolls all of it back; the preview is gone after the lock', async () => {
    core = await unlockedCore();
    await existing(core);
    const rows = Array.from({ length: 1000 }, (_, i) => [`Person ${i}`, `p${i}@example.com`, '', i % 2 ? 'Org ' + (i % 10) : '', '']);
    const p = await ok(core, 'import.preview', { format: 'csv', mapping, text: csv(rows) });
    const file = core.status().vaultPath;
    const hash = await contentHash(file);
    const seen: number[] = [];
    const off = core.subscribe((e) => {
      if (e.type !== 'progress') return;
      seen.push(e.done);
      if (e.done === 400) core.lock('user');
    });
    const err = await fails(core, 'import.commit', { previewId: p.previewId! });
    off();
    expect(err.code).toBe('VAULT_LOCKED');
    expect(seen).toEqual([200, 400]);
    expect(await contentHash(file)).toBe(hash);
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect((await ok(core, 'clients.list', {})).map((c) => c.name)).toEqual(['Acme Holdings', 'Jane Doe']);
    expect((await fails(core, 'import.commit', { previewId: p.previewId! })).code).toBe('NOT_FOUND');
  });

  test('a merge target deleted since the preview: CONFLICT, and the rows before it are not written either', async () => {
    core = await unlockedCore();
    const { ada } = await existing(core);
    const p = await ok(core, 'import.preview', {
      format: 'csv',
      mapping,
      text: csv([
        ['New One', 'one@example.com', '', '', ''],
        ['New Two', 'two@example.com', '', 'Two Ltd', ''],
        ['Ada Lovelace', 'ada@acme.example', '+44 20 7946 0000', '', ''],
      ]),
    });
    expect(rowsOf(p)[2].suggested).toBe('merge');
    await ok(core, 'contacts.delete', { id: ada.id });
    const file = core.status().vaultPath;
    const hash = await contentHash(file);
    const err = await fails(core, 'import.commit', { previewId: p.previewId! });
    expect(err).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/Nothing was imported/) });
    expect(await contentHash(file)).toBe(hash);
    expect((await ok(core, 'clients.list', {})).map((c) => c.name)).toEqual(['Acme Holdings', 'Jane Doe']);
  });
});
