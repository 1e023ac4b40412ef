/**
 * Migration 4: sync between a person's devices (docs/SYNC.md). Frozen once shipped.
 *
 * - sync_state: one row while sync is on: the synced vault's id, this device's id, the sync root key
 *   (random, wrapped in the sync folder by the folder's own key slots; kept here, inside the
 *   page-encrypted file, so it never depends on the database key), the folder, the next sequence
 *   number, the hash of the last segment written, the clock, a publish in flight, pause.
 * - sync_outbox: every committed local change not yet written to a segment, in commit order.
 * - sync_clocks: the hybrid logical clock of each record's last insert or delete (field '') and of
 *   each field set since, for last-writer-wins per field.
 * - sync_cursors: per other device, the last segment applied, its hash and the newest clock seen.
 * - sync_conflicts: the losing side of concurrent edits of one text field (with the clocks of both
 *   sides), until the person resolves it or a later edit that saw both settles it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('sync_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('root_key', 'blob', (c) => c.notNull().check(sql`length(root_key) = 32`))
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('next_seq', 'integer', (c) => c.notNull().check(sql`next_seq >= 1`))
    .addColumn('last_hash', 'text')
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addColumn('pending', 'text', (c) => c.check(sql`pending IS NULL OR json_valid(pending)`))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0).check(sql`paused IN (0, 1)`))
    .addColumn('last_synced_at', 'text')
    .addColumn('retired', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(retired)`))
    .execute();
  await db.schema
    .createTable('sync_outbox')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('op', 'text', (c) => c.notNull().check(sql`op IN ('ins', 'set', 'unset', 'del')`))
    .addColumn('field', 'text')
    .addColumn('value', 'text', (c) => c.check(sql`value IS NULL OR json_valid(value)`))
    .execute();
  await sql`CREATE TABLE sync_clocks (
    tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL, hlc TEXT NOT NULL, device TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (tbl, row_id, field))`.execute(db);
  await db.schema
    .createTable('sync_cursors')
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq >= 0`))
    .addColumn('hash', 'text')
    .addColumn('max_hlc', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text')
    .execute();
  await db.schema
    .createTable('sync_conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('kept', 'text', (c) => c.check(sql`kept IS NULL OR json_valid(kept)`))
    .addColumn('lost', 'text', (c) => c.check(sql`lost IS NULL OR json_valid(lost)`))
    .addColumn('kept_hlc', 'text', (c) => c.notNull())
    .addColumn('lost_hlc', 'text', (c) => c.notNull())
    .addColumn('found_at', 'text', (c) => c.notNull())
    .execute();
}
