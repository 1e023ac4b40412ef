/** Migration 1 (frozen): header, key slots, integrity state, settings, clients, contacts, timeline. */
import { type Kysely, sql } from 'kysely';

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
    .createTable('key_slots')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('kdf_alg', 'text')
    .addColumn('ops_limit', 'integer')
    .addColumn('mem_limit', 'integer')
    .addColumn('salt', 'blob')
    .addColumn('wrapped', 'blob', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('vault_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('commit_counter', 'integer', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull())
    .execute();

  const record = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('key_id', 'integer', (c) => c.notNull())
      .addColumn('data', 'blob', (c) => c.notNull());

  await record('settings').execute();
  await record('clients').execute();
  await record('contacts')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .execute();
  await db.schema.createIndex('contacts_client').on('contacts').column('client_id').execute();
  await record('timeline_entries')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .execute();
  await db.schema.createIndex('timeline_client').on('timeline_entries').column('client_id').execute();
}
