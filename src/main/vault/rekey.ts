/**
 * Re-encrypting a vault under a new random database key ("rekey"), crash-safely.
 *
 * 1. A new database is created beside the vault (`<vault>.rekey`, keyed with the new key, every
 *    migration applied), ATTACHed to the writer connection with its key, and every table copied
 *    into it in chunks of rows inside one transaction that also holds the vault's write lock, so no
 *    commit can slip past the copy. The worker yields between chunks: reads go on meanwhile, writes
 *    wait for the end.
 * 2. The copy is checked on its own connection (integrity_check, foreign_key_check, the row count
 *    of every table, the vault id) and fsynced.
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
import { type Connection, openConnection } from './database';
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
const CHUNK_ROWS = 2_000;

function removeDb(file: string): void {
  for (const suffix of SIDE_FILES) fs.rmSync(file + suffix, { force: true });
}

/** Finishes or undoes a rekey a crash interrupted (see the top of this file). Safe to call any time the vault is closed. */
export function settleRekey(vaultFile: string): void {
  const newDb = rekeyDbOf(vaultFile);
  const newKeys = rekeyKeysOf(vaultFile);
  const dir = path.dirname(vaultFile);
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
  fs.rmSync(rekeyKeysOf(vaultFile), { force: true });
  fsyncDir(path.dirname(vaultFile));
  removeDb(rekeyDbOf(vaultFile));
}

interface CopyPlan {
  table: string;
  columns: string[];
  rows: number;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The tables to copy: every ordinary table of the new file except SQLite's own and the shadow
 * tables of virtual tables (an FTS index is rebuilt from its content, by triggers or 'rebuild').
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
 * with `key`, in one transaction that holds the vault's write lock; yields between chunks. Sets the
 * copy's slot generations. Returns the row count of every table.
 */
export async function copyInto(
  writer: Connection,
  file: string,
  key: Uint8Array,
  generations: { passphrase: number; recovery: number },
  onProgress: (p: RekeyProgress) => void,
): Promise<Map<string, number>> {
  writer.prepare('ATTACH DATABASE ? AS fresh KEY ?').run(file, `x'${Buffer.from(key).toString('hex')}'`);
  try {
    writer.exec('BEGIN IMMEDIATE');
    try {
      writer.pragma('defer_foreign_keys = ON');
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
      const fts = writer.prepare(`SELECT name FROM fresh.sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%content=%'`).all() as { name: string }[];
      for (const { name } of fts) writer.prepare(`INSERT INTO fresh.${q(name)} (${q(name)}) VALUES ('rebuild')`).run();
      writer.prepare('UPDATE fresh.vault_state SET passphrase_generation = ?, recovery_generation = ? WHERE id = 1').run(generations.passphrase, generations.recovery);
      const counts = new Map<string, number>();
      for (const { table } of tables) {
        const { a, b } = writer.prepare(`SELECT (SELECT count(*) FROM main.${q(table)}) AS a, (SELECT count(*) FROM fresh.${q(table)}) AS b`).get() as { a: number; b: number };
        if (a !== b) throw new RapportError('INTERNAL', `Re-encrypting the vault: ${table} has ${b} rows in the copy, ${a} in the vault. The vault was not changed.`);
        counts.set(table, a);
      }
      writer.exec('COMMIT');
      return counts;
    } catch (e) {
      if (writer.open && writer.inTransaction) writer.exec('ROLLBACK');
      throw e;
    }
  } finally {
    // Closed meanwhile when the vault was locked: the rekey fails, and nothing is attached any more.
    if (writer.open) writer.exec('DETACH DATABASE fresh');
  }
}

/** Checks the new database on its own connection: every page reads, no broken reference, every row there. */
export function verifyCopy(file: string, key: Uint8Array, vaultId: string, counts: Map<string, number>): void {
  const db = openConnection(file, { key });
  try {
    const fail = (why: string) => new RapportError('INTERNAL', `Re-encrypting the vault: the new copy ${why}. The vault was not changed.`);
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') throw fail('failed its integrity check');
    if ((db.pragma('foreign_key_check') as unknown[]).length > 0) throw fail('has broken references');
    const header = db.prepare('SELECT vault_id FROM vault_header WHERE id = 1').get() as { vault_id: string } | undefined;
    if (header?.vault_id !== vaultId) throw fail('is not of this vault');
    for (const [table, n] of counts) {
      const { c } = db.prepare(`SELECT count(*) AS c FROM ${q(table)}`).get() as { c: number };
      if (c !== n) throw fail(`has ${c} rows in ${table}, not ${n}`);
    }
  } finally {
    db.close();
  }
  if (fs.existsSync(`${file}-wal`)) throw new RapportError('INTERNAL', 'Re-encrypting the vault: the new copy was not closed cleanly. The vault was not changed.');
}
