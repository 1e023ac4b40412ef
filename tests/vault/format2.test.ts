/**
 * Vaults written by earlier versions (format 1 and 2: sealed records in a plain SQLite file) are
 * converted to format 3 at their first unlock, with every record intact, and the old file kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { keyFileOf } from '../../src/main/vault/keyfile';
import { RECORD_TABLES } from '../../src/main/vault/schema';
import { legacyCopyPath } from '../../src/main/vault/convert';
import { vaultOf } from '../support/internals';
import { withRawDb } from '../support/rawDb';
import { NEW_PASSPHRASE, PASSPHRASE, fails, ok, tempDir, testCore } from '../support/vault';

const FIXTURES = path.resolve(__dirname, '../fixtures/vault');

interface Expected {
  vaultId: string;
  recoveryKey: string;
  tables: Record<string, { id: string; version: number; clientId: string | null; data: unknown }[]>;
}
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'vault-format2.expected.json'), 'utf8')) as Expected;

function copyFixture(name: string): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'practice.rapport');
  fs.copyFileSync(path.join(FIXTURES, name), file);
  return { dir, file };
}

const isPlainSqlite = (file: string) => fs.readFileSync(file).subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000';

/** Every record of every table, read through the open vault, in the fixture's shape. */
async function everyRecord(core: Awaited<ReturnType<typeof testCore>>) {
  const vault = vaultOf(core)!;
  const out: Expected['tables'] = {};
  for (const table of RECORD_TABLES) {
    out[table] = (await vault.all(table))
      .map((r) => ({ id: r.id, version: r.version, clientId: r.clientId ?? null, data: r.data }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
  return out;
}

describe('conversion of format-2 vaults', () => {
  test('the format-2 fixture converts at first unlock with every record intact; the old file is kept', async () => {
    const { dir, file } = copyFixture('vault-format2.rapport');
    const original = fs.readFileSync(file);
    const core = await testCore({ dataDir: dir, vaultPath: file });
    expect((await ok(core, 'app.status', {})).state).toBe('locked');
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });

    const records = await everyRecord(core);
    for (const table of RECORD_TABLES) {
      expect({ table, records: records[table] }).toEqual({ table, records: expected.tables[table] });
    }
    expect(Object.values(records).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(400);
    expect(vaultOf(core)!.vaultId).toBe(expected.vaultId);
    // The services read it as before.
    const clients = await ok(core, 'clients.list', {});
    expect(clients).toHaveLength(8);
    expect((await ok(core, 'clients.dossier', { id: clients[0].id })).client.name).toBe(clients[0].name);

    // Now format 3: no SQLite header, a key file beside it; the old file kept byte for byte.
    expect(isPlainSqlite(file)).toBe(false);
    expect(fs.existsSync(keyFileOf(file))).toBe(true);
    expect(fs.readFileSync(legacyCopyPath(file)).equals(original)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.converting'))).toEqual([]);
    // Settings shows the kept copy until the person removes it.
    expect(await ok(core, 'vault.legacyCopy', {})).toMatchObject({ path: legacyCopyPath(file), bytes: original.length });
    await core.dispose();

    // The same passphrase, and the recovery kit the user already had, both open the converted vault.
    const again = await testCore({ dataDir: dir, vaultPath: file });
    await ok(again, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await everyRecord(again)).toEqual(records);
    await ok(again, 'vault.lock', {});
    await ok(again, 'vault.unlockWithRecoveryKey', { recoveryKey: expected.recoveryKey, newPassphrase: NEW_PASSPHRASE });
    expect(await everyRecord(again)).toEqual(records);
    await ok(again, 'vault.removeLegacyCopy', {});
    expect(fs.existsSync(legacyCopyPath(file))).toBe(false);
    expect(await ok(again, 'vault.legacyCopy', {})).toBeNull();
    expect(await everyRecord(again)).toEqual(records);
    await ok(again, 'vault.lock', {});
    expect((await fails(again, 'vault.removeLegacyCopy', {})).code).toBe('VAULT_LOCKED');
    await again.dispose();
  });

  test('converting with the recovery key sets the new passphrase and writes a recovery slot of the new kind', async () => {
    const { dir, file } = copyFixture('vault-format2.rapport');
    const core = await testCore({ dataDir: dir, vaultPath: file });
    await ok(core, 'vault.unlockWithRecoveryKey', { recoveryKey: expected.recoveryKey, newPassphrase: NEW_PASSPHRASE });
    expect((await everyRecord(core)).clients).toEqual(expected.tables.clients);
    await ok(core, 'vault.lock', {});
    expect((await fails(core, 'vault.unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await ok(core, 'vault.unlock', { passphrase: NEW_PASSPHRASE });
    const keys = JSON.parse(fs.readFileSync(keyFileOf(file), 'utf8'));
    expect(keys.slots.find((s: { kind: string }) => s.kind === 'recovery').legacy).toBeUndefined();
    await core.dispose();
  });

  test('a wrong passphrase, or a record tampered with in the old file, converts nothing and changes nothing', async () => {
    const { dir, file } = copyFixture('vault-format2.rapport');
    const original = fs.readFileSync(file);
    const core = await testCore({ dataDir: dir, vaultPath: file });
    expect((await fails(core, 'vault.unlock', { passphrase: NEW_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    expect(fs.existsSync(keyFileOf(file))).toBe(false);
    await core.dispose();

    // A timeline entry moved to another client behind Rapport's back.
    const [a, b] = expected.tables.clients;
    const entry = expected.tables.timeline_entries.find((e) => e.clientId === a.id)!;
    await withRawDb(file, (db) => db.run('UPDATE timeline_entries SET client_id = ? WHERE id = ?', [b.id, entry.id]));
    const tampered = fs.readFileSync(file);
    const again = await testCore({ dataDir: dir, vaultPath: file });
    const err = await fails(again, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain(entry.id);
    expect(fs.readFileSync(file).equals(tampered)).toBe(true);
    expect(fs.existsSync(keyFileOf(file))).toBe(false);
    expect(fs.existsSync(legacyCopyPath(file))).toBe(false);
    await again.dispose();
  });

  test('a format-1 vault converts too', async () => {
    const { dir, file } = copyFixture('vault-format1.rapport');
    const core = await testCore({ dataDir: dir, vaultPath: file });
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    const clients = await ok(core, 'clients.list', {});
    expect(clients.map((c) => c.name)).toEqual(['Format One Ltd', 'Other Client']);
    const dossier = await ok(core, 'clients.dossier', { id: clients[0].id });
    expect(dossier.alerts.map((f) => f.text)).toEqual(['Nut allergy']);
    expect(dossier.recent.map((e) => e.summary)).toEqual(['Format one meeting']);
    expect((await ok(core, 'clients.get', { id: clients[0].id })).notes).toBe('written by vault format 1');
    expect(isPlainSqlite(file)).toBe(false);
    await core.dispose();
  });
});
