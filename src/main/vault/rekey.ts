/**
 * Re-encrypting a vault under a new random database key ("rekey"), crash-safely.
 *
 * 1. A new database is created beside the vault (`<vault>.rekey`, keyed with the new key, every
 *    migration applied), ATTACHed to the writer connection with its key, and every table copied
 *    into it in chunks of rows, while the vault's writer is held, so no commit can slip past the
 *    copy. The core's thread yields between chunks: reads go on meanwhile, writes wait for the end.
 * 2. The copy is checked on its own connection in a short-lived worker thread (integrity_check,
 *    foreign_key_check, the row count of every table, the vault id) and fsynced.
 * 3. The new key file (every slot re-wrapped, each at the next generation) is written, atomically,
 *    as `<vault>.keys.rekey`.
 * 4. The swap: the vault's connections close (its WAL is checkpointed and removed), the new
 *    database is renamed over the vault (the commit point), the folder fsynced, then the new key
 *    file is renamed over the old one and the folder fsynced.
 *
 * `settleRekey`, run whenever a vault is opened, finishes what a crash interrupted: with both
 * pending files present the swap never happened, so they are removed (the key file first, so a
 * crash while settling never reads as a swap); with only the new key file left the database was
 * swapped, so the key file follows. The vault then opens with the old key or the new one, never a
 * mix, and loses no commit: none can happen between the copy and the swap.
 *
 * SQLite's PRAGMA rekey is not used: it rewrites the live file in place, which needs rollback
 * journal mode (not WAL) and leaves no moment where the old key file and the old database still
 * belong together if the process dies before the new key file is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RapportError } from '../../shared/errors';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type Connection, nativeBinding } from './database';
import { keyFileOf } from './keyfile';
import { fsyncDir } from '../files';

/** The new database while it is being written, and the new key file until the swap. */
export const rekeyDbOf = (vaultFile: string) => `${vaultFile}.rekey`;
export const rekeyKeysOf = (vaultFile: string) => `${keyFileOf(vaultFile)}.rekey`;

export interface RekeyProgress {
  /** copying rows, checking the copy, new key file written, database swapped, finished. */
  phase: 'copying' | 'verifying' | 'keys' | 'swapped' | 'done';
  done: number;
  total: number;
}

const SIDE_FILES = ['', '-wal', '-shm', '-journal'];
const CHUNK_ROWS = 1_000;

function removeDb(file: string): void {
  for (const suffix of SIDE_FILES) fs.rmSync(file + suffix, { force: true });
}

/** Finishes or undoes a rekey a crash interrupted (see the top of this file). Safe to call any time the vault is closed. */
export function settleRekey(vaultFile: string): void {
  const newDb = rekeyDbOf(vaultFile);
  const newKeys = rekeyKeysOf(vaultFile);
  const dir = path.dirname(vaultFile);
  removeTempsOf(newKeys);
  if (fs.existsSync(newKeys)) {
    if (fs.existsSync(newDb)) {
      fs.rmSync(newKeys, { force: true });
      fsyncDir(dir);
      removeDb(newDb);
    } else {
      fs.renameSync(newKeys, keyFileOf(vaultFile));
      fsyncDir(dir);
    }
  } else if (SIDE_FILES.some((s) => fs.existsSync(newDb + s))) {
    removeDb(newDb);
  }
}

/** Removes what an unfinished rekey of an open vault left (the pending key file first). */
export function abandonRekey(vaultFile: string): void {
  removeTempsOf(rekeyKeysOf(vaultFile));
  fs.rmSync(rekeyKeysOf(vaultFile), { force: true });
  fsyncDir(path.dirname(vaultFile));
  removeDb(rekeyDbOf(vaultFile));
}

/**
 * Removes what a write of `file` cut short left: the atomic write (files.ts) writes
 * `.<name>.<random>.tmp` and renames it, so a kill in between leaves the temporary file (sealed
 * slots, no clear text, but not to be left lying about).
 */
function removeTempsOf(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });
}

interface CopyPlan {
  table: string;
  columns: string[];
  rows: number;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The tables to copy: every ordinary table of the new file except SQLite's own and the shadow
 * tables of virtual tables: the search indexes (migration 0003) are filled by the new file's own
 * triggers as the rows are copied in.
 */
function plan(writer: Connection): CopyPlan[] {
  const schema = writer.prepare(`SELECT name, sql FROM fresh.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).all() as { name: string; sql: string }[];
  const virtual = schema.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  return schema
    .filter((t) => !virtual.includes(t.name) && !virtual.some((v) => t.name.startsWith(`${v}_`)))
    .map((t) => {
      const columns = (writer.prepare(`SELECT name FROM pragma_table_info(?, 'fresh')`).all(t.name) as { name: string }[]).map((c) => c.name);
      const { n } = writer.prepare(`SELECT count(*) AS n FROM main.${q(t.name)}`).get() as { n: number };
      return { table: t.name, columns, rows: n };
    });
}

/**
 * Copies every row of the open vault (the writer connection) into the new database `file`, keyed
 * with `key`, a chunk of rows per statement, yielding between chunks. The caller holds the
 * writer (Kysely's connection mutex), so no write transaction runs or starts meanwhile and the
 * vault does not change under the copy. Sets the copy's slot generations. Returns every table's
 * row count.
 *
 * The new file is a scratch file until it is checked and fsynced: it is written with no fsync and
 * its journal in memory (a crash leaves it to be removed), and foreign keys are checked once at
 * the end (verifyCopy), so tables can be copied in any order.
 */
export async function copyInto(
  writer: Connection,
  file: string,
  key: Uint8Array,
  generations: { passphrase: number; recovery: number },
  onProgress: (p: RekeyProgress) => void,
): Promise<Map<string, number>> {
  writer.prepare('ATTACH DATABASE ? AS fresh KEY ?').run(file, `x'${Buffer.from(key).toString('hex')}'`);
  writer.pragma('foreign_keys = OFF');
  try {
    writer.pragma('fresh.journal_mode = MEMORY');
    writer.pragma('fresh.synchronous = OFF');
    const tables = plan(writer);
    const total = tables.reduce((n, t) => n + t.rows, 0);
    let done = 0;
    onProgress({ phase: 'copying', done, total });
    for (const { table, columns } of tables) {
      const cols = columns.map(q).join(', ');
      writer.exec(`DELETE FROM fresh.${q(table)}`);
      const lastOf = writer.prepare(`SELECT max(rowid) AS last, count(*) AS n FROM (SELECT rowid FROM main.${q(table)} WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK_ROWS})`);
      const copy = writer.prepare(`INSERT INTO fresh.${q(table)} (${cols}) SELECT ${cols} FROM main.${q(table)} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`);
      for (let after = Number.MIN_SAFE_INTEGER; ; ) {
        const { last, n } = lastOf.get(after) as { last: number | null; n: number };
        if (last === null) break;
        copy.run(after, last);
        after = last;
        done += n;
        onProgress({ phase: 'copying', done, total });
        // Other requests (reads) are answered between chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    writer.prepare('UPDATE fresh.vault_state SET passphrase_generation = ?, recovery_generation = ? WHERE id = 1').run(generations.passphrase, generations.recovery);
    // The vault's counts, taken before the copy (nothing writes meanwhile); verifyCopy compares the copy's.
    return new Map(tables.map((t) => [t.table, t.rows]));
  } finally {
    // Closed meanwhile when the vault was locked: the rekey fails, and nothing is attached any more.
    if (writer.open) {
      writer.exec('DETACH DATABASE fresh');
      writer.pragma('foreign_keys = ON');
    }
  }
}

// Plain CommonJS, run with eval so the bundler needs no entry of its own for it (as kdf.ts).
const VERIFY_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const q = (n) => '"' + n.replace(/"/g, '""') + '"';
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true, nativeBinding: workerData.binding });
  db.pragma("cipher = 'chacha20'");
  db.pragma('key = "' + "x'" + workerData.key + "'" + '"');
  const integrity = db.pragma('integrity_check');
  const header = db.prepare('SELECT vault_id FROM vault_header WHERE id = 1').get();
  const counts = {};
  for (const table of workerData.tables) counts[table] = db.prepare('SELECT count(*) AS c FROM ' + q(table)).get().c;
  parentPort.postMessage({
    integrity: integrity.length === 1 && integrity[0].integrity_check === 'ok',
    foreignKeys: db.pragma('foreign_key_check').length === 0,
    vaultId: header ? header.vault_id : null,
    counts,
  });
} catch (e) {
  parentPort.postMessage({ error: String((e && e.code) || (e && e.message) || e) });
} finally {
  if (db) db.close();
}
`;

interface VerifyResult {
  integrity?: boolean;
  foreignKeys?: boolean;
  vaultId?: string | null;
  counts?: Record<string, number>;
  error?: string;
}

const MODULE_PATH = createRequire(__filename).resolve('better-sqlite3-multiple-ciphers');

/**
 * Checks the new database on its own connection, in a short-lived worker thread so the core's
 * thread stays free (an integrity check reads every page): every page reads and authenticates, no
 * broken reference, every row there, the same vault.
 */
export async function verifyCopy(file: string, key: Uint8Array, vaultId: string, counts: Map<string, number>): Promise<void> {
  const result = await new Promise<VerifyResult>((resolve, reject) => {
    const worker = new Worker(VERIFY_SOURCE, {
      eval: true,
      workerData: { module: MODULE_PATH, binding: nativeBinding(), file, key: Buffer.from(key).toString('hex'), tables: [...counts.keys()] },
    });
    worker.once('message', (m: VerifyResult) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The check of the re-encrypted copy stopped (${code}).`));
    });
  });
  const fail = (why: string) => new RapportError('INTERNAL', `Re-encrypting the vault: the new copy ${why}. The vault was not changed.`);
  if (result.error) throw fail(`could not be read (${result.error})`);
  if (!result.integrity) throw fail('failed its integrity check');
  if (!result.foreignKeys) throw fail('has broken references');
  if (result.vaultId !== vaultId) throw fail('is not of this vault');
  for (const [table, n] of counts) if (result.counts?.[table] !== n) throw fail(`has ${result.counts?.[table]} rows in ${table}, not ${n}`);
  for (const suffix of ['-wal', '-journal']) if (fs.existsSync(file + suffix)) throw fail('was not closed cleanly');
}
