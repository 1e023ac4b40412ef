/**
 * The plain-SQLite twin of a seeded vault: the same schema and indexes (Vault.create in the
 * benchmark-only plaintext mode), the same rows under the same ids and versions, each `data` the
 * record's JSON in clear, exactly as the plaintext codec writes it.
 *
 * Copying the decrypted rows in bulk, in one transaction, instead of seeding a second time takes
 * seconds rather than minutes. Integrity tags are zero in plaintext mode, so the accumulators of an
 * empty vault still match after the copy.
 */
import fs from 'node:fs';
import sqlite3 from 'sqlite3';
import { CLIENT_CHILD_TABLES, RECORD_TABLES, type RecordTableName } from '../src/main/vault/schema';
import { Vault } from '../src/main/vault/vault';
import { PASSPHRASE } from './config';
import { type SeededMeta, countRows, vaultOptions } from './common';

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

export async function buildPlainTwin(encFile: string, encMeta: SeededMeta, plainFile: string, log: (msg: string) => void): Promise<SeededMeta> {
  const started = performance.now();
  const tag = `${encMeta.workload.name}/plain`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(plainFile + suffix, { force: true });
  const { vault: created } = await Vault.create(plainFile, PASSPHRASE, vaultOptions('plain'));
  await created.close();

  const enc = await Vault.open(encFile, vaultOptions('encrypted'));
  await enc.unlock(PASSPHRASE);
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(plainFile, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(d)));
  });
  try {
    await exec(db, 'PRAGMA foreign_keys = ON; BEGIN IMMEDIATE');
    // Parents first: RECORD_TABLES lists children before parents.
    for (const table of [...RECORD_TABLES].reverse() as RecordTableName[]) {
      const child = (CLIENT_CHILD_TABLES as readonly string[]).includes(table);
      const owners = child ? await enc.clientIdsOf(table as (typeof CLIENT_CHILD_TABLES)[number]) : null;
      const rows = await enc.all(table);
      const stmt = db.prepare(
        child
          ? `INSERT INTO ${table} (id, version, key_id, data, client_id) VALUES (?, ?, 0, ?, ?)`
          : `INSERT INTO ${table} (id, version, key_id, data) VALUES (?, ?, 0, ?)`,
      );
      let failed: Error | null = null;
      for (const r of rows) {
        const data = Buffer.from(JSON.stringify(r.data), 'utf8');
        const params = child ? [r.id, r.version, data, owners!.get(r.id)] : [r.id, r.version, data];
        stmt.run(params, (err: Error | null) => void (err && (failed ??= err)));
      }
      await new Promise<void>((resolve, reject) => stmt.finalize((err) => (err ? reject(err) : resolve())));
      if (failed) throw failed;
      if (rows.length) log(`${tag}: copied ${rows.length.toLocaleString('en-GB')} ${table}`);
    }
    await exec(db, 'COMMIT');
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
    await enc.close();
  }

  // The twin must open, verify and hold what the encrypted vault holds.
  const plain = await Vault.open(plainFile, vaultOptions('plain'));
  try {
    await plain.unlock(PASSPHRASE);
    const counts = await countRows(plain);
    for (const [table, n] of Object.entries(encMeta.counts)) {
      if (counts[table] !== n) throw new Error(`${tag}: ${table} has ${counts[table]} rows, the encrypted vault ${n}.`);
    }
    return { ...encMeta, mode: 'plain', counts, seedMs: Math.round(performance.now() - started) };
  } finally {
    await plain.close();
  }
}
