/**
 * The frozen reader of format-1 and format-2 vaults (every record a sealed JSON blob in a plain
 * SQLite file), kept only to convert them to format 3 (../convert.ts). Never change what it accepts:
 * it must read every vault an older Rapport wrote, and verify it exactly as that Rapport did.
 */
import { RapportError } from '../../../shared/errors';
import { type KdfParams, decodeUtf8, deriveSubkey, equalBytes, mac, open, unpad, wipe } from '../crypto';
import { deriveKeyInWorker } from '../kdf';
import { type Connection, openConnection } from '../database';
import { checkKdf } from '../keyfile';
import { CONTEXT_INTEGRITY, CONTEXT_RECORDS, CONTEXT_RECOVERY, CONTEXT_STATE, recordAd, rowTagInput, slotAd, stateAd } from './format';
import { CLIENT_CHILD_TABLES, RECORD_TABLES } from './schema';

export const PLAINTEXT_CREATED_BY = 'Rapport benchmark baseline: UNENCRYPTED, not a vault';

export interface LegacyRecord {
  id: string;
  version: number;
  clientId: string | null;
  data: unknown;
}

export interface LegacyVault {
  vaultId: string;
  format: number;
  /** The format-2 vault key: it becomes the format-3 database key, so the old recovery kit still opens the vault. */
  vaultKey: Uint8Array;
  /** The recovery slot as it was (its associated data is the format-1 one). */
  recoveryWrapped: Uint8Array | null;
  counter: number;
  tables: Map<string, LegacyRecord[]>;
}

interface SlotRow {
  kind: string;
  kdf_alg: string | null;
  ops_limit: number | null;
  mem_limit: number | null;
  salt: Buffer | null;
  wrapped: Buffer;
}

/** Reads a format-1/2 file's header without any key: its vault id and format. */
export function legacyHeader(file: string): { vaultId: string; format: number; createdBy: string } {
  const db = openConnection(file, { key: null, readonly: true });
  try {
    const row = db.prepare('SELECT vault_id, format, created_by FROM vault_header WHERE id = 1').get() as
      | { vault_id: string; format: number; created_by: string }
      | undefined;
    if (!row) throw new RapportError('CORRUPT', 'This file is not a Rapport vault.');
    return { vaultId: row.vault_id, format: row.format, createdBy: row.created_by };
  } catch (e) {
    if (e instanceof RapportError) throw e;
    throw new RapportError('CORRUPT', 'This file is not a Rapport vault.');
  } finally {
    db.close();
  }
}

export type LegacyCredentials = { passphrase: string } | { recoveryKey: Uint8Array };

/**
 * Unlocks a format-1/2 vault and reads every record, verifying each table's integrity accumulator
 * and every record's authentication. Throws WRONG_PASSPHRASE / WRONG_RECOVERY_KEY, or CORRUPT.
 */
export async function readLegacyVault(file: string, creds: LegacyCredentials, minKdf: KdfParams): Promise<LegacyVault> {
  // Read-write, so a WAL left behind is checkpointed into the file and removed when this closes.
  const db = openConnection(file, { key: null });
  let vaultKey: Uint8Array | null = null;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const header = db.prepare('SELECT vault_id, format FROM vault_header WHERE id = 1').get() as { vault_id: string; format: number } | undefined;
    if (!header || header.format < 1 || header.format > 2) throw new RapportError('CORRUPT', 'This file is not a Rapport vault of format 1 or 2.');
    const vaultId = header.vault_id;
    const slots = db.prepare('SELECT kind, kdf_alg, ops_limit, mem_limit, salt, wrapped FROM key_slots').all() as SlotRow[];
    const recovery = slots.find((s) => s.kind === 'recovery') ?? null;
    vaultKey = await openLegacySlot(vaultId, slots, creds, minKdf);

    const stateKey = deriveSubkey(vaultKey, 1, CONTEXT_STATE);
    const state = db.prepare('SELECT commit_counter, data FROM vault_state WHERE id = 1').get() as { commit_counter: number; data: Buffer } | undefined;
    const plain = state ? open(stateKey, state.data, stateAd(vaultId)) : null;
    wipe(stateKey);
    if (!state || !plain) throw new RapportError('CORRUPT', 'The vault_state record failed authentication: the vault was changed outside Rapport.');
    const parsed = JSON.parse(decodeUtf8(plain)) as { counter: number; tables: Record<string, string> };
    if (parsed.counter !== state.commit_counter) throw new RapportError('CORRUPT', 'The vault_state record was changed outside Rapport.');

    const tables = readTables(db, vaultId, header.format, vaultKey, parsed.tables);
    return { vaultId, format: header.format, vaultKey, recoveryWrapped: recovery ? new Uint8Array(recovery.wrapped) : null, counter: parsed.counter, tables };
  } catch (e) {
    wipe(vaultKey);
    throw e;
  } finally {
    db.close();
  }
}

async function openLegacySlot(vaultId: string, slots: SlotRow[], creds: LegacyCredentials, minKdf: KdfParams): Promise<Uint8Array> {
  if ('passphrase' in creds) {
    const slot = slots.find((s) => s.kind === 'passphrase');
    if (!slot || !slot.salt || slot.ops_limit === null || slot.mem_limit === null) {
      throw new RapportError('CORRUPT', 'This vault has no passphrase slot.');
    }
    const params = { alg: slot.kdf_alg ?? '', opsLimit: slot.ops_limit, memLimit: slot.mem_limit };
    checkKdf(params, minKdf);
    const kek = await deriveKeyInWorker(creds.passphrase, new Uint8Array(slot.salt), params);
    const key = open(kek, slot.wrapped, slotAd(vaultId, 'passphrase', params));
    wipe(kek);
    if (!key) throw new RapportError('WRONG_PASSPHRASE', 'That passphrase does not open this vault.');
    return key;
  }
  const slot = slots.find((s) => s.kind === 'recovery');
  if (!slot) throw new RapportError('CORRUPT', 'This vault has no recovery slot.');
  const kek = deriveSubkey(creds.recoveryKey, 1, CONTEXT_RECOVERY);
  const key = open(kek, slot.wrapped, slotAd(vaultId, 'recovery', null));
  wipe(kek);
  if (!key) throw new RapportError('WRONG_RECOVERY_KEY', 'This recovery key does not open this vault.');
  return key;
}

function readTables(db: Connection, vaultId: string, format: number, vaultKey: Uint8Array, accumulators: Record<string, string>): Map<string, LegacyRecord[]> {
  const present = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  const integrityKey = deriveSubkey(vaultKey, 1, CONTEXT_INTEGRITY);
  const recordKeys = new Map<number, Uint8Array>();
  const out = new Map<string, LegacyRecord[]>();
  try {
    for (const table of RECORD_TABLES) {
      // A format-1 vault from before a migration has no such table: it held nothing of that kind.
      if (!present.has(table)) {
        if (accumulators[table] && !equalBytes(new Uint8Array(Buffer.from(accumulators[table], 'hex')), new Uint8Array(32))) {
          throw new RapportError('CORRUPT', `The ${table} table is missing from the vault.`);
        }
        out.set(table, []);
        continue;
      }
      const child = (CLIENT_CHILD_TABLES as readonly string[]).includes(table);
      const rows = db.prepare(`SELECT id, version, key_id, data${child ? ', client_id' : ''} FROM ${table} ORDER BY rowid`).all() as {
        id: string;
        version: number;
        key_id: number;
        data: Buffer;
        client_id?: string;
      }[];
      const acc = new Uint8Array(32);
      const records: LegacyRecord[] = [];
      for (const row of rows) {
        const tag = mac(integrityKey, rowTagInput(table, row.id, row.version));
        for (let i = 0; i < 32; i++) acc[i] ^= tag[i];
        let key = recordKeys.get(row.key_id);
        if (!key) recordKeys.set(row.key_id, (key = deriveSubkey(vaultKey, row.key_id, CONTEXT_RECORDS)));
        const plain = open(key, row.data, recordAd(vaultId, table, row.id, 'data', row.version, row.key_id, row.client_id ?? null, format));
        const unpadded = plain ? unpad(plain) : null;
        if (!unpadded) throw new RapportError('CORRUPT', `Record ${row.id} in ${table} failed authentication: it was changed outside Rapport.`);
        records.push({ id: row.id, version: row.version, clientId: row.client_id ?? null, data: JSON.parse(decodeUtf8(unpadded)) });
        wipe(plain);
      }
      const expected = accumulators[table] ? new Uint8Array(Buffer.from(accumulators[table], 'hex')) : new Uint8Array(32);
      if (!equalBytes(acc, expected)) {
        throw new RapportError('CORRUPT', `The ${table} table does not match what Rapport last wrote: rows were removed, added or put back outside Rapport.`);
      }
      out.set(table, records);
    }
    return out;
  } finally {
    wipe(integrityKey, ...recordKeys.values());
  }
}
