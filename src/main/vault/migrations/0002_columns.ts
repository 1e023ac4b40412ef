/**
 * Migration 2 of format 3: an index for each screen's query, on the fields of the record's JSON
 * that the screens filter, sort and count on, so SQL does the work instead of JavaScript.
 *
 * The indexes are on expressions (`json_extract(data, '$.field')`), not on generated columns: the
 * JSON stays the one source of truth and no service can let a copy drift from it, and SQLite reads
 * an indexed expression from the index itself (a covering index), which it does not do for a
 * generated column. A query uses an index only when it names the expression exactly as written
 * here: services build them with `jsonField` (../fields.ts), which writes this same text.
 *
 * Indexes that start with client_id replace 0001's `<table>_client` index of that table (the
 * foreign key's lookups use the new one).
 */
import { type Kysely, sql } from 'kysely';

// Written out rather than derived: a shipped migration must not change when the code's lists do.
const f = (name: string) => `json_extract(data, '$.${name}')`;

/** name, table, indexed terms (and a WHERE for a partial index): what each screen's query reads. */
const INDEXES: [name: string, table: string, terms: string[], where?: string][] = [
  // Going cold: only clients with a cadence, and everything the query needs.
  ['clients_cadence', 'clients', [f('cadenceDays'), f('lastContactAt'), f('createdAt'), f('name'), 'id'], `${f('cadenceDays')} IS NOT NULL`],
  // A client's timeline newest first, filtered by kind; its last contact.
  ['timeline_entries_client_time', 'timeline_entries', ['client_id', f('occurredAt'), f('kind')]],
  // The practice's timeline newest first; a quarter's interactions per client (review).
  ['timeline_entries_time', 'timeline_entries', [f('occurredAt'), f('kind'), 'client_id']],
  // Entries of some kinds per client in time order: open issues (review).
  ['timeline_entries_kind', 'timeline_entries', [f('kind'), 'client_id', f('occurredAt')]],
  // Follow-ups by status, soonest first (the Follow-ups screen, today, overdue per client).
  ['follow_ups_status_due', 'follow_ups', [f('status'), f('dueOn'), 'client_id']],
  // Promises by due date and state (review outcomes, promises needing attention).
  ['expectation_items_kind_due', 'expectation_items', [f('kind'), f('dueOn'), f('state'), 'client_id']],
  // Dates coming round (upcoming, review's next quarter): yearly ones by month and day, others by date.
  ['important_dates_month_day', 'important_dates', [f('recurrence'), `substr(${f('date')}, 6, 5)`, 'client_id']],
  ['important_dates_date', 'important_dates', [f('recurrence'), f('date'), 'client_id']],
  // A client's readings in time order (dossier, current warmth), and every reading in a time range (review trend).
  ['warmth_readings_client_at', 'warmth_readings', ['client_id', f('at'), f('value')]],
  ['warmth_readings_at', 'warmth_readings', [f('at'), 'client_id', f('value')]],
  ['handovers_at', 'handovers', [f('at'), 'client_id']],
];

/** 0001's client_id indexes that an index above, starting with client_id, makes redundant. */
const REPLACED = ['timeline_entries_client', 'warmth_readings_client'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, terms, where] of INDEXES) {
    await sql.raw(`CREATE INDEX ${name} ON ${table} (${terms.join(', ')})${where ? ` WHERE ${where}` : ''}`).execute(db);
  }
  for (const name of REPLACED) await sql.raw(`DROP INDEX ${name}`).execute(db);
}
