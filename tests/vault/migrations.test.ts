/**
 * Format-3 migrations: numbered, frozen (a test records each shipped file's hash), each with its
 * test. Migration 0001 creates the whole schema inside the encrypted file; opening an existing vault
 * runs nothing again and writes nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../src/main/vault/migrations';
import { CLIENT_CHILD_TABLES, RECORD_TABLES } from '../../src/main/vault/schema';
import { Vault } from '../../src/main/vault/vault';
import { keyFileOf, readKeyFile, withCounter, writeKeyFile } from '../../src/main/vault/keyfile';
import { pageDigest } from '../../src/main/vault/pages';
import { type RawDb, testVaultKey, withRawDb } from '../support/rawDb';
import { PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from '../support/vault';

const RAPPORT_APPLICATION_ID = 1380995156; // 'RPPT'
const fileHash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const MIGRATIONS_DIR = path.resolve(__dirname, '../../src/main/vault/migrations');

/**
 * Every shipped migration and the SHA-256 of its file. A shipped migration never changes: add the
 * next number instead. A new migration adds its line here in the commit that ships it.
 */
const SHIPPED: Record<string, string> = {
  '0001_format3': '7ec80e8d6f64d8cf2ced42e79a8175b693b0c677eb7b1e19068a42890fff1a14',
  '0002_columns': '7f411efdfa4edbdef5e7f793cc9d32bc24f87e44acafb1659514760d081d474d',
  '0003_search': '8fd88a2ac8f2d0e0ee71ede0e2629182a88295a9f6cfba551187babd7e8ac44d',
  '0004_sync': 'f782f5e4e6409387bcb657473412d5ac3e14b1aa207c5dfd0b7b0b69b6e6259b',
};

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

async function columns(db: RawDb, table: string): Promise<string[]> {
  const cols = await db.all<ColumnInfo>(`PRAGMA table_info(${table})`);
  return cols.map((c) => `${c.name} ${c.type.toLowerCase()}${c.pk ? ' pk' : ''}${c.notnull ? ' not null' : ''}`);
}

async function newVault(): Promise<{ file: string; key: Uint8Array }> {
  const file = path.join(tempDir(), 'v.rapport');
  const { vault } = await Vault.create(file, PASSPHRASE, TEST_VAULT_OPTIONS);
  await vault.close();
  return { file, key: await testVaultKey(file) };
}

describe('migration 0001_format3', () => {
  test('creates every table with its columns, foreign keys, CHECKs and indexes, and sets application_id', async () => {
    const { file, key } = await newVault();
    await withRawDb(
      file,
      async (raw) => {
        expect((await raw.get<{ application_id: number }>('PRAGMA application_id'))!.application_id).toBe(RAPPORT_APPLICATION_ID);
        // Search's FTS5 indexes (fts_*) are migration 0003's (migration0003.test.ts); sync's tables (sync_*) 0004's.
        const tables = await raw.all<{ name: string }>(
          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'fts\\_%' ESCAPE '\\' AND name NOT LIKE 'sync\\_%' ESCAPE '\\' ORDER BY name",
        );
        expect(tables.map((t) => t.name)).toEqual(['vault_header', 'vault_state', ...RECORD_TABLES].sort());
        expect(await columns(raw, 'vault_header')).toEqual(['id integer pk', 'format integer not null', 'vault_id text not null', 'created_by text not null']);
        expect(await columns(raw, 'vault_state')).toEqual([
          'id integer pk',
          'commit_counter integer not null',
          'passphrase_generation integer not null',
          'recovery_generation integer not null',
        ]);
        for (const table of RECORD_TABLES) {
          const child = (CLIENT_CHILD_TABLES as readonly string[]).includes(table);
          expect({ table, columns: await columns(raw, table) }).toEqual({
            table,
            columns: ['id text pk', 'version integer not null', ...(child ? ['client_id text not null'] : []), 'data text not null'],
          });
          const fks = await raw.all<{ table: string; from: string; to: string }>(`PRAGMA foreign_key_list(${table})`);
          expect(fks.map((f) => [f.from, f.table, f.to])).toEqual(child ? [['client_id', 'clients', 'id']] : []);
        }
        // 0001's index on client_id of each child table (0002 replaces two of them: see migration0002.test.ts).
        const indexes = await raw.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE '%\\_client' ESCAPE '\\' ORDER BY name");
        const replaced = ['timeline_entries_client', 'warmth_readings_client'];
        expect(indexes.map((i) => i.name)).toEqual(CLIENT_CHILD_TABLES.map((t) => `${t}_client`).filter((n) => !replaced.includes(n)).sort());
        // CHECKs: one header and state row; versions from 1; data must be JSON.
        await expect(raw.run("INSERT INTO vault_header VALUES (2, 3, 'x', 'y')")).rejects.toThrow(/CHECK constraint/);
        await expect(raw.run("INSERT INTO settings VALUES ('s', 0, '{}')")).rejects.toThrow(/CHECK constraint/);
        await expect(raw.run("INSERT INTO settings VALUES ('s', 1, 'not json')")).rejects.toThrow(/CHECK constraint/);
        await expect(raw.run("INSERT INTO facts VALUES ('f', 1, 'no such client', '{}')")).rejects.toThrow(/FOREIGN KEY/);
      },
      'rw',
      key,
    );
  });
});

describe('migration 0004_sync', () => {
  test('adds the sync tables, empty (sync is off until turned on), with their keys and CHECKs', async () => {
    const { file, key } = await newVault();
    await withRawDb(
      file,
      async (raw) => {
        expect(await columns(raw, 'sync_state')).toEqual([
          'id integer pk',
          'sync_id text not null',
          'device_id text not null',
          'root_key blob not null',
          'folder text not null',
          'next_seq integer not null',
          'last_hash text',
          'hlc text not null',
          'pending text',
          'paused integer not null',
          'last_synced_at text',
          'retired text not null',
        ]);
        expect(await columns(raw, 'sync_outbox')).toEqual([
          'seq integer pk',
          'hlc text not null',
          'tbl text not null',
          'row_id text not null',
          'client_id text',
          'op text not null',
          'field text',
          'value text',
        ]);
        expect(await columns(raw, 'sync_clocks')).toEqual([
          'tbl text pk not null',
          'row_id text pk not null',
          'field text pk not null',
          'hlc text not null',
          'device text not null',
          'deleted integer not null',
        ]);
        expect(await columns(raw, 'sync_cursors')).toEqual(['device_id text pk', 'seq integer not null', 'hash text', 'max_hlc text not null', 'last_seen_at text']);
        expect(await columns(raw, 'sync_conflicts')).toEqual([
          'id text pk',
          'tbl text not null',
          'row_id text not null',
          'field text not null',
          'kept text',
          'lost text',
          'kept_hlc text not null',
          'lost_hlc text not null',
          'found_at text not null',
        ]);
        for (const t of ['sync_state', 'sync_outbox', 'sync_clocks', 'sync_cursors', 'sync_conflicts']) {
          expect({ t, n: (await raw.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n }).toEqual({ t, n: 0 });
        }
        await expect(raw.run("INSERT INTO sync_state (id, sync_id, device_id, root_key, folder, next_seq, hlc) VALUES (1, 's', 'd', x'00', '/f', 1, '')")).rejects.toThrow(/CHECK constraint/);
        await expect(raw.run("INSERT INTO sync_outbox (hlc, tbl, row_id, op) VALUES ('h', 'clients', 'x', 'upsert')")).rejects.toThrow(/CHECK constraint/);
        await expect(raw.run("INSERT INTO sync_outbox (hlc, tbl, row_id, op, value) VALUES ('h', 'clients', 'x', 'set', 'not json')")).rejects.toThrow(/CHECK constraint/);
      },
      'rw',
      key,
    );
  });

  test('a vault made before it gains the tables at its next unlock, its records untouched', async () => {
    const file = path.join(tempDir(), 'v.rapport');
    const { vault } = await Vault.create(file, PASSPHRASE, TEST_VAULT_OPTIONS);
    await vault.write((w) => w.insert('clients', '00000000-0000-4000-8000-000000000002', { name: 'Before sync' }));
    await vault.close();
    const key = await testVaultKey(file);
    // Put the vault back as migration 0001 alone left it.
    await withRawDb(
      file,
      async (raw) => {
        for (const t of ['sync_state', 'sync_outbox', 'sync_clocks', 'sync_cursors', 'sync_conflicts']) await raw.exec(`DROP TABLE ${t}`);
        await raw.run("DELETE FROM kysely_migration WHERE name = '0004_sync'");
      },
      'rw',
      key,
    );
    // As Rapport would have closed that older file: its page digest in the key file.
    const keys = readKeyFile(file);
    writeKeyFile(file, withCounter(keys, key, keys.counter!.value, pageDigest(file, key)));
    const again = await Vault.open(file, TEST_VAULT_OPTIONS);
    await again.unlock(PASSPHRASE);
    expect((await again.get<{ name: string }>('clients', '00000000-0000-4000-8000-000000000002'))!.data.name).toBe('Before sync');
    expect(await again.read(async (r) => (await sql<{ n: number }>`SELECT count(*) AS n FROM sync_outbox`.execute(r)).rows[0].n)).toBe(0);
    await again.close();
  });
});

describe('every migration', () => {
  test('is numbered in order, frozen (its file hash recorded), and applied exactly once on create', async () => {
    const names = Object.keys(MIGRATIONS);
    for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
    expect([...names].sort()).toEqual(names);
    expect(names).toEqual(Object.keys(SHIPPED));
    for (const name of names) {
      const hash = createHash('sha256').update(fs.readFileSync(path.join(MIGRATIONS_DIR, `${name}.ts`))).digest('hex');
      expect({ name, hash }).toEqual({ name, hash: SHIPPED[name] });
    }
    // No migration file lies around without being listed.
    expect(fs.readdirSync(MIGRATIONS_DIR).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(names);

    const { file, key } = await newVault();
    await withRawDb(
      file,
      async (raw) => {
        expect((await raw.all<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).map((m) => m.name)).toEqual(names);
        expect((await raw.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode).toBe('wal');
      },
      'rw',
      key,
    );
  });

  test('opening an existing vault re-runs nothing and writes nothing', async () => {
    const file = path.join(tempDir(), 'v.rapport');
    const { vault } = await Vault.create(file, PASSPHRASE, TEST_VAULT_OPTIONS);
    await vault.write((w) => w.insert('clients', '00000000-0000-4000-8000-000000000001', { name: 'Kept' }));
    await vault.close();
    const bytes = fileHash(file);
    const keys = fileHash(keyFileOf(file));

    for (let i = 0; i < 3; i++) {
      const again = await Vault.open(file, TEST_VAULT_OPTIONS);
      await again.unlock(PASSPHRASE);
      expect((await again.get<{ name: string }>('clients', '00000000-0000-4000-8000-000000000001'))!.data.name).toBe('Kept');
      await again.close();
    }
    expect(fileHash(file)).toBe(bytes);
    expect(fileHash(keyFileOf(file))).toBe(keys);
  });

  test('a SQLite file that is not a Rapport vault is refused as CORRUPT, untouched', async () => {
    const file = path.join(tempDir(), 'other.db');
    fs.writeFileSync(file, '');
    await withRawDb(file, async (raw) => raw.exec('CREATE TABLE notes (x TEXT)'));
    const bytes = fileHash(file);
    await expect(Vault.open(file, TEST_VAULT_OPTIONS)).rejects.toMatchObject({ code: 'CORRUPT', message: /not a Rapport vault/ });
    expect(fileHash(file)).toBe(bytes);
  });
});
