/**
 * The plain-SQLite twin of a seeded vault: the same format-3 schema and indexes in an unencrypted
 * file (Vault.create in the benchmark-only plaintext mode: no key file, its header marks it as
 * plain), holding the same rows under the same rowids, ids, versions and owning clients, each `data`
 * the same JSON text.
 *
 * The rows are copied table by table, in one transaction, from the encrypted vault read with its
 * database key (unwrapped from its key file with the bench passphrase) on a connection of our own,
 * instead of seeding a second time: seconds rather than minutes.
 */
import fs from 'node:fs';
import { loadSodium, wipe } from '../src/main/vault/crypto';
import { openConnection } from '../src/main/vault/database';
import { openPassphraseSlot, readKeyFile } from '../src/main/vault/keyfile';
import { RECORD_TABLES, isClientChild } from '../src/main/vault/schema';
import { Vault } from '../src/main/vault/vault';
import { BENCH_KDF, PASSPHRASE } from './config';
import { type SeededMeta, countRows, vaultOptions } from './common';

export async function buildPlainTwin(encFile: string, encMeta: SeededMeta, plainFile: string, log: (msg: string) => void): Promise<SeededMeta> {
  const started = performance.now();
  const tag = `${encMeta.workload.name}/plain`;
  for (const suffix of ['', '-wal', '-shm', '.keys']) fs.rmSync(plainFile + suffix, { force: true });
  // The schema, header and state of a plaintext benchmark vault, made as the app makes a vault.
  const { vault: created } = await Vault.create(plainFile, PASSPHRASE, vaultOptions('plain'));
  await created.close();

  await loadSodium();
  const key = await openPassphraseSlot(readKeyFile(encFile), PASSPHRASE, BENCH_KDF);
  // Read-write, though only read: a read-only connection would leave an empty WAL and shared-memory
  // file beside the cached vault; the last read-write connection to close removes them.
  const enc = openConnection(encFile, { key });
  wipe(key);
  const plain = openConnection(plainFile, { key: null });
  try {
    const copied: [string, number][] = [];
    plain.transaction(() => {
      // Parents first: RECORD_TABLES lists children before parents.
      for (const table of [...RECORD_TABLES].reverse()) {
        const cols = isClientChild(table) ? ['rowid', 'id', 'version', 'client_id', 'data'] : ['rowid', 'id', 'version', 'data'];
        const list = cols.join(', ');
        const insert = plain.prepare(`INSERT INTO ${table} (${list}) VALUES (${cols.map(() => '?').join(', ')})`);
        let n = 0;
        for (const row of enc.prepare(`SELECT ${list} FROM ${table} ORDER BY rowid`).raw().iterate() as IterableIterator<unknown[]>) {
          insert.run(...row);
          n++;
        }
        copied.push([table, n]);
      }
    })();
    for (const [table, n] of copied) if (n) log(`${tag}: copied ${n.toLocaleString('en-GB')} ${table}`);
    plain.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    plain.close();
    enc.close();
  }

  // The twin must open, verify and hold what the encrypted vault holds.
  const twin = await Vault.open(plainFile, vaultOptions('plain'));
  try {
    await twin.unlock(PASSPHRASE);
    await twin.verifyAll();
    const counts = await countRows(twin);
    for (const [table, n] of Object.entries(encMeta.counts)) {
      if (counts[table] !== n) throw new Error(`${tag}: ${table} has ${counts[table]} rows, the encrypted vault ${n}.`);
    }
    return { ...encMeta, mode: 'plain', counts, seedMs: Math.round(performance.now() - started) };
  } finally {
    await twin.close();
  }
}
