/**
 * Creating and upgrading a format-3 database file: the migrations, the header and the state row.
 */
import { type Kysely, Migrator, sql } from 'kysely';
import { RapportError } from '../../shared/errors';
import { type Connection, kyselyOver, openConnection } from './database';
import { MIGRATIONS } from './migrations';
import type { Database } from './schema';

/** The format this code writes. A vault with a larger number is refused. */
export const VAULT_FORMAT = 3;

/** An unlocked vault's connections and key. */
export interface Open {
  writer: Connection;
  reader: Connection;
  w: Kysely<Database>;
  r: Kysely<Database>;
  key: Uint8Array;
}

export function tooNew(): RapportError {
  return new RapportError(
    'VAULT_TOO_NEW',
    'This vault was written by a newer version of Rapport. Update Rapport to open it; nothing was changed.',
  );
}

/** Runs the format-3 migrations; refuses a vault from a newer Rapport. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const names = new Set((await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE type = 'table'`.execute(db)).rows.map((r) => r.name));
  if (names.has('vault_header')) {
    const header = await db.selectFrom('vault_header').select('format').executeTakeFirst();
    if (header && header.format > VAULT_FORMAT) throw tooNew();
  }
  if (names.has('kysely_migration')) {
    const applied = await db.selectFrom('kysely_migration').select('name').execute();
    if (applied.some((m) => !(m.name in MIGRATIONS))) throw tooNew();
    // Up to date: write nothing (an unlock must not change the file).
    if (applied.length === Object.keys(MIGRATIONS).length) return;
  }
  // Kysely runs SQLite migrations outside a transaction; one transaction around all of them means a
  // crash part-way leaves the file as it was, and the next unlock runs them again from the start.
  await sql`BEGIN IMMEDIATE`.execute(db);
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } }).migrateToLatest();
  await sql.raw(error ? 'ROLLBACK' : 'COMMIT').execute(db);
  if (error) {
    if (error instanceof RapportError) throw error;
    throw new RapportError('CORRUPT', `The vault could not be upgraded to this version of Rapport: ${String((error as Error).message ?? error)}`);
  }
}

/** Creates the schema, header and state of a new database file (closed afterwards). */
export async function initialiseDatabase(file: string, key: Uint8Array | null, init: { vaultId: string; createdBy: string; counter?: number; generations?: { passphrase: number; recovery: number } }): Promise<Open> {
  const writer = openConnection(file, { key, create: true });
  const w = kyselyOver(writer);
  await migrate(w);
  await w.transaction().execute(async (trx) => {
    await trx.insertInto('vault_header').values({ id: 1, format: VAULT_FORMAT, vault_id: init.vaultId, created_by: init.createdBy }).execute();
    await trx
      .insertInto('vault_state')
      .values({
        id: 1,
        commit_counter: init.counter ?? 0,
        passphrase_generation: init.generations?.passphrase ?? 0,
        recovery_generation: init.generations?.recovery ?? 0,
      })
      .execute();
  });
  const reader = openConnection(file, { key });
  return { writer, reader, w, r: kyselyOver(reader), key: key ?? new Uint8Array(0) };
}

/** Closes both connections; the WAL is checkpointed and removed by the last close. */
export function closeOpen(o: Open): void {
  o.reader.close();
  o.writer.close();
}

