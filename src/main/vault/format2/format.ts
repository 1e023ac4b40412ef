/**
 * Formats 1 and 2 (frozen): associated data for every ciphertext, and key contexts, as the Rapport
 * that wrote them used them. Only the format-2 reader uses this; never change it.
 */
import { encodeUtf8, type KdfParams } from '../crypto';

/**
 * Format of record ciphertexts. A vault with a larger number is refused.
 * 1: record AD without the owning client. 2: the AD also binds the clear client_id, so a record
 * moved to another client fails authentication. Format 1 vaults are upgraded at unlock.
 */
export const FORMAT2 = 2;

/** Key slots and the integrity state have kept their first format (their AD says 1). */
const SLOT_AND_STATE_FORMAT = 1;

/** crypto_kdf contexts (exactly 8 bytes each). Record keys use the record key id as the subkey id. */
export const CONTEXT_RECORDS = 'rapportr';
export const CONTEXT_STATE = 'rapports';
export const CONTEXT_INTEGRITY = 'rapporti';
export const CONTEXT_RECOVERY = 'rapportv';

/** The record key new ciphertexts use. Older ids stay readable, so keys can rotate. */
export const CURRENT_RECORD_KEY_ID = 1;

export type SlotKind = 'passphrase' | 'recovery';

const bytes = (parts: unknown[]): Uint8Array => encodeUtf8(JSON.stringify(parts));

/**
 * Binds a record ciphertext to its place: copying it to another row, column, version or client
 * fails. `owner` is the row's clear client_id (null for tables without one).
 */
export function recordAd(
  vaultId: string,
  table: string,
  rowId: string,
  column: string,
  version: number,
  keyId: number,
  owner: string | null,
  format: number = FORMAT2,
): Uint8Array {
  if (format === 1) return bytes(['rapport-record', 1, vaultId, table, rowId, column, version, keyId]);
  return bytes(['rapport-record', format, vaultId, table, rowId, column, version, keyId, owner]);
}

/** Binds a wrapped vault key to its vault, its slot and the slot's KDF parameters. */
export function slotAd(vaultId: string, kind: SlotKind, kdf: KdfParams | null): Uint8Array {
  return bytes([
    'rapport-slot',
    SLOT_AND_STATE_FORMAT,
    vaultId,
    kind,
    kdf ? kdf.alg : null,
    kdf ? kdf.opsLimit : null,
    kdf ? kdf.memLimit : null,
  ]);
}

export function stateAd(vaultId: string): Uint8Array {
  return bytes(['rapport-state', SLOT_AND_STATE_FORMAT, vaultId]);
}

/** What the integrity accumulator hashes for one row. */
export function rowTagInput(table: string, rowId: string, version: number): Uint8Array {
  return bytes([table, rowId, version]);
}
