/**
 * Converts a format-1/2 vault (sealed records in a plain SQLite file) to format 3, once, at its
 * first unlock by this version:
 *
 * 1. the frozen reader (format2/reader.ts) unlocks it and reads and verifies every record;
 * 2. a new page-encrypted database is written under a temporary name beside it, every record read
 *    back and compared with what was read, and fsynced;
 * 3. the key file is written (atomically);
 * 4. the old file is kept as `<name>.format2.rapport` (a hard link, or a copy), and
 * 5. the new database is renamed over the vault's name, and the folder fsynced.
 *
 * A crash before step 5 leaves the old file at the vault's name, and the next unlock converts again
 * (the leftovers are replaced); after it, the vault is format 3 with its key file. Either way the
 * vault opens with the same passphrase and loses nothing.
 *
 * The database key is the format-2 vault key, so the recovery kit the user already has still opens
 * the vault: its slot is carried over as it was (generation 0, old associated data). Converting with
 * the recovery key writes a recovery slot of the new kind instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import { wipe } from './crypto';
import { type KeyFile, passphraseSlot, recoverySlot, withCounter, writeKeyFile } from './keyfile';
import { type LegacyCredentials, type LegacyRecord, readLegacyVault } from './format2/reader';
import { RECORD_TABLES, type RecordTableName, isClientChild } from './schema';
import type { VaultOptions } from './vault';
import { initialiseDatabase } from './initialise';
import { fsyncDir, fsyncFile } from '../files';

/** Where the converted vault's old file is kept until the user removes it (Settings). */
export function legacyCopyPath(vaultFile: string): string {
  return vaultFile.replace(/\.rapport$/, '') + '.format2.rapport';
}

/** Inserts in this order: parents before the rows that refer to them. */
const INSERT_ORDER: RecordTableName[] = [...RECORD_TABLES].reverse();

export async function convertLegacyVault(
  file: string,
  creds: LegacyCredentials,
  passphrase: string,
  options: VaultOptions,
): Promise<{ key: Uint8Array; keys: KeyFile }> {
  const legacy = await readLegacyVault(file, creds, options.minKdf);
  const key = legacy.vaultKey;
  const dir = path.dirname(file);
  for (const leftover of fs.readdirSync(dir)) {
    if (leftover.startsWith(`.${path.basename(file)}.`) && leftover.includes('.converting')) fs.rmSync(path.join(dir, leftover), { force: true });
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.converting`);
  try {
    const db = await initialiseDatabase(tmp, key, { vaultId: legacy.vaultId, createdBy: 'Rapport (converted from format 2)', counter: legacy.counter });
    try {
      const insert = (table: string) =>
        db.writer.prepare(isClientChild(table) ? `INSERT INTO ${table} (id, version, client_id, data) VALUES (?, ?, ?, ?)` : `INSERT INTO ${table} (id, version, data) VALUES (?, ?, ?)`);
      db.writer.transaction(() => {
        for (const table of INSERT_ORDER) {
          const stmt = insert(table);
          for (const r of legacy.tables.get(table) ?? []) {
            if (isClientChild(table)) stmt.run(r.id, r.version, r.clientId, JSON.stringify(r.data));
            else stmt.run(r.id, r.version, JSON.stringify(r.data));
          }
        }
      }).immediate();
      verifyCopy(db.reader, legacy.tables);
    } finally {
      db.reader.close();
      db.writer.close();
    }
    fsyncFile(tmp);

    const recovery =
      'recoveryKey' in creds
        ? recoverySlot(legacy.vaultId, key, creds.recoveryKey, 0)
        : legacy.recoveryWrapped
          ? { kind: 'recovery' as const, generation: 0, kdf: null, salt: null, wrapped: Buffer.from(legacy.recoveryWrapped).toString('base64'), legacy: true as const }
          : null;
    if (!recovery) throw new RapportError('CORRUPT', 'This vault has no recovery slot.');
    const keys = withCounter(
      {
        rapport: 'vault-keys',
        format: 3,
        vaultId: legacy.vaultId,
        cipher: 'chacha20',
        slots: [await passphraseSlot(legacy.vaultId, key, passphrase, options.kdf, 0), recovery],
        counter: null,
      },
      key,
      legacy.counter,
    );
    writeKeyFile(file, keys);

    const kept = legacyCopyPath(file);
    fs.rmSync(kept, { force: true });
    try {
      fs.linkSync(file, kept);
    } catch {
      fs.copyFileSync(file, kept);
      fsyncFile(kept);
    }
    // The old file's WAL was checkpointed and removed by the reader; nothing of it may meet the new file.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
    fs.renameSync(tmp, file);
    fsyncDir(dir);
    return { key, keys };
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(tmp + suffix, { force: true });
    wipe(key);
    throw e;
  }
}

/** Reads every record back from the new file and compares it with what the old one held. */
function verifyCopy(reader: import('./database').Connection, tables: Map<string, LegacyRecord[]>): void {
  for (const table of RECORD_TABLES) {
    const expected = tables.get(table) ?? [];
    const rows = reader.prepare(`SELECT * FROM ${table}`).all() as { id: string; version: number; client_id?: string; data: string }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    if (rows.length !== expected.length) throw new RapportError('INTERNAL', `Converting the vault: ${table} has ${rows.length} rows, expected ${expected.length}. The vault was not changed.`);
    for (const r of expected) {
      const got = byId.get(r.id);
      if (!got || got.version !== r.version || (got.client_id ?? null) !== r.clientId || got.data !== JSON.stringify(r.data)) {
        throw new RapportError('INTERNAL', `Converting the vault: record ${r.id} in ${table} did not read back the same. The vault was not changed.`);
      }
    }
  }
}
