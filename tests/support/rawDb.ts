/**
 * Direct access to a vault file with the npm `sqlite3` package, on a connection of its own:
 * what someone with the file but without Rapport can read and change. Test-only.
 */
import { createHash } from 'node:crypto';
import sqlite3 from 'sqlite3';

type Row = Record<string, unknown>;

export class RawDb {
  private constructor(private readonly db: sqlite3.Database) {}

  static open(file: string, mode: 'ro' | 'rw' = 'rw'): Promise<RawDb> {
    const flags = mode === 'ro' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE;
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, flags, (err) => (err ? reject(err) : resolve(new RawDb(db))));
    });
  }

  all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  }

  async get<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params: unknown[] = []): Promise<number> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (err) {
        if (err) reject(err);
        else resolve(this.changes);
      }),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}

/** Opens the file, runs fn, closes it (also on failure). */
export async function withRawDb<T>(file: string, fn: (db: RawDb) => Promise<T>, mode: 'ro' | 'rw' = 'rw'): Promise<T> {
  const db = await RawDb.open(file, mode);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function canonical(value: unknown): string {
  if (Buffer.isBuffer(value)) return `x'${value.toString('hex')}'`;
  return JSON.stringify(value);
}

/** Every row of every table (schema included), in a stable order. */
export async function dumpAll(db: RawDb): Promise<string> {
  const tables = await db.all<{ name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name",
  );
  const parts: string[] = [];
  for (const t of tables) {
    parts.push(`table ${t.name}: ${t.sql}`);
    const rows = await db.all(`SELECT * FROM "${t.name}" ORDER BY rowid`);
    for (const r of rows) parts.push(Object.entries(r).map(([k, v]) => `${k}=${canonical(v)}`).join(' '));
  }
  for (const p of ['application_id', 'user_version']) {
    const row = await db.get<Row>(`PRAGMA ${p}`);
    parts.push(`${p}=${canonical(row && Object.values(row)[0])}`);
  }
  return parts.join('\n');
}

/*
 * The readers below open the file read-write although they only read: a read-only connection
 * cannot remove the -wal and -shm files when it closes last, and would leave them behind.
 */

/** SHA-256 of every row of every table: equal hashes mean equal content. Works while Rapport has the file open. */
export async function contentHash(file: string): Promise<string> {
  const dump = await withRawDb(file, dumpAll);
  return createHash('sha256').update(dump).digest('hex');
}

export interface SlotRow {
  kind: string;
  kdf_alg: string | null;
  ops_limit: number | null;
  mem_limit: number | null;
  salt: Buffer | null;
  wrapped: Buffer;
}

/** The key_slots rows, byte for byte. */
export function keySlots(file: string): Promise<SlotRow[]> {
  return withRawDb(file, (db) => db.all<SlotRow>('SELECT * FROM key_slots ORDER BY kind'));
}
