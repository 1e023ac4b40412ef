/**
 * Change capture: inside the very transaction that writes a record, one outbox row per change (an
 * insert with the whole record, an update as one row per top-level field that changed, a delete as
 * a tombstone), each with a new hybrid logical clock, and that clock recorded for last-writer-wins.
 * A crash either keeps the write and its change records or neither.
 */
import type { Kysely } from 'kysely';
import type { ChangeHook } from '../vault/vault';
import type { Database, RecordTableName } from '../vault/schema';
import type { HlcClock } from './hlc';
import { syncDb } from './tables';

type Fields = Record<string, unknown>;
const asFields = (v: unknown): Fields => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});

export class ChangeCapture implements ChangeHook {
  /** While set, writes are not captured (remote changes being applied, and what is derived from them). */
  suppressed = false;

  constructor(readonly clock: HlcClock) {}

  async inserted(trx: Kysely<Database>, table: RecordTableName, id: string, data: unknown, clientId: string | null): Promise<void> {
    if (this.suppressed) return;
    const db = syncDb(trx);
    const hlc = this.clock.tick();
    await db.insertInto('sync_outbox').values({ hlc, tbl: table, row_id: id, client_id: clientId, op: 'ins', field: null, value: JSON.stringify(data) } as never).execute();
    // Re-inserted (an undo): the row's fields all date from now.
    await db.deleteFrom('sync_clocks').where('tbl', '=', table).where('row_id', '=', id).execute();
    await db.insertInto('sync_clocks').values({ tbl: table, row_id: id, field: '', hlc, device: this.clock.device, deleted: 0 }).execute();
  }

  async updating(trx: Kysely<Database>, table: RecordTableName, id: string, data: unknown): Promise<void> {
    if (this.suppressed) return;
    const db = syncDb(trx);
    const row = await db.selectFrom(table).select('data').where('id', '=', id).executeTakeFirst();
    const before = asFields(row ? JSON.parse(row.data) : {});
    const after = asFields(data);
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const had = field in before;
      const has = field in after && after[field] !== undefined;
      if (had && has && JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
      if (!had && !has) continue;
      const hlc = this.clock.tick();
      await db
        .insertInto('sync_outbox')
        .values({ hlc, tbl: table, row_id: id, client_id: null, op: has ? 'set' : 'unset', field, value: has ? JSON.stringify(after[field]) : null } as never)
        .execute();
      await db
        .insertInto('sync_clocks')
        .values({ tbl: table, row_id: id, field, hlc, device: this.clock.device, deleted: 0 })
        .onConflict((oc) => oc.columns(['tbl', 'row_id', 'field']).doUpdateSet({ hlc, device: this.clock.device }))
        .execute();
    }
  }

  async removed(trx: Kysely<Database>, table: RecordTableName, id: string): Promise<void> {
    if (this.suppressed) return;
    const db = syncDb(trx);
    const hlc = this.clock.tick();
    await db.insertInto('sync_outbox').values({ hlc, tbl: table, row_id: id, client_id: null, op: 'del', field: null, value: null } as never).execute();
    await db.deleteFrom('sync_clocks').where('tbl', '=', table).where('row_id', '=', id).execute();
    await db.insertInto('sync_clocks').values({ tbl: table, row_id: id, field: '', hlc, device: this.clock.device, deleted: 1 }).execute();
  }
}
