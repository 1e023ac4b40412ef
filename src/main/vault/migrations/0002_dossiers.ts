/** Migration 2 (frozen): personal facts, important dates, warmth readings, handovers, follow-ups. */
import type { Kysely } from 'kysely';

export const TABLES = ['facts', 'important_dates', 'warmth_readings', 'handovers', 'follow_ups'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const name of TABLES) {
    await db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('key_id', 'integer', (c) => c.notNull())
      .addColumn('data', 'blob', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .execute();
    await db.schema.createIndex(`${name}_client`).on(name).column('client_id').execute();
  }
}
