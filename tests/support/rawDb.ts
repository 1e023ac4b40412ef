/**
 * Direct access to a vault's files, as someone with the files (and, where a test passes it, the
 * database key) but without Rapport. Test-only.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { loadSodium } from '../../src/main/vault/crypto';
import { openPassphraseSlot, readKeyFile, type Slot } from '../../src/main/vault/keyfile';
import { NEW_PASSPHRASE, PASSPHRASE, TEST_KDF } from './options';

type Row = Record<string, unknown>;

export class RawDb {
  private constructor(private readonly db: Database.Database) {}

  /** Opens the file; with a key, as the page-encrypted vault it is. */
  static async open(file: string, mode: 'ro' | 'rw' = 'rw', key?: Uint8Array): Promise<RawDb> {
    const db = new Database(file, { fileMustExist: true, readonly: mode === 'ro' });
    if (key) {
      db.pragma(`cipher = 'chacha20'`);
      db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    }
    return new RawDb(db);
  }

  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const stmt = this.db.prepare(sql);
    return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
  }

  async get<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs a statement; returns the number of rows it changed. */
  async run(sql: string, params: unknown[] = []): Promise<number> {
    return this.db.prepare(sql).run(...params).changes;
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Opens the file (with the database key where given), runs fn, closes it (also on failure). */
export async function withRawDb<T>(file: string, fn: (db: RawDb) => Promise<T>, mode: 'ro' | 'rw' = 'rw', key?: Uint8Array): Promise<T> {
  const db = await RawDb.open(file, mode, key);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Database keys found so far, by vault id: a test that damages a slot can still read its vault. */
const knownKeys = new Map<string, Uint8Array>();

/**
 * The database key, from the key file and the passphrases tests use (cheap test KDF parameters):
 * what a test needs to read the vault as Rapport does, with Rapport closed or open.
 */
export async function testVaultKey(file: string): Promise<Uint8Array> {
  await loadSodium();
  const keys = readKeyFile(file);
  for (const passphrase of [PASSPHRASE, NEW_PASSPHRASE]) {
    try {
      const key = await openPassphraseSlot(keys, passphrase, TEST_KDF);
      knownKeys.set(keys.vaultId, key);
      return key;
    } catch {
      // not this one
    }
  }
  // A slot a test damaged on purpose: the key as found before (see knownKeys).
  const known = knownKeys.get(keys.vaultId);
  if (known) return known;
  throw new Error('testVaultKey: neither test passphrase opens this vault');
}

/**
 * Every row of every table (schema included), in a stable order. A virtual table (search's FTS5
 * indexes) is listed by its schema only: its rows are those of its shadow tables, some of which
 * have no rowid, so rows are sorted by their text.
 */
export async function dumpAll(db: RawDb): Promise<string> {
  const tables = await db.all<{ name: string; sql: string }>("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  const parts: string[] = [];
  for (const t of tables) {
    parts.push(`table ${t.name}: ${t.sql}`);
    if (/^CREATE VIRTUAL TABLE/i.test(t.sql)) continue;
    parts.push(...(await db.all<Row>(`SELECT * FROM "${t.name}"`)).map((r) => JSON.stringify(r)).sort());
  }
  return parts.join('\n');
}

/**
 * SHA-256 of what the vault holds: every row of every table (read with the database key, as Rapport
 * reads them, so a checkpoint that re-encrypts pages changes nothing) and the key slots (the key file
 * less its commit counter, which Rapport rewrites a moment after commits). Equal hashes mean nothing
 * was written. Works while Rapport has the vault open.
 */
export async function contentHash(file: string): Promise<string> {
  const key = await testVaultKey(file);
  const h = createHash('sha256');
  h.update(await withRawDb(file, dumpAll, 'rw', key));
  h.update(JSON.stringify(readKeyFile(file).slots));
  return h.digest('hex');
}

/** The key slots, as the key file holds them. */
export async function keySlots(file: string): Promise<Slot[]> {
  return [...readKeyFile(file).slots].sort((a, b) => a.kind.localeCompare(b.kind));
}
