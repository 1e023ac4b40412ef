/**
 * The sync tables of migration 0004 as Kysely sees them. Kept here, beside the code that uses them,
 * rather than in vault/schema.ts: `syncDb` widens a transaction of the vault's schema to them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../vault/schema';

export interface SyncStateTable {
  id: number;
  sync_id: string;
  device_id: string;
  root_key: Uint8Array;
  folder: string;
  next_seq: number;
  last_hash: string | null;
  hlc: string;
  /** JSON of the segment being published ({ seq, hash, outboxLast }), or null. */
  pending: string | null;
  paused: number;
  last_synced_at: string | null;
  /** JSON array of the device ids this vault wrote under before (restored from a backup). */
  retired: string;
}

export interface SyncOutboxTable {
  seq: number;
  hlc: string;
  tbl: string;
  row_id: string;
  client_id: string | null;
  op: 'ins' | 'set' | 'unset' | 'del';
  field: string | null;
  value: string | null;
}

export interface SyncClocksTable {
  tbl: string;
  row_id: string;
  /** '' for the row itself (insert, or delete when `deleted`); otherwise a top-level field of the record. */
  field: string;
  hlc: string;
  device: string;
  deleted: number;
}

export interface SyncCursorsTable {
  device_id: string;
  seq: number;
  hash: string | null;
  max_hlc: string;
  last_seen_at: string | null;
}

export interface SyncConflictsTable {
  id: string;
  tbl: string;
  row_id: string;
  field: string;
  kept: string | null;
  lost: string | null;
  /** Clocks of the two edits (a clock ends with its device id). */
  kept_hlc: string;
  lost_hlc: string;
  found_at: string;
}

export interface SyncTables {
  sync_state: SyncStateTable;
  sync_outbox: SyncOutboxTable;
  sync_clocks: SyncClocksTable;
  sync_cursors: SyncCursorsTable;
  sync_conflicts: SyncConflictsTable;
}

export type SyncDb = Kysely<Database & SyncTables>;

export const syncDb = (db: Kysely<Database>): SyncDb => db as unknown as SyncDb;
