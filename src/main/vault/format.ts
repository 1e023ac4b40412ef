/**
 * The vault's byte-level format: associated data for every ciphertext, and key contexts.
 * Changing anything here changes the format: bump VAULT_FORMAT and add a migration.
 */
import { encodeUtf8, type KdfParams } from './crypto';

/** Format of headers, slots and ciphertexts. A vault with a larger number is refused. */
export const VAULT_FORMAT = 1;

/** crypto_kdf contexts (exactly 8 bytes each). Record keys use the record key id as the subkey id. */
export const CONTEXT_RECORDS = 'rapportr';
export const CONTEXT_STATE = 'rapports';
export const CONTEXT_INTEGRITY = 'rapporti';
export const CONTEXT_RECOVERY = 'rapportv';

/** The record key new ciphertexts use. Older ids stay readable, so keys can rotate. */
export const CURRENT_RECORD_KEY_ID = 1;

export type SlotKind = 'passphrase' | 'recovery';

const bytes = (parts: unknown[]): Uint8Array => encodeUtf8(JSON.stringify(parts));

/** Binds a record ciphertext to its place: copying it to another row, column or version fails. */
export function recordAd(
  vaultId: string,
  table: string,
  rowId: string,
  column: string,
  version: number,
  keyId: number,
): Uint8Array {
  return bytes(['rapport-record', VAULT_FORMAT, vaultId, table, rowId, column, version, keyId]);
}

/** Binds a wrapped vault key to its vault, its slot and the slot's KDF parameters. */
export function slotAd(vaultId: string, kind: SlotKind, kdf: KdfParams | null): Uint8Array {
  return bytes([
    'rapport-slot',
    VAULT_FORMAT,
    vaultId,
    kind,
    kdf ? kdf.alg : null,
    kdf ? kdf.opsLimit : null,
    kdf ? kdf.memLimit : null,
  ]);
}

export function stateAd(vaultId: string): Uint8Array {
  return bytes(['rapport-state', VAULT_FORMAT, vaultId]);
}

/** What the integrity accumulator hashes for one row. */
export function rowTagInput(table: string, rowId: string, version: number): Uint8Array {
  return bytes([table, rowId, version]);
}
