/**
 * Migration 3 of format 3 (frozen): full-text search in SQLite FTS5, inside the encrypted file, with
 * nothing to build at unlock.
 *
 * For each searchable table `t`:
 * - `fts_t` is a contentless FTS5 index (it keeps no copy of the text, only its words, and it can
 *   delete) of two columns computed from the record's JSON: its title and the rest of its text.
 *   Accents and case are folded; prefix indexes of one to four letters serve as-you-type queries.
 *   Its rowid is the record's rowid. 'secure-delete' removes a deleted record's words from the index
 *   at once, rather than marking them deleted until a merge;
 * - `fts_t_title` indexes the title alone, the same way: ranking looks at titles first, and a word
 *   frequent in the text but not in titles would otherwise be a long scan of `fts_t`;
 * - `fts_t_vocab` (fts5vocab) lists the words of `fts_t`, for typo tolerance;
 * - triggers keep the index in step with every write to `t`, whichever code makes it (services,
 *   imports, undo, conversion, later sync).
 * The index is filled here from the records already there. Every statement is IF NOT EXISTS, the
 * fill starts from an empty index, and it runs inside the one transaction `migrate` puts around
 * every pending migration (initialise.ts): a crash before it is recorded leaves the file as it was.
 */
import { type Kysely, sql } from 'kysely';

// Written out rather than imported: a shipped migration must not change when the code's lists do.
// Each is a function of the JSON column (`data`, or `new.data` in a trigger); the same fields the
// search service shows (src/main/services/search.ts, DOCS).
type Text = (data: string) => string;
const field =
  (name: string): Text =>
  (data) =>
    `json_extract(${data}, '$.${name}')`;
const lines =
  (...parts: Text[]): Text =>
  (data) =>
    `concat_ws(char(10), ${parts.map((p) => p(data)).join(', ')})`;
const none: Text = () => 'NULL';
const tags: Text = (data) => `(SELECT group_concat(value, ' ') FROM json_each(${data}, '$.tags'))`;
const history: Text = (data) =>
  `(SELECT group_concat(concat_ws(' ', json_extract(value, '$.note'), json_extract(value, '$.newTerms')), char(10)) FROM json_each(${data}, '$.history'))`;

const SOURCES: Record<string, { title: Text; body: Text }> = {
  clients: { title: field('name'), body: lines(field('industry'), field('owner'), tags, field('notes'), field('news')) },
  contacts: { title: field('name'), body: lines(field('role'), field('email'), field('phone'), field('preferredTime')) },
  facts: { title: field('type'), body: field('text') },
  timeline_entries: { title: field('summary'), body: field('body') },
  follow_ups: { title: field('reason'), body: none },
  important_dates: { title: field('label'), body: field('date') },
  engagements: { title: field('name'), body: none },
  expectation_items: { title: field('text'), body: lines(field('responsible'), field('toldHow'), history) },
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, { title, body }] of Object.entries(SOURCES)) {
    const fts = `fts_${table}`;
    const titles = `${fts}_title`;
    const options = `content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4'`;
    const add = `
         INSERT INTO ${fts} (rowid, title, body) VALUES (new.rowid, ${title('new.data')}, ${body('new.data')});
         INSERT INTO ${titles} (rowid, title) VALUES (new.rowid, ${title('new.data')});`;
    const remove = `
         DELETE FROM ${fts} WHERE rowid = old.rowid;
         DELETE FROM ${titles} WHERE rowid = old.rowid;`;
    const statements = [
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${fts} USING fts5(title, body, ${options})`,
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${titles} USING fts5(title, ${options})`,
      `INSERT INTO ${fts} (${fts}, rank) VALUES ('secure-delete', 1)`,
      `INSERT INTO ${titles} (${titles}, rank) VALUES ('secure-delete', 1)`,
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${fts}_vocab USING fts5vocab(${fts}, 'row')`,
      `CREATE TRIGGER IF NOT EXISTS ${fts}_insert AFTER INSERT ON ${table} BEGIN ${add} END`,
      `CREATE TRIGGER IF NOT EXISTS ${fts}_update AFTER UPDATE OF data ON ${table} BEGIN ${remove} ${add} END`,
      `CREATE TRIGGER IF NOT EXISTS ${fts}_delete AFTER DELETE ON ${table} BEGIN ${remove} END`,
      `INSERT INTO ${fts} (${fts}) VALUES ('delete-all')`,
      `INSERT INTO ${titles} (${titles}) VALUES ('delete-all')`,
      `INSERT INTO ${fts} (rowid, title, body) SELECT rowid, ${title('data')}, ${body('data')} FROM ${table}`,
      `INSERT INTO ${titles} (rowid, title) SELECT rowid, ${title('data')} FROM ${table}`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  }
}
