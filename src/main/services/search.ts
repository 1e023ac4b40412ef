/**
 * Search over decrypted text, held in memory only: built (a compact term index, termIndex.ts) on
 * the first search after unlock, from slices of each table so other requests keep running, kept
 * current from the vault's commit notifications, and dropped on lock. Nothing about it is written
 * to disk. The index keeps words and titles, not the text: the hits shown are decrypted again to
 * make their snippets.
 */
import type { SearchGroup, SearchHit } from '../../shared/types';
import type { RowChange, Vault } from '../vault/vault';
import type { RecordTableName } from '../vault/schema';
import type { ClientRecord } from './clients';
import type { ContactRecord } from './contacts';
import type { DateRecord } from './dates';
import type { FactRecord } from './facts';
import type { FollowUpRecord } from './followups';
import type { EntryRecord } from './timeline';
import type { EngagementRecord, ItemRecord } from './engagements';
import { TermIndex, words } from './termIndex';

interface Doc {
  kind: SearchHit['kind'];
  title: string;
  text: string;
}

/** What the index keeps of each document. */
interface Meta {
  table: Indexed;
  rowId: string;
  clientId: string;
  kind: SearchHit['kind'];
  title: string;
}

type Indexed = Extract<
  RecordTableName,
  'clients' | 'contacts' | 'facts' | 'timeline_entries' | 'follow_ups' | 'important_dates' | 'engagements' | 'expectation_items'
>;

/** How each table becomes a searchable document. */
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

function snippet(text: string, terms: string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  const at = Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0), flat.length);
  const start = Math.max(0, (at === flat.length ? 0 : at) - 40);
  return (start > 0 ? '…' : '') + flat.slice(start, start + 140) + (start + 140 < flat.length ? '…' : '');
}

export class SearchIndex {
  private index: TermIndex<Meta> | null = null;
  private building: Promise<TermIndex<Meta>> | null = null;
  private readonly clientNames = new Map<string, string>();
  /** Index updates from commits, applied in order; a search waits for them. */
  private pending: Promise<void> = Promise.resolve();
  private readonly onCommit = (changes: RowChange[]) => {
    this.pending = this.pending.then(() => this.apply(changes)).catch(() => undefined);
  };

  constructor(private readonly vault: Vault) {
    vault.commitListeners.add(this.onCommit);
  }

  /** Forgets everything (on lock). */
  drop(): void {
    this.vault.commitListeners.delete(this.onCommit);
    this.index = null;
    this.building = null;
    this.clientNames.clear();
  }

  async query(q: string, limit = 60): Promise<SearchGroup[]> {
    const text = q.trim();
    if (!text) return [];
    const index = await this.ready();
    await this.pending;
    const hits = index.search(text, limit);
    const terms = words(text);
    // The index keeps no text: decrypt the hits shown for their snippets (one read each, at once).
    const texts = await Promise.all(
      hits.map(async ({ meta }) => {
        const row = await this.vault.get<never>(meta.table, meta.rowId).catch(() => null);
        return row ? DOCS[meta.table](row.data).text : '';
      }),
    );
    const groups = new Map<string, SearchGroup>();
    hits.forEach(({ meta }, i) => {
      let group = groups.get(meta.clientId);
      if (!group) {
        group = { clientId: meta.clientId, clientName: this.clientNames.get(meta.clientId) ?? '', hits: [] };
        groups.set(meta.clientId, group);
      }
      group.hits.push({ kind: meta.kind, id: meta.rowId, title: meta.title, snippet: snippet(texts[i], terms) });
    });
    return [...groups.values()];
  }

  private ready(): Promise<TermIndex<Meta>> {
    if (this.index) return Promise.resolve(this.index);
    // A failed build (the vault locked meanwhile) is not kept: the next search tries again.
    this.building ??= this.build().catch((e: unknown) => {
      this.building = null;
      throw e;
    });
    return this.building;
  }

  private async build(): Promise<TermIndex<Meta>> {
    const index = new TermIndex<Meta>();
    index.startBulk();
    for (const table of TABLES) {
      for await (const rows of this.vault.slices<never>(table)) {
        for (const row of rows) this.add(index, table, row.id, row.clientId ?? row.id, row.data);
      }
    }
    index.endBulk();
    this.index = index;
    return index;
  }

  private add(index: TermIndex<Meta>, table: Indexed, rowId: string, clientId: string, data: never): void {
    const doc = DOCS[table](data);
    if (table === 'clients') this.clientNames.set(rowId, (data as ClientRecord).name);
    index.add({ key: `${table}:${rowId}`, meta: { table, rowId, clientId, kind: doc.kind, title: doc.title } }, doc.title, doc.text);
  }

  /** Keeps a built index in step with committed writes. */
  private async apply(changes: RowChange[]): Promise<void> {
    if (!this.index && !this.building) return; // not built yet: it will read everything when it is
    const index = await this.ready();
    for (const c of changes) {
      if (!(c.table in DOCS)) continue;
      const table = c.table as Indexed;
      index.remove(`${table}:${c.id}`);
      if (c.version === null) {
        if (table === 'clients') this.clientNames.delete(c.id);
        continue;
      }
      const row = await this.vault.get<never>(table, c.id).catch(() => null);
      if (row) this.add(index, table, c.id, row.clientId ?? row.id, row.data);
    }
  }
}
