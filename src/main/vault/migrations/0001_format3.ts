/**
 * Migration 1 of format 3 (frozen): the whole schema of the first page-encrypted vault.
 * Format-1 and format-2 files are not migrated: they are converted once (see ../convert.ts).
 */
import { type Kysely, sql } from 'kysely';

// Written out rather than imported: a shipped migration must not change when the code's lists do.
const PARENT_TABLES = ['settings', 'clients', 'checklist_templates', 'review_sessions', 'letter_templates'];
const CLIENT_CHILD_TABLES = [
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
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`PRAGMA application_id = 1380995156`.execute(db); // 'RPPT'
  await db.schema
    .createTable('vault_header')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('format', 'integer', (c) => c.notNull())
    .addColumn('vault_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('vault_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('commit_counter', 'integer', (c) => c.notNull().check(sql`commit_counter >= 0`))
    .addColumn('passphrase_generation', 'integer', (c) => c.notNull().check(sql`passphrase_generation >= 0`))
    .addColumn('recovery_generation', 'integer', (c) => c.notNull().check(sql`recovery_generation >= 0`))
    .execute();

  for (const name of PARENT_TABLES) {
    await db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
      .addColumn('data', 'text', (c) => c.notNull().check(sql`json_valid(data)`))
      .execute();
  }
  for (const name of CLIENT_CHILD_TABLES) {
    await db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('data', 'text', (c) => c.notNull().check(sql`json_valid(data)`))
      .execute();
    await db.schema.createIndex(`${name}_client`).on(name).column('client_id').execute();
  }
}
