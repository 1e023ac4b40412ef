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

/** A record that belongs to a client (migration 2 tables). */
export interface ClientChildTable extends RecordColumns {
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
  facts: ClientChildTable;
  important_dates: ClientChildTable;
  warmth_readings: ClientChildTable;
  handovers: ClientChildTable;
  follow_ups: ClientChildTable;
  engagements: ClientChildTable;
  expectation_items: ClientChildTable;
  client_checklists: ClientChildTable;
  checklist_templates: RecordColumns;
  review_sessions: RecordColumns;
  letter_templates: RecordColumns;
  kysely_migration: { name: string; timestamp: Generated<string> };
}

/** Tables whose rows belong to one client (clear `client_id`); deleted with it. */
export const CLIENT_CHILD_TABLES = [
  'timeline_entries',
  'facts',
  'important_dates',
  'warmth_readings',
  'handovers',
  'follow_ups',
  'expectation_items',
  'engagements',
  'client_checklists',
  'contacts',
] as const;
export type ClientChildTableName = (typeof CLIENT_CHILD_TABLES)[number];

/** Every encrypted record table, children before parents. */
export const RECORD_TABLES = [...CLIENT_CHILD_TABLES, 'clients', 'settings', 'checklist_templates', 'review_sessions', 'letter_templates'] as const;
export type RecordTableName = (typeof RECORD_TABLES)[number];
