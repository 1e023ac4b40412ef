/**
 * Opening the page-encrypted SQLite file (better-sqlite3-multiple-ciphers, cipher ChaCha20-Poly1305)
 * with a raw 256-bit database key, and turning SQLite's errors into typed ones.
 *
 * better-sqlite3 is synchronous: whatever thread runs this runs the SQL. In the app that is the
 * core's worker thread (src/main/api/coreWorker.ts), never the Electron main thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';
import { RapportError } from '../../shared/errors';
import type { Database as Schema } from './schema';

export type Connection = Database.Database;

/**
 * The module is not N-API: Electron needs its own build of it, kept apart from Node's (which the
 * tests use) in native/electron/ by `npm run native:electron`, and passed here. The main thread
 * finds it (where Electron's `process.resourcesPath` is surely set) and hands it to the core's
 * worker (`setNativeBinding`).
 */
let chosenBinding: string | undefined;

export function setNativeBinding(file: string | undefined): void {
  chosenBinding = file;
}

export function nativeBinding(): string | undefined {
  if (chosenBinding) return chosenBinding;
  if (!process.versions.electron) return undefined;
  const candidates = [
    path.join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    path.resolve(__dirname, '../../native/electron/better_sqlite3.node'),
  ];
  return candidates.find((p) => fs.existsSync(p));
}

/** Turns a SQLite error into a typed error a person can read. */
export function sqliteError(e: unknown): RapportError | unknown {
  if (e instanceof RapportError) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) {
    if (e instanceof TypeError && /database connection is not open/i.test(e.message)) {
      return new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
    }
    return e;
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR_WRITE') || /disk is full/i.test(String((e as Error).message))) {
    if (code === 'SQLITE_FULL' || /disk is full/i.test(String((e as Error).message))) {
      return new RapportError('IO_ERROR', 'The disk is full: nothing was saved. Free some space and try again.');
    }
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')) {
    return new RapportError('IO_ERROR', `The vault file could not be read or written (${code}). Nothing was saved.`);
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new RapportError(
      'CORRUPT',
      'The vault file is damaged: part of it does not authenticate (changed, truncated or replaced outside Rapport). Restore it from a backup.',
    );
  }
  if (code.startsWith('SQLITE_BUSY')) return new RapportError('CONFLICT', 'The vault is busy in another program. Try again.');
  if (code.startsWith('SQLITE_CONSTRAINT')) return new RapportError('CONFLICT', 'That change conflicts with other records.');
  return new RapportError('INTERNAL', `Database error (${code}).`);
}

/** Page cache of each connection, in KiB. */
export const PAGE_CACHE_KIB = 32 * 1024;

export interface OpenOptions {
  /** The raw database key; null opens a plain file (the benchmark baseline, or a format-2 vault to convert). */
  key: Uint8Array | null;
  /** Create the file (mode 0600) if it does not exist. */
  create?: boolean;
  readonly?: boolean;
}

/**
 * Opens one connection and checks that it can read the schema: with a wrong key, or a damaged first
 * page, that read fails (CORRUPT). Durability: WAL, synchronous=FULL, foreign keys, secure_delete.
 */
export function openConnection(file: string, { key, create = false, readonly = false }: OpenOptions): Connection {
  if (create && !fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'wx', 0o600));
  let db: Connection;
  try {
    db = new Database(file, { fileMustExist: true, readonly, nativeBinding: nativeBinding() });
  } catch (e) {
    throw sqliteError(e);
  }
  try {
    if (key) {
      db.pragma(`cipher = 'chacha20'`);
      // A raw key (x'…'): used as the page key directly, with no passphrase KDF.
      db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    }
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    // 32 MiB of pages per connection (SQLite's default is 2 MiB): a screen's pages stay decrypted in
    // memory across its queries instead of being read and decrypted again each time, and a large
    // import's inserts, which land on random pages of the tables and their indexes, are not
    // decrypted and authenticated again each time they are read back.
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    return db;
  } catch (e) {
    db.close();
    throw sqliteError(e);
  }
}

/** Kysely over one connection, through Kysely's own dialect for better-sqlite3. */
export function kyselyOver(connection: Connection): Kysely<Schema> {
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: connection }) });
}

/** The first 16 bytes of a plain SQLite file: a page-encrypted one starts with random salt instead. */
export const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Whether the file is a plain (unencrypted) SQLite database. */
export function isPlainSqlite(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    return n === 16 && head.toString('latin1') === SQLITE_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}
