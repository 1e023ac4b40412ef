/**
 * A field of a record's JSON in SQL, written exactly as the indexes of migration 0002 write it
 * (`json_extract(data, '$.field')`), so SQLite finds the index and reads the value from it rather
 * than from the row. The JSON in `data` is the one source of truth; there is no copy to drift.
 */
import { type RawBuilder, sql } from 'kysely';

const NAME = /^[A-Za-z]+$/;

/** `json_extract(<table>.data, '$.<name>')`; `table` is the table's name or alias in the query. */
export function jsonField<T>(table: string, name: string): RawBuilder<T> {
  if (!NAME.test(name)) throw new Error(`Not a record field: ${name}`);
  return sql<T>`json_extract(${sql.ref(`${table}.data`)}, ${sql.raw(`'$.${name}'`)})`;
}

/** MM-DD of an important date: a yearly date's place in any year (index important_dates_month_day). */
export function monthDay(table: string): RawBuilder<string> {
  return sql<string>`substr(${jsonField<string>(table, 'date')}, 6, 5)`;
}
