/**
 * The format-3 database as Kysely sees it. The whole file is page-encrypted (SQLite3MultipleCiphers,
 * ChaCha20-Poly1305), so nothing here is clear text on disk: without the database key the file is
 * random bytes, with no header, schema or counts.
 *
 * Every record table has `id`, `version` (for optimistic concurrency: a stale edit gives CONFLICT)
 * and the record as JSON in `data`; tables whose rows belong to a client add `client_id`, a real
 * foreign key. Nullable columns are `T | null`.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface VaultHeaderTable {
  id: number;
  /** 3: page-encrypted SQLite. A newer one is refused. */
  format: number;
  vault_id: string;
  created_by: string;
}

/**
 * One row: the commit counter (every write transaction adds one) and the generation of each key
 * slot as last written, so an older slot file or an older database is refused.
 */
export interface VaultStateTable {
  id: number;
  commit_counter: number;
  passphrase_generation: number;
  recovery_generation: number;
}

/** Columns every record table has. */
export interface RecordColumns {
  id: string;
  version: number;
  /** The record's JSON. */
  data: string;
}

/** A record that belongs to a client. */
export interface ClientChildColumns extends RecordColumns {
  client_id: string;
}

export interface Database {
  vault_header: VaultHeaderTable;
  vault_state: VaultStateTable;
  settings: RecordColumns;
  clients: RecordColumns;
  contacts: ClientChildColumns;
  timeline_entries: ClientChildColumns;
  facts: ClientChildColumns;
  important_dates: ClientChildColumns;
  warmth_readings: ClientChildColumns;
  handovers: ClientChildColumns;
  follow_ups: ClientChildColumns;
  engagements: ClientChildColumns;
  expectation_items: ClientChildColumns;
  client_checklists: ClientChildColumns;
  checklist_templates: RecordColumns;
  review_sessions: RecordColumns;
  letter_templates: RecordColumns;
  kysely_migration: { name: string; timestamp: Generated<string> };
}

export type RecordRow = Selectable<ClientChildColumns> | Selectable<RecordColumns>;
export type NewRecordRow = Insertable<ClientChildColumns> | Insertable<RecordColumns>;

/** Tables whose rows belong to one client (`client_id`); deleted with it. */
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

/** Every record table, children before parents. */
export const RECORD_TABLES = [...CLIENT_CHILD_TABLES, 'clients', 'settings', 'checklist_templates', 'review_sessions', 'letter_templates'] as const;
export type RecordTableName = (typeof RECORD_TABLES)[number];

const CHILD_SET: ReadonlySet<string> = new Set(CLIENT_CHILD_TABLES);
export const isClientChild = (table: string): table is ClientChildTableName => CHILD_SET.has(table);
