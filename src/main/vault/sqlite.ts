/**
 * A Kysely dialect for the npm `sqlite3` package (Kysely ships one for better-sqlite3 only).
 * One connection per vault; a mutex hands it to one query or one transaction at a time,
 * and write transactions start with BEGIN IMMEDIATE.
 */
import fs from 'node:fs';
import sqlite3 from 'sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  SelectQueryNode,
} from 'kysely';
import { RapportError } from '../../shared/errors';

type Param = string | number | bigint | null | Buffer;

function toParam(value: unknown): Param {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as Param;
}

/** Turns a sqlite3 error into a typed error a person can read. */
export function sqliteError(err: Error & { code?: string }): RapportError {
  const code = err.code ?? '';
  if (code === 'SQLITE_FULL') return new RapportError('IO_ERROR', 'The disk is full: nothing was saved. Free some space and try again.');
  if (code === 'SQLITE_IOERR' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return new RapportError('IO_ERROR', `The vault file could not be read or written (${code}). Nothing was saved.`);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new RapportError('CORRUPT', 'This file is not a Rapport vault, or it is damaged.');
  }
  if (code === 'SQLITE_BUSY') return new RapportError('CONFLICT', 'The vault is busy in another program. Try again.');
  if (code === 'SQLITE_CONSTRAINT') return new RapportError('CONFLICT', 'That change conflicts with other records.');
  return new RapportError('INTERNAL', `Database error (${code || 'unknown'}).`);
}

function isReader(cq: CompiledQuery): boolean {
  const node = cq.query as { kind: string; returning?: unknown };
  if (SelectQueryNode.is(cq.query)) return true;
  if (node.returning) return true;
  if (node.kind === 'RawNode') return /^\s*(select|pragma|with|values)\b/i.test(cq.sql) || /\breturning\b/i.test(cq.sql);
  return false;
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

class Sqlite3Connection implements DatabaseConnection {
  constructor(private readonly db: sqlite3.Database) {}

  executeQuery<R>(cq: CompiledQuery): Promise<QueryResult<R>> {
    const params = cq.parameters.map(toParam);
    return new Promise((resolve, reject) => {
      if (isReader(cq)) {
        this.db.all(cq.sql, params, (err, rows) => (err ? reject(sqliteError(err)) : resolve({ rows: rows as R[] })));
      } else {
        this.db.run(cq.sql, params, function (err) {
          if (err) return reject(sqliteError(err));
          resolve({ rows: [], numAffectedRows: BigInt(this.changes), insertId: BigInt(this.lastID) });
        });
      }
    });
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the sqlite3 driver');
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(sqliteError(err)) : resolve())));
  }

  /**
   * ROLLBACK, where "no transaction is active" is success: after SQLITE_FULL or an I/O error SQLite
   * may already have rolled the transaction back, and that second error would otherwise replace
   * the one that tells the person what happened (the disk is full).
   */
  rollback(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.db.exec('ROLLBACK', (err) => (!err || /no transaction is active/i.test(err.message) ? resolve() : reject(sqliteError(err)))),
    );
  }
}

export interface OpenOptions {
  path: string;
  /** Create the file (mode 0600) if it does not exist. */
  create: boolean;
}

class Sqlite3Driver implements Driver {
  private db: sqlite3.Database | null = null;
  private connection: Sqlite3Connection | null = null;
  private readonly mutex = new Mutex();
  private release: (() => void) | null = null;

  constructor(private readonly options: OpenOptions) {}

  async init(): Promise<void> {
    const { path, create } = this.options;
    if (create) {
      // Create the file ourselves so it starts with mode 0600; SQLite gives -wal and -shm the same mode.
      const fd = fs.openSync(path, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_RDWR, 0o600);
      fs.closeSync(fd);
    }
    this.db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_FULLMUTEX, (err) =>
        err ? reject(sqliteError(err)) : resolve(db),
      );
    });
    this.connection = new Sqlite3Connection(this.db);
    await this.connection.exec(
      [
        'PRAGMA busy_timeout = 5000',
        'PRAGMA journal_mode = WAL',
        'PRAGMA synchronous = FULL',
        'PRAGMA secure_delete = ON',
        'PRAGMA foreign_keys = ON',
        'PRAGMA temp_store = MEMORY',
        'PRAGMA trusted_schema = OFF',
      ].join(';\n'),
    );
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    this.release = release;
    return this.connection!;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Sqlite3Connection).exec('BEGIN IMMEDIATE');
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Sqlite3Connection).exec('COMMIT');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Sqlite3Connection).rollback();
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    const db = this.db;
    this.db = null;
    this.connection = null;
    if (db) await new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
  }
}

/** Lets migrations run inside a transaction: SQLite's DDL is transactional. */
class Sqlite3Adapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class Sqlite3Dialect implements Dialect {
  constructor(private readonly options: OpenOptions) {}
  createAdapter() {
    return new Sqlite3Adapter();
  }
  createDriver() {
    return new Sqlite3Driver(this.options);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
}
