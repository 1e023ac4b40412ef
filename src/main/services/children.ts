import { RapportError } from '../../shared/errors';
import type { ClientChildTableName } from '../vault/schema';
import type { StoredRecord, Writer } from '../vault/vault';

/** Reads a record that belongs to a client, with its client id, or throws NOT_FOUND naming it. */
export async function requireChild<T>(
  w: Writer,
  table: ClientChildTableName,
  id: string,
  what: string,
): Promise<{ clientId: string; rec: StoredRecord<T> }> {
  const row = await w.trx.selectFrom(table).select('client_id').where('id', '=', id).executeTakeFirst();
  const rec = row ? await w.get<T>(table, id) : null;
  if (!row || !rec) throw new RapportError('NOT_FOUND', `That ${what} no longer exists.`);
  return { clientId: row.client_id, rec };
}

/** Keeps only the keys whose value is defined: a patch from optional inputs. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
