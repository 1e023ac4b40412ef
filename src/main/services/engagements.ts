/**
 * Engagements and their expectation checklists: what we promised, what the client expects that we
 * will not do (and how we told them), assumptions; the state of every promise, each change noted
 * and put on the timeline in the same transaction; and the promise-keeping rate.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { jsonField } from '../vault/fields';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import type {
  ClientPromises,
  Engagement,
  EngagementStatus,
  ExpectationItem,
  ItemKind,
  ItemState,
  ItemStateChange,
  PromiseAttention,
  PromiseStats,
  QuarterOutcomes,
} from '../../shared/types';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';
import { requireClient } from './clients';
import { definedOnly, requireChild } from './children';
import { todayIso } from './dates';
import { insertEntry } from './timeline';

export interface EngagementRecord {
  name: string;
  startOn: string;
  plannedEndOn: string | null;
  value: number | null;
  status: EngagementStatus;
}

export interface ItemRecord {
  engagementId: string;
  kind: ItemKind;
  text: string;
  responsible: string;
  dueOn: string | null;
  state: ItemState;
  toldHow: string;
  toldOn: string | null;
  evidenceEntryId: string | null;
  history: ItemStateChange[];
  createdAt: string;
}

const toEngagement = (id: string, clientId: string, version: number, r: EngagementRecord): Engagement => ({
  id,
  clientId,
  version,
  ...r,
});

const toItem = (id: string, clientId: string, version: number, r: ItemRecord): ExpectationItem => ({
  id,
  clientId,
  version,
  engagementId: r.engagementId,
  kind: r.kind,
  text: r.text,
  responsible: r.responsible,
  dueOn: r.dueOn,
  state: r.state,
  toldHow: r.toldHow,
  toldOn: r.toldOn,
  evidenceEntryId: r.evidenceEntryId,
  history: r.history,
});

// ---- engagements ----

export async function createEngagement(deps: ServiceDeps, input: ParsedInput<'engagements.create'>): Promise<Engagement> {
  const { clientId, ...fields } = input;
  const record: EngagementRecord = {
    name: fields.name,
    startOn: fields.startOn,
    plannedEndOn: fields.plannedEndOn ?? null,
    value: fields.value ?? null,
    status: fields.status ?? 'active',
  };
  if (record.plannedEndOn && record.plannedEndOn < record.startOn) {
    throw new RapportError('INVALID_INPUT', 'The planned end is before the start.');
  }
  const id = randomUUID();
  return deps.vault.write(async (w) => {
    await requireClient(w, clientId);
    const version = await w.insert('engagements', id, record, { client_id: clientId });
    for (const item of input.items ?? []) await insertItem(w, clientId, id, item, deps.clock.now());
    return toEngagement(id, clientId, version, record);
  });
}

export async function updateEngagement(deps: ServiceDeps, input: ParsedInput<'engagements.update'>): Promise<Engagement> {
  const { id, version: expected, ...patch } = input;
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<EngagementRecord>(w, 'engagements', id, 'engagement');
    const next: EngagementRecord = { ...rec.data, ...definedOnly(patch) };
    if (next.plannedEndOn && next.plannedEndOn < next.startOn) {
      throw new RapportError('INVALID_INPUT', 'The planned end is before the start.');
    }
    const version = await w.update('engagements', id, next, expected);
    return toEngagement(id, clientId, version, next);
  });
}

// ---- items ----

type NewItem = NonNullable<ParsedInput<'engagements.create'>['items']>[number];

async function insertItem(w: Writer, clientId: string, engagementId: string, item: NewItem, now: Date): Promise<ExpectationItem> {
  if (item.kind === 'gap' && !item.toldHow?.trim()) {
    throw new RapportError('INVALID_INPUT', 'For an expectation gap, say how (and when) you told the client.');
  }
  const record: ItemRecord = {
    engagementId,
    kind: item.kind,
    text: item.text,
    responsible: item.responsible ?? '',
    dueOn: item.kind === 'promise' ? (item.dueOn ?? null) : null,
    state: 'open',
    toldHow: item.toldHow ?? '',
    toldOn: item.toldOn ?? null,
    evidenceEntryId: null,
    history: [],
    createdAt: now.toISOString(),
  };
  const id = randomUUID();
  const version = await w.insert('expectation_items', id, record, { client_id: clientId });
  return toItem(id, clientId, version, record);
}

export async function addItem(deps: ServiceDeps, input: ParsedInput<'expectations.add'>): Promise<ExpectationItem> {
  const { engagementId, ...item } = input;
  return deps.vault.write(async (w) => {
    const { clientId } = await requireChild(w, 'engagements', engagementId, 'engagement');
    return insertItem(w, clientId, engagementId, item, deps.clock.now());
  });
}

export async function updateItem(deps: ServiceDeps, input: ParsedInput<'expectations.update'>): Promise<ExpectationItem> {
  const { id, version: expected, ...patch } = input;
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<ItemRecord>(w, 'expectation_items', id, 'item');
    if (patch.dueOn !== undefined && rec.data.kind !== 'promise') {
      throw new RapportError('INVALID_INPUT', 'Only a promise has a due date.');
    }
    const next: ItemRecord = { ...rec.data, ...definedOnly(patch) };
    const version = await w.update('expectation_items', id, next, expected);
    return toItem(id, clientId, version, next);
  });
}

export async function deleteItem(deps: ServiceDeps, { id }: { id: string }): Promise<null> {
  await deps.vault.write(async (w) => {
    await requireChild(w, 'expectation_items', id, 'item');
    await w.remove('expectation_items', id);
  });
  return null;
}

/** How a state reads in a timeline entry's summary ("Promise kept: …"). */
export const STATE_WORDS: Record<ItemState, string> = {
  open: 'reopened',
  'on-track': 'on track',
  'at-risk': 'at risk',
  kept: 'kept',
  slipped: 'slipped',
  missed: 'missed',
  renegotiated: 'renegotiated',
};

/**
 * Changes a promise's state. Validated: only promises have states; "kept" needs a due date and
 * may cite a delivery entry of the same client as evidence; "renegotiated" needs the new terms and
 * the client's agreement. Adds exactly one timeline entry, in the same transaction.
 */
export async function changeItemState(deps: ServiceDeps, input: ParsedInput<'expectations.setState'>): Promise<ExpectationItem> {
  const now = deps.clock.now();
  return deps.vault.write(async (w) => {
    const { clientId, rec } = await requireChild<ItemRecord>(w, 'expectation_items', input.id, 'item');
    const item = rec.data;
    if (item.kind !== 'promise') throw new RapportError('INVALID_INPUT', 'Only a promise has a state; this item is a ' + item.kind + '.');
    if (item.state === input.state && input.state !== 'renegotiated') {
      throw new RapportError('CONFLICT', `This promise is already ${STATE_WORDS[input.state]}.`);
    }
    if (input.state === 'kept' && !item.dueOn) {
      throw new RapportError('INVALID_INPUT', 'Only a promise with a due date can be marked kept: set its due date first.');
    }
    if (input.evidenceEntryId && input.state !== 'kept') {
      throw new RapportError('INVALID_INPUT', 'Evidence goes with a kept promise.');
    }
    if (input.evidenceEntryId) {
      const evidence = await requireChild(w, 'timeline_entries', input.evidenceEntryId, 'evidence entry');
      if (evidence.clientId !== clientId) throw new RapportError('NOT_FOUND', 'The evidence must be an entry on this client’s timeline.');
    }
    if (input.state === 'renegotiated') {
      if (!input.newTerms?.trim()) throw new RapportError('INVALID_INPUT', 'A renegotiation needs the new terms.');
      if (input.clientAgreed !== true) throw new RapportError('INVALID_INPUT', 'Record that the client agreed to the new terms.');
    } else if (input.newTerms || input.newDueOn || input.clientAgreed !== undefined) {
      throw new RapportError('INVALID_INPUT', 'New terms go with a renegotiation.');
    }

    const engagement = await w.get<EngagementRecord>('engagements', item.engagementId);
    const entry = await insertEntry(
      w,
      clientId,
      {
        kind: input.state === 'kept' ? 'delivery' : 'promise',
        occurredAt: now.toISOString(),
        summary: `Promise ${STATE_WORDS[input.state]}: ${item.text}`,
        body: [
          engagement ? `Engagement: ${engagement.data.name}` : '',
          `Note: ${input.note}`,
          input.newTerms ? `New terms: ${input.newTerms}${input.newDueOn ? ` (due ${input.newDueOn})` : ''}; the client agreed.` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      },
      now,
    );
    const change: ItemStateChange = {
      state: input.state,
      note: input.note,
      at: now.toISOString(),
      entryId: entry.id,
      evidenceEntryId: input.evidenceEntryId ?? null,
      newTerms: input.newTerms ?? null,
      newDueOn: input.newDueOn ?? null,
      clientAgreed: input.clientAgreed ?? null,
    };
    const next: ItemRecord = {
      ...item,
      state: input.state,
      dueOn: input.newDueOn ?? item.dueOn,
      evidenceEntryId: input.state === 'kept' ? (input.evidenceEntryId ?? null) : item.evidenceEntryId,
      history: [...item.history, change],
    };
    const version = await w.update('expectation_items', input.id, next, input.version);
    return toItem(input.id, clientId, version, next);
  });
}

// ---- rates ----

const RESOLVED: ReadonlySet<ItemState> = new Set<ItemState>(['kept', 'slipped', 'missed']);
const OPEN: ReadonlySet<ItemState> = new Set<ItemState>(['open', 'on-track', 'at-risk', 'renegotiated']);

/** When the promise was (last) marked kept, as YYYY-MM-DD, or null. */
function keptOn(item: Pick<ExpectationItem, 'history'>): string | null {
  const last = [...item.history].reverse().find((h) => h.state === 'kept');
  return last ? last.at.slice(0, 10) : null;
}

/**
 * Promise-keeping over a set of items, as of `today`: a promise is due once its (current) due date
 * has passed or it was resolved; it counts as kept on time when it was marked kept on or before its
 * due date. Gaps and assumptions do not count. No due promise: the rate is null.
 */
export function promiseStats(items: Pick<ExpectationItem, 'kind' | 'state' | 'dueOn' | 'history'>[], today: string): PromiseStats {
  const stats: PromiseStats = { due: 0, keptOnTime: 0, rate: null, slipped: 0, missed: 0, renegotiated: 0, atRisk: 0, overdue: 0 };
  for (const item of items) {
    if (item.kind !== 'promise') continue;
    const pastDue = item.dueOn !== null && item.dueOn < today;
    if (RESOLVED.has(item.state) || pastDue) stats.due += 1;
    if (item.state === 'kept' && item.dueOn && (keptOn(item) ?? '9999') <= item.dueOn) stats.keptOnTime += 1;
    if (item.state === 'slipped') stats.slipped += 1;
    if (item.state === 'missed') stats.missed += 1;
    if (item.history.some((h) => h.state === 'renegotiated')) stats.renegotiated += 1;
    if (item.state === 'at-risk') stats.atRisk += 1;
    if (OPEN.has(item.state) && pastDue) stats.overdue += 1;
  }
  stats.rate = stats.due > 0 ? stats.keptOnTime / stats.due : null;
  return stats;
}

export function quarterOf(isoDay: string): string {
  const month = Number(isoDay.slice(5, 7));
  return `${isoDay.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** The last `n` quarters up to and including today's, oldest first. */
export function lastQuarters(today: string, n = 4): string[] {
  let year = Number(today.slice(0, 4));
  let q = Math.ceil(Number(today.slice(5, 7)) / 3);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

function quarterOutcomes(items: ExpectationItem[], today: string): QuarterOutcomes[] {
  const quarters = lastQuarters(today);
  const rows = new Map(quarters.map((q) => [q, { quarter: q, kept: 0, slipped: 0, missed: 0 }]));
  // Each promise counts once, for its outcome now, in the quarter it reached that outcome
  // (a promise that slipped and was then kept counts as kept).
  for (const item of items) {
    if (item.kind !== 'promise' || (item.state !== 'kept' && item.state !== 'slipped' && item.state !== 'missed')) continue;
    const reached = item.history.filter((h) => h.state === item.state).at(-1);
    const row = reached && rows.get(quarterOf(reached.at.slice(0, 10)));
    if (row) row[item.state] += 1;
  }
  return [...rows.values()];
}

async function clientItems(deps: ServiceDeps, clientId: string) {
  const [engagements, items] = await Promise.all([
    deps.vault.all<EngagementRecord>('engagements', { column: 'client_id', value: clientId }),
    deps.vault.all<ItemRecord>('expectation_items', { column: 'client_id', value: clientId }),
  ]);
  return {
    engagements: engagements.map((e) => toEngagement(e.id, clientId, e.version, e.data)).sort((a, b) => b.startOn.localeCompare(a.startOn)),
    items: items
      .map((i) => ({ item: toItem(i.id, clientId, i.version, i.data), createdAt: i.data.createdAt }))
      .sort((a, b) => (a.item.dueOn ?? '9999').localeCompare(b.item.dueOn ?? '9999') || a.createdAt.localeCompare(b.createdAt))
      .map((x) => x.item),
  };
}

/** A client's engagements with their items and rates, the expectation gaps, and four quarters of outcomes. */
export async function clientPromises(deps: ServiceDeps, { clientId }: { clientId: string }): Promise<ClientPromises> {
  if (!(await deps.vault.get('clients', clientId))) throw new RapportError('NOT_FOUND', 'That client does not exist.');
  const today = todayIso(deps.clock);
  const { engagements, items } = await clientItems(deps, clientId);
  return {
    stats: promiseStats(items, today),
    engagements: engagements.map((engagement) => {
      const own = items.filter((i) => i.engagementId === engagement.id);
      return { engagement, items: own, stats: promiseStats(own, today) };
    }),
    gaps: items.filter((i) => i.kind === 'gap'),
    quarters: quarterOutcomes(items, today),
  };
}

/**
 * Promises at risk or open past their due date, across all clients, most urgent first: picked in
 * SQL (index expectation_items_kind_due) with their client's and engagement's names.
 */
export async function promisesNeedingAttention(deps: ServiceDeps): Promise<PromiseAttention[]> {
  const today = todayIso(deps.clock);
  const rows = await deps.vault.read((db) =>
    db
      .selectFrom('expectation_items as i')
      .innerJoin('clients as c', 'c.id', 'i.client_id')
      .leftJoin('engagements as e', (join) => join.on(sql<boolean>`e.id = ${jsonField('i', 'engagementId')}`))
      .select(['i.id', 'i.version', 'i.client_id', 'i.data', jsonField<string | null>('c', 'name').as('client_name'), jsonField<string | null>('e', 'name').as('engagement_name')])
      .where(jsonField('i', 'kind'), '=', 'promise')
      .where(jsonField('i', 'state'), 'in', [...OPEN])
      .where((eb) => eb.or([eb(jsonField('i', 'state'), '=', 'at-risk'), eb(jsonField('i', 'dueOn'), '<', today)]))
      .execute(),
  );
  return rows
    .map((row) => {
      const r = JSON.parse(row.data) as ItemRecord;
      return {
        item: toItem(row.id, row.client_id, row.version, r),
        clientName: row.client_name ?? '',
        engagementName: row.engagement_name ?? '',
        reason: r.dueOn !== null && r.dueOn < today ? ('overdue' as const) : ('at-risk' as const),
      };
    })
    .sort((a, b) => (a.item.dueOn ?? '9999').localeCompare(b.item.dueOn ?? '9999'));
}
