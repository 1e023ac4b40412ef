/**
 * Migrations: numbered, frozen, each with its test. Migration 0001 creates the base tables and
 * marks the file as a Rapport vault; opening an existing vault runs nothing again and writes nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator } from 'kysely';
import { describe, expect, test } from 'vitest';
import * as m0001 from '../../src/main/vault/migrations/0001_initial';
import { MIGRATIONS } from '../../src/main/vault/migrations';
import type { Database } from '../../src/main/vault/schema';
import { Sqlite3Dialect } from '../../src/main/vault/sqlite';
import { Vault } from '../../src/main/vault/vault';
import { type RawDb, withRawDb } from '../support/rawDb';
import { PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from '../support/vault';

const RAPPORT_APPLICATION_ID = 1380995156; // 'RPPT'
const fileHash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

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

const RECORD_COLUMNS = ['id text pk', 'version integer not null', 'key_id integer not null', 'data blob not null'];

describe('migration 0001_initial', () => {
  test('creates the base tables, columns, foreign keys and indexes, and sets application_id', async () => {
    const file = path.join(tempDir(), 'm1.rapport');
    const db = new Kysely<Database>({ dialect: new Sqlite3Dialect({ path: file, create: true }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '0001_initial': m0001 }) } });
    const { error, results } = await migrator.migrateToLatest();
    await db.destroy();
    expect(error).toBeUndefined();
    expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0001_initial', 'Success']]);

    await withRawDb(file, async (raw) => {
      expect((await raw.get<{ application_id: number }>('PRAGMA application_id'))!.application_id).toBe(RAPPORT_APPLICATION_ID);
      const tables = await raw.all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' ORDER BY name",
      );
      expect(tables.map((t) => t.name)).toEqual([
        'clients',
        'contacts',
        'key_slots',
        'settings',
        'timeline_entries',
        'vault_header',
        'vault_state',
      ]);
      expect(await columns(raw, 'vault_header')).toEqual([
        'id integer pk',
        'format integer not null',
        'vault_id text not null',
        'created_by text not null',
      ]);
      expect(await columns(raw, 'key_slots')).toEqual([
        'kind text pk',
        'kdf_alg text',
        'ops_limit integer',
        'mem_limit integer',
        'salt blob',
        'wrapped blob not null',
      ]);
      expect(await columns(raw, 'vault_state')).toEqual(['id integer pk', 'commit_counter integer not null', 'data blob not null']);
      expect(await columns(raw, 'settings')).toEqual(RECORD_COLUMNS);
      expect(await columns(raw, 'clients')).toEqual(RECORD_COLUMNS);
      for (const child of ['contacts', 'timeline_entries']) {
        expect(await columns(raw, child)).toEqual([...RECORD_COLUMNS, 'client_id text not null']);
        const fks = await raw.all<{ table: string; from: string; to: string }>(`PRAGMA foreign_key_list(${child})`);
        expect(fks.map((f) => [f.from, f.table, f.to])).toEqual([['client_id', 'clients', 'id']]);
      }
      const indexes = await raw.all<{ name: string; tbl_name: string }>(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
      );
      expect(indexes.map((i) => [i.name, i.tbl_name])).toEqual([
        ['contacts_client', 'contacts'],
        ['timeline_client', 'timeline_entries'],
      ]);
      // Single-row tables refuse a second row.
      await expect(raw.run("INSERT INTO vault_header VALUES (2, 1, 'x', 'y')")).rejects.toThrow(/CHECK constraint/);
    });
  });
});

describe('every migration', () => {
  test('is numbered in order and applied exactly once on create', async () => {
    const names = Object.keys(MIGRATIONS);
    expect(names[0]).toBe('0001_initial');
    // Kysely runs them in name order and refuses a vault whose applied migrations are not a
    // prefix of that order: numbers must be four digits and strictly increasing.
    for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
    const numbers = names.map((n) => Number(n.slice(0, 4)));
    numbers.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(numbers[i]));
    expect([...names].sort()).toEqual(names);

    const file = path.join(tempDir(), 'v.rapport');
    const { vault } = await Vault.create(file, PASSPHRASE, TEST_VAULT_OPTIONS);
    await vault.close();
    const applied = await withRawDb(file, (raw) => raw.all<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name'));
    expect(applied.map((m) => m.name)).toEqual(names);
    await withRawDb(file, async (raw) => {
      expect((await raw.get<{ application_id: number }>('PRAGMA application_id'))!.application_id).toBe(RAPPORT_APPLICATION_ID);
      expect((await raw.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode).toBe('wal');
    });
  });

  test('opening an existing vault re-runs nothing and writes nothing', async () => {
    const file = path.join(tempDir(), 'v.rapport');
    const { vault } = await Vault.create(file, PASSPHRASE, TEST_VAULT_OPTIONS);
    await vault.write((w) => w.insert('clients', '00000000-0000-4000-8000-000000000001', { name: 'Kept' }));
    await vault.close();
    const migrationsBefore = await withRawDb(file, (raw) => raw.all('SELECT * FROM kysely_migration ORDER BY name'));
    const bytes = fileHash(file);

    for (let i = 0; i < 3; i++) {
      const again = await Vault.open(file, TEST_VAULT_OPTIONS);
      await again.unlock(PASSPHRASE);
      expect((await again.get<{ name: string }>('clients', '00000000-0000-4000-8000-000000000001'))!.data.name).toBe('Kept');
      await again.close();
    }
    expect(await withRawDb(file, (raw) => raw.all('SELECT * FROM kysely_migration ORDER BY name'))).toEqual(migrationsBefore);
    expect(fileHash(file)).toBe(bytes);
  });

  test('a SQLite file that is not a Rapport vault is refused as CORRUPT, untouched', async () => {
    const file = path.join(tempDir(), 'other.db');
    const db = new Kysely<Database>({ dialect: new Sqlite3Dialect({ path: file, create: true }) });
    await db.schema.createTable('notes').addColumn('x', 'text').execute();
    await db.destroy();
    const bytes = fileHash(file);
    await expect(Vault.open(file, TEST_VAULT_OPTIONS)).rejects.toMatchObject({ code: 'CORRUPT', message: /not a Rapport vault/ });
    expect(fileHash(file)).toBe(bytes);
  });
});
