/**
 * The vault's tables as Kysely sees them. In clear text: ids, foreign keys, versions and key ids.
 * Everything else about a record lives in `data`: padded XChaCha20-Poly1305 ciphertext of its JSON.
 */
import type { Generated } from 'kysely';

export interface VaultHeaderTable {
  id: number;
  /** Vault format (crypto and header layout); a newer one is refused. */
  format: number;
  vault_id: string;
  created_by: string;
}

export interface KeySlotTable {
  /** 'passphrase' | 'recovery' | 'device' */
  kind: string;
  kdf_alg: string | null;
  ops_limit: number | null;
  mem_limit: number | null;
  salt: Uint8Array | null;
  /** nonce || ciphertext of the vault key. */
  wrapped: Uint8Array;
}

export interface VaultStateTable {
  id: number;
  /** Incremented by every write transaction. */
  commit_counter: number;
  /** Sealed {counter, tables: {name: accumulator}}. */
  data: Uint8Array;
}

/** Columns every encrypted record table has. */
export interface RecordColumns {
  id: string;
  version: number;
  key_id: number;
  data: Uint8Array;
}

export interface SettingsTable extends RecordColumns {}

export interface ClientTable extends RecordColumns {}

export interface ContactTable extends RecordColumns {
  client_id: string;
}

export interface TimelineEntryTable extends RecordColumns {
  client_id: string;
}

export interface Database {
  vault_header: VaultHeaderTable;
  key_slots: KeySlotTable;
  vault_state: VaultStateTable;
  settings: SettingsTable;
  clients: ClientTable;
  contacts: ContactTable;
  timeline_entries: TimelineEntryTable;
  kysely_migration: { name: string; timestamp: Generated<string> };
}

/** The encrypted record tables, in the order a delete of a client must visit them (children first). */
export const RECORD_TABLES = ['timeline_entries', 'contacts', 'clients', 'settings'] as const;
export type RecordTableName = (typeof RECORD_TABLES)[number];
