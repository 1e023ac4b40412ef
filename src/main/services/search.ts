/**
 * Search over decrypted text, held in memory only: built (MiniSearch) on the first search after
 * unlock, kept current from the vault's commit notifications, and dropped on lock. Nothing about
 * it is written to disk.
 */
import MiniSearch from 'minisearch';
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

interface Doc {
  id: string;
  kind: SearchHit['kind'];
  rowId: string;
  clientId: string;
  title: string;
  text: string;
}

type Indexed = Extract<
  RecordTableName,
  'clients' | 'contacts' | 'facts' | 'timeline_entries' | 'follow_ups' | 'important_dates' | 'engagements' | 'expectation_items'
>;

/** How each table becomes a searchable document. */
const DOCS: { [T in Indexed]: (rowId: string, clientId: string, data: never) => Omit<Doc, 'id' | 'rowId' | 'clientId'> } = {
  clients: (_i, _c, d: ClientRecord) => ({
    kind: 'client',
    title: d.name,
    text: [d.name, d.industry, d.owner, d.tags.join(' '), d.notes, d.news ?? ''].join('\n'),
  }),
  contacts: (_i, _c, d: ContactRecord) => ({
    kind: 'contact',
    title: d.name,
    text: [d.name, d.role, d.email, d.phone, d.preferredTime ?? ''].join('\n'),
  }),
  facts: (_i, _c, d: FactRecord) => ({ kind: 'fact', title: d.type, text: d.text }),
  timeline_entries: (_i, _c, d: EntryRecord) => ({ kind: 'entry', title: d.summary, text: `${d.summary}\n${d.body}` }),
  follow_ups: (_i, _c, d: FollowUpRecord) => ({ kind: 'follow-up', title: d.reason, text: d.reason }),
  important_dates: (_i, _c, d: DateRecord) => ({ kind: 'date', title: d.label, text: `${d.label} ${d.date}` }),
  engagements: (_i, _c, d: EngagementRecord) => ({ kind: 'engagement', title: d.name, text: d.name }),
  expectation_items: (_i, _c, d: ItemRecord) => ({
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
  private index: MiniSearch<Doc> | null = null;
  private building: Promise<MiniSearch<Doc>> | null = null;
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
    const results = index.search(text, { prefix: true, fuzzy: (term) => (term.length > 4 ? 0.2 : 0), combineWith: 'AND' });
    const groups = new Map<string, SearchGroup>();
    for (const r of results.slice(0, limit)) {
      const doc = r as unknown as Doc & { terms: string[] };
      let group = groups.get(doc.clientId);
      if (!group) {
        group = { clientId: doc.clientId, clientName: this.clientNames.get(doc.clientId) ?? '', hits: [] };
        groups.set(doc.clientId, group);
      }
      group.hits.push({ kind: doc.kind, id: doc.rowId, title: doc.title, snippet: snippet(doc.text, doc.terms) });
    }
    return [...groups.values()];
  }

  private ready(): Promise<MiniSearch<Doc>> {
    if (this.index) return Promise.resolve(this.index);
    // A failed build (the vault locked meanwhile) is not kept: the next search tries again.
    this.building ??= this.build().catch((e: unknown) => {
      this.building = null;
      throw e;
    });
    return this.building;
  }

  private async build(): Promise<MiniSearch<Doc>> {
    const index = new MiniSearch<Doc>({
      fields: ['title', 'text'],
      storeFields: ['kind', 'rowId', 'clientId', 'title', 'text'],
      searchOptions: { boost: { title: 2 } },
    });
    for (const table of TABLES) {
      for (const row of await this.vault.all<never>(table)) {
        index.add(this.doc(table, row.id, row.clientId ?? row.id, row.data));
      }
    }
    this.index = index;
    return index;
  }

  private doc(table: Indexed, rowId: string, clientId: string, data: never): Doc {
    if (table === 'clients') this.clientNames.set(rowId, (data as ClientRecord).name);
    return { id: `${table}:${rowId}`, rowId, clientId, ...DOCS[table](rowId, clientId, data) };
  }

  /** Keeps a built index in step with committed writes. */
  private async apply(changes: RowChange[]): Promise<void> {
    if (!this.index && !this.building) return; // not built yet: it will read everything when it is
    const index = await this.ready();
    for (const c of changes) {
      if (!(c.table in DOCS)) continue;
      const table = c.table as Indexed;
      const docId = `${table}:${c.id}`;
      if (index.has(docId)) index.discard(docId);
      if (c.version === null) {
        if (table === 'clients') this.clientNames.delete(c.id);
        continue;
      }
      const row = await this.vault.get<never>(table, c.id).catch(() => null);
      const clientId = table === 'clients' ? c.id : await this.vault.clientIdOf(table, c.id);
      if (row && clientId) index.add(this.doc(table, c.id, clientId, row.data));
    }
  }
}
