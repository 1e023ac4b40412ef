/**
 * Search, on SQLite FTS5 inside the encrypted database (migration 0003_search): one contentless
 * index per searchable table, of each record's title and text (DOCS, computed in SQL by the
 * migration's triggers on every write). Nothing is built at unlock and nothing is held in memory
 * between searches; the few hits shown are read back to make their titles and snippets.
 *
 * Matching: every query word must match, accents and case folded; the last word is also a prefix
 * (results as you type). A word of five letters or more that matches nothing (not even as a prefix,
 * when last) is replaced by the words of the index within one edit of it (two from ten letters)
 * that start with the same letter.
 *
 * Ranking, in tiers: names (of clients, contacts, engagements) that start with the query; titles
 * (a name, an entry's summary, a fact's type...) holding every word; titles holding every word with
 * the last as a prefix; then the same anywhere in the record. Within a tier, a title equal to the query comes first, then kinds
 * in the order of DOCS, then the most recently added first (rowid order, descending, which FTS5
 * answers from the index without sorting).
 *
 * Every query word reaches FTS5 as a quoted string of letters and digits only, so no query text
 * is ever read as FTS5 syntax (quotes, `*`, `-`, `:`, NEAR, parentheses...).
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { SearchGroup, SearchHit } from '../../shared/types';
import type { Vault } from '../vault/vault';
import type { RecordTableName } from '../vault/schema';
import type { ClientRecord } from './clients';
import type { ContactRecord } from './contacts';
import type { DateRecord } from './dates';
import type { FactRecord } from './facts';
import type { FollowUpRecord } from './followups';
import type { EntryRecord } from './timeline';
import type { EngagementRecord, ItemRecord } from './engagements';

type Connection = Database.Database;

interface Doc {
  kind: SearchHit['kind'];
  title: string;
  text: string;
}

type Indexed = Extract<
  RecordTableName,
  'clients' | 'contacts' | 'facts' | 'timeline_entries' | 'follow_ups' | 'important_dates' | 'engagements' | 'expectation_items'
>;

/**
 * How a record of each searchable table reads in the results, in the order a tier shows its kinds.
 * The index (fts_<table>, migration 0003) holds the words of the same fields.
 */
const DOCS: { [T in Indexed]: (data: never) => Doc } = {
  clients: (d: ClientRecord) => ({
    kind: 'client',
    title: d.name,
    text: [d.name, d.industry, d.owner, d.tags.join(' '), d.notes, d.news ?? ''].join('\n'),
  }),
  contacts: (d: ContactRecord) => ({
    kind: 'contact',
    title: d.name,
    text: [d.name, d.role, d.email, d.phone, d.preferredTime ?? ''].join('\n'),
  }),
  facts: (d: FactRecord) => ({ kind: 'fact', title: d.type, text: d.text }),
  timeline_entries: (d: EntryRecord) => ({ kind: 'entry', title: d.summary, text: `${d.summary}\n${d.body}` }),
  follow_ups: (d: FollowUpRecord) => ({ kind: 'follow-up', title: d.reason, text: d.reason }),
  important_dates: (d: DateRecord) => ({ kind: 'date', title: d.label, text: `${d.label} ${d.date}` }),
  engagements: (d: EngagementRecord) => ({ kind: 'engagement', title: d.name, text: d.name }),
  expectation_items: (d: ItemRecord) => ({
    kind: 'expectation',
    title: d.text,
    text: [d.text, d.responsible, d.toldHow, ...d.history.map((h) => `${h.note} ${h.newTerms ?? ''}`)].join('\n'),
  }),
};
const TABLES = Object.keys(DOCS) as Indexed[];
/** Tables whose title is a name: the first tier (the name starts with the query) looks at these only. */
const NAMED: ReadonlySet<Indexed> = new Set(['clients', 'contacts', 'engagements']);

/** Near misses of one word used at most. */
const MAX_ALTERNATIVES = 50;
/** Characters of a snippet, and of it before the first match. */
const SNIPPET_CHARS = 140;
const SNIPPET_LEAD = 40;

/** Words of a query: lower case, accents folded, split at anything not a letter or digit (as the index's tokenizer does). */
export function words(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether a and b are within `max` (1 or 2) edits of each other (Levenshtein, banded). */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return false;
    prev = row;
  }
  return prev[b.length] <= max;
}

/** A string literal of FTS5 syntax: whatever it holds is text to match, never an operator. */
const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Prepared statements per connection (a new connection at each unlock). */
const statements = new WeakMap<Connection, Map<string, Database.Statement>>();
function prepare(db: Connection, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = db.prepare(text)));
  return stmt;
}

const matches = (db: Connection, table: Indexed, expr: string) =>
  prepare(db, `SELECT 1 FROM fts_${table} WHERE fts_${table} MATCH ? LIMIT 1`).get(expr) !== undefined;
const matchesSomewhere = (db: Connection, expr: string) => TABLES.some((table) => matches(db, table, expr));

/** Terms of the indexes within one edit of `word` (two from ten letters), with its first letter. */
function nearMisses(db: Connection, word: string): string[] {
  const max = word.length >= 10 ? 2 : 1;
  const first = word.codePointAt(0)!;
  const found = new Set<string>();
  for (const table of TABLES) {
    const terms = prepare(db, `SELECT term FROM fts_${table}_vocab WHERE term >= ? AND term < ?`)
      .pluck()
      .all(String.fromCodePoint(first), String.fromCodePoint(first + 1)) as string[];
    for (const term of terms) if (withinEdits(word, term, max)) found.add(term);
  }
  return [...found].slice(0, MAX_ALTERNATIVES);
}

/** One tier of the ranking: an FTS5 expression over the titles (`fts_<table>_title`) or the whole records (`fts_<table>`). */
interface Tier {
  index: '' | '_title';
  expr: string;
  /** The first tier: names (NAMED tables) starting with the query, those equal to it first. */
  names?: true;
}

/** A query ready for FTS5: its tiers, best first, and what a snippet should look for. */
interface Plan {
  /** The last is the broadest: every word anywhere, the last as a prefix. */
  tiers: Tier[];
  /** Words matched whole (query words and their near misses), and the last word when it is a prefix. */
  exact: Set<string>;
  prefix: string | null;
}

/**
 * The plan for the query words `qs` (at least one). With `nearMisses`, for a query that found
 * nothing: each word of five letters or more that matches nothing is replaced by its near misses;
 * null when there is none to replace, or one has none.
 */
function plan(db: Connection, qs: string[], withNearMisses: boolean): Plan | null {
  const last = qs.length - 1;
  const exact = new Set<string>();
  let prefix: string | null = null;
  const groups: { whole: string; typed: string }[] = [];
  let fuzzy = false;
  for (const [i, q] of qs.entries()) {
    const own = { whole: quote(q), typed: i === last ? `${quote(q)}*` : quote(q) };
    if (!withNearMisses || [...q].length < 5 || matchesSomewhere(db, own.typed)) {
      groups.push(own);
      exact.add(q);
      if (i === last) prefix = q;
      continue;
    }
    const near = nearMisses(db, q);
    if (near.length === 0) return null;
    for (const n of near) exact.add(n);
    const any = `(${near.map(quote).join(' OR ')})`;
    groups.push({ whole: any, typed: any });
    fuzzy = true;
  }
  if (withNearMisses && !fuzzy) return null;
  const whole = groups.map((g) => g.whole).join(' AND ');
  const typed = groups.map((g) => g.typed).join(' AND ');
  const tiers: Tier[] = [
    ...(fuzzy ? [] : [{ index: '_title' as const, expr: `^${quote(qs.join(' '))}`, names: true as const }]),
    { index: '_title', expr: whole },
    ...(typed === whole ? [] : [{ index: '_title' as const, expr: typed }]),
    { index: '', expr: whole },
    ...(typed === whole ? [] : [{ index: '' as const, expr: typed }]),
  ];
  return { tiers, exact, prefix };
}

/** About SNIPPET_CHARS of the text, from a little before its first word the query matched. */
export function snippet(text: string, exact: ReadonlySet<string>, prefix: string | null): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  let at = 0;
  for (const m of flat.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const w = words(m[0]).join('');
    if (exact.has(w) || (prefix !== null && w.startsWith(prefix))) {
      at = m.index;
      break;
    }
  }
  let start = Math.max(0, at - SNIPPET_LEAD);
  const space = flat.indexOf(' ', start);
  if (start > 0 && space >= 0 && space < at) start = space + 1; // from the start of a word
  const end = start + SNIPPET_CHARS;
  return (start > 0 ? '…' : '') + flat.slice(start, end) + (end < flat.length ? '…' : '');
}

interface Row {
  id: string;
  clientId: string;
  data: string;
}

/** Records of `table` in the tier, the most recently added first. */
function matching(db: Connection, table: Indexed, { index, expr }: Tier, limit: number): Row[] {
  const fts = `fts_${table}${index}`;
  return prepare(
    db,
    `SELECT s.id AS id, ${table === 'clients' ? 's.id' : 's.client_id'} AS clientId, s.data AS data
     FROM (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC LIMIT ?) f
     JOIN ${table} s ON s.rowid = f.rowid
     ORDER BY f.rowid DESC`,
  ).all(expr, limit) as Row[];
}

interface Found extends SearchHit {
  clientId: string;
}

/** At most `limit` hits for the query, best first, grouped by client (groups in the order of their best hit). */
export async function search(vault: Vault, q: string, limit = 60): Promise<SearchGroup[]> {
  const qs = [...new Set(words(q))];
  if (qs.length === 0) return [];
  return vault.readNative((db) => {
    // First whether each table matches the broadest tier at all: the others are left out of every
    // tier, and only when none matches are near misses looked for.
    let p = plan(db, qs, false)!;
    let tables = TABLES.filter((t) => matches(db, t, p.tiers.at(-1)!.expr));
    if (tables.length === 0) {
      const near = plan(db, qs, true);
      if (!near) return [];
      p = near;
      tables = TABLES.filter((t) => matches(db, t, p.tiers.at(-1)!.expr));
    }

    const found: Found[] = [];
    const seen = new Map<Indexed, Set<string>>(TABLES.map((t) => [t, new Set()]));
    for (const tier of p.tiers) {
      const tierStart = found.length;
      for (const table of tables) {
        if (tier.names && !NAMED.has(table)) continue;
        const taken = seen.get(table)!;
        for (const row of matching(db, table, tier, limit - found.length + taken.size)) {
          if (found.length >= limit) break;
          if (taken.has(row.id)) continue;
          taken.add(row.id);
          const doc = DOCS[table](JSON.parse(row.data) as never);
          found.push({ kind: doc.kind, id: row.id, clientId: row.clientId, title: doc.title, snippet: snippet(doc.text, p.exact, p.prefix) });
        }
        if (found.length >= limit) break;
      }
      if (tier.names) {
        // A title equal to the query (an exact name) before titles that only start with it.
        const named = found.slice(tierStart);
        const equal = named.filter((h) => words(h.title).join(' ') === qs.join(' '));
        found.splice(tierStart, named.length, ...equal, ...named.filter((h) => !equal.includes(h)));
      }
      if (found.length >= limit) break;
    }
    const names = new Map(
      (
        prepare(db, `SELECT id, json_extract(data, '$.name') AS name FROM clients WHERE id IN (SELECT value FROM json_each(?))`).all(
          JSON.stringify([...new Set(found.map((h) => h.clientId))]),
        ) as { id: string; name: unknown }[]
      ).map((r) => [r.id, String(r.name ?? '')]),
    );
    const groups = new Map<string, SearchGroup>();
    for (const { clientId, ...hit } of found) {
      let group = groups.get(clientId);
      if (!group) groups.set(clientId, (group = { clientId, clientName: names.get(clientId) ?? '', hits: [] }));
      group.hits.push(hit);
    }
    return [...groups.values()];
  });
}
