/** Migration 4 (frozen): letter templates the user copied and edited (the built-in ones are constants). */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('letter_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('key_id', 'integer', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull())
    .execute();
}
