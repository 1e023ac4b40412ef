/**
 * Quarterly relationship reviews: a session walks the chosen clients one by one with their signals;
 * the reviewer records warmth, a decision, a reason, notes and next actions. Finishing freezes the
 * session (signals and summary included) and, in the same transaction, turns warmth into readings,
 * actions into follow-ups, part-ways into offboarding, and puts the review on each client's timeline.
 * A finished review can only be annotated.
 */
import { randomUUID } from 'node:crypto';
import { RapportError } from '../../shared/errors';
import type { ParsedInput } from '../../shared/contract';
import type {
  LifecycleStage,
  ReviewDecision,
  ReviewListItem,
  ReviewRecord,
  ReviewSession,
  ReviewSignals,
  ReviewSummary,
  ReviewTrends,
} from '../../shared/types';
import { REVIEW_DECISIONS } from '../../shared/types';
import type { ServiceDeps } from './deps';
import type { Writer } from '../vault/vault';
import { startStage } from './checklists';
import { type ClientRecord, patchClient } from './clients';
import { type DateRecord, daysBetween, nextOccurrence, todayIso } from './dates';
import { type ItemRecord, quarterOf } from './engagements';
import { type FollowUpRecord, insertFollowUp } from './followups';
import type { HandoverRecord } from './handovers';
import { type EntryRecord, INTERACTION_KINDS, insertEntry } from './timeline';
import type { WarmthRecord } from './warmth';

interface SessionRecord {
  quarter: string;
  status: 'in-progress' | 'finished';
  clientIds: string[];
  records: ReviewRecord[];
  startedAt: string;
  finishedAt: string | null;
  signals: ReviewSignals[] | null;
  summary: ReviewSummary | null;
  annotations: { at: string; text: string }[];
}

/** The stages a review covers unless the reviewer picks clients. */
export const DEFAULT_REVIEW_STAGES: LifecycleStage[] = ['onboarding', 'active', 'issue-resolution', 'offboarding'];

// ---- quarters ----

export function quarterRange(quarter: string): { start: string; end: string } {
  const [y, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  const month = (q - 1) * 3 + 1;
  const start = `${y}-${String(month).padStart(2, '0')}-01`;
  const end = q === 4 ? `${y + 1}-01-01` : `${y}-${String(month + 3).padStart(2, '0')}-01`;
  return { start, end };
}

export function shiftQuarter(quarter: string, by: number): string {
  const index = Number(quarter.slice(0, 4)) * 4 + Number(quarter.slice(6)) - 1 + by;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** `n` quarters ending with `quarter`, oldest first. */
export function quartersEndingWith(quarter: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => shiftQuarter(quarter, i - n + 1));
}

// ---- signals ----

function groupByClient<T>(rows: readonly { data: T; clientId?: string }[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const c = r.clientId;
    if (!c) continue;
    let list = out.get(c);
    if (!list) out.set(c, (list = []));
    list.push(r.data);
  }
  return out;
}

/*
 * What the signals need of each row, kept in memory while unlocked (Vault.projected): the first
 * review after unlock decrypts these tables once, later ones read a few fields from memory.
 */
const ENTRY_SIGNAL = (e: EntryRecord) => ({ kind: e.kind, occurredAt: e.occurredAt, summary: e.kind === 'issue' ? e.summary : '' });
const WARMTH_SIGNAL = (r: WarmthRecord) => ({ at: r.at, value: r.value });
const ITEM_SIGNAL = (i: ItemRecord) => ({ kind: i.kind, dueOn: i.dueOn, state: i.state });
const FOLLOW_UP_SIGNAL = (f: FollowUpRecord) => ({ status: f.status, dueOn: f.dueOn });
const DATE_SIGNAL = (d: DateRecord) => ({ label: d.label, date: d.date, recurrence: d.recurrence });
const HANDOVER_SIGNAL = (h: HandoverRecord) => ({ from: h.from, to: h.to, at: h.at });

async function loadChild<T, P>(deps: ServiceDeps, table: Parameters<ServiceDeps['vault']['clientIdsOf']>[0], project: (data: T) => P) {
  return groupByClient(await deps.vault.projected(table, project));
}

/** The signals of each client for a quarter, as of today. Reads every table once. */
export async function computeSignals(deps: ServiceDeps, clientIds: string[], quarter: string): Promise<ReviewSignals[]> {
  const today = todayIso(deps.clock);
  const now = deps.clock.now();
  const { start, end } = quarterRange(quarter);
  const next = quarterRange(shiftQuarter(quarter, 1));
  const trendQuarters = quartersEndingWith(quarter, 4);
  const wanted = new Set(clientIds);
  const clients = new Map((await deps.vault.shared<ClientRecord>('clients')).filter((c) => wanted.has(c.id)).map((c) => [c.id, c.data]));
  const [entries, warmth, items, followUps, dates, handovers] = await Promise.all([
    loadChild(deps, 'timeline_entries', ENTRY_SIGNAL),
    loadChild(deps, 'warmth_readings', WARMTH_SIGNAL),
    loadChild(deps, 'expectation_items', ITEM_SIGNAL),
    loadChild(deps, 'follow_ups', FOLLOW_UP_SIGNAL),
    loadChild(deps, 'important_dates', DATE_SIGNAL),
    loadChild(deps, 'handovers', HANDOVER_SIGNAL),
  ]);
  const inQuarter = (iso: string) => iso.slice(0, 10) >= start && iso.slice(0, 10) < end;

  const interactions = new Map<string, number>();
  for (const id of clientIds) {
    interactions.set(id, (entries.get(id) ?? []).filter((e) => INTERACTION_KINDS.has(e.kind) && inQuarter(e.occurredAt)).length);
  }
  const totalInteractions = [...interactions.values()].reduce((a, b) => a + b, 0);

  return clientIds.flatMap((id) => {
    const c = clients.get(id);
    if (!c) return [];
    const own = (entries.get(id) ?? []).slice().sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    // Each resolution closes the oldest issue still open.
    const open: ReturnType<typeof ENTRY_SIGNAL>[] = [];
    for (const e of own) {
      if (e.kind === 'issue') open.push(e);
      else if (e.kind === 'resolution') open.shift();
    }
    const readings = (warmth.get(id) ?? []).slice().sort((a, b) => a.at.localeCompare(b.at));
    const promises = { due: 0, kept: 0, slipped: 0, missed: 0 };
    for (const item of items.get(id) ?? []) {
      if (item.kind !== 'promise' || !item.dueOn || !inQuarter(item.dueOn)) continue;
      const resolved = item.state === 'kept' || item.state === 'slipped' || item.state === 'missed';
      if (resolved || item.dueOn < today) promises.due += 1;
      if (item.state === 'kept' || item.state === 'slipped' || item.state === 'missed') promises[item.state] += 1;
    }
    const since = c.lastContactAt ? daysBetween(new Date(c.lastContactAt), now) : null;
    const cadence = c.cadenceDays ?? null;
    return [
      {
        clientId: id,
        clientName: c.name,
        stage: c.stage,
        daysSinceContact: since,
        cadenceDays: cadence,
        daysOverCadence: cadence === null ? null : Math.max(0, (since ?? daysBetween(new Date(c.createdAt), now)) - cadence),
        warmthNow: c.warmth ?? null,
        warmthTrend: trendQuarters.map((q) => ({ quarter: q, value: readings.filter((r) => quarterOf(r.at.slice(0, 10)) === q).at(-1)?.value ?? null })),
        promises,
        openIssues: open.map((e) => ({ summary: e.summary, openedAt: e.occurredAt, daysOpen: daysBetween(new Date(e.occurredAt), now) })),
        overdueFollowUps: (followUps.get(id) ?? []).filter((f) => f.status === 'open' && f.dueOn < today).length,
        revenueShare: c.revenueShare,
        attentionShare: totalInteractions ? Math.round((1000 * (interactions.get(id) ?? 0)) / totalInteractions) / 10 : 0,
        interactionsThisQuarter: interactions.get(id) ?? 0,
        datesNextQuarter: (dates.get(id) ?? [])
          .map((d) => ({ label: d.label, on: nextOccurrence(d.date, d.recurrence, next.start) }))
          .filter((d): d is { label: string; on: string } => d.on !== null && d.on < next.end)
          .sort((a, b) => a.on.localeCompare(b.on)),
        ownershipChanges: (handovers.get(id) ?? []).filter((h) => inQuarter(h.at)).map((h) => ({ from: h.from, to: h.to, at: h.at })),
      },
    ];
  });
}

// ---- sessions ----

function position(r: SessionRecord): number {
  const done = new Set(r.records.map((x) => x.clientId));
  const i = r.clientIds.findIndex((id) => !done.has(id));
  return i < 0 ? r.clientIds.length : i;
}

const toSession = (id: string, version: number, r: SessionRecord): ReviewSession => ({ id, version, ...r, position: position(r) });

async function requireSession(w: Writer | ServiceDeps['vault'], id: string) {
  const rec = await w.get<SessionRecord>('review_sessions', id);
  if (!rec) throw new RapportError('NOT_FOUND', 'That review does not exist.');
  return rec;
}

function requireInProgress(r: SessionRecord): void {
  if (r.status === 'finished') throw new RapportError('CONFLICT', 'This review is finished: it cannot change, only be annotated.');
}

export async function startReview(deps: ServiceDeps, input: ParsedInput<'reviews.start'>): Promise<ReviewSession> {
  const clients = await deps.vault.all<ClientRecord>('clients');
  let ids: string[];
  if (input.clientIds) {
    const known = new Set(clients.map((c) => c.id));
    const missing = input.clientIds.find((id) => !known.has(id));
    if (missing) throw new RapportError('NOT_FOUND', 'A chosen client does not exist.');
    ids = [...new Set(input.clientIds)];
  } else {
    const stages = new Set(input.stages ?? DEFAULT_REVIEW_STAGES);
    ids = clients.filter((c) => stages.has(c.data.stage)).sort((a, b) => a.data.name.localeCompare(b.data.name)).map((c) => c.id);
  }
  if (ids.length === 0) throw new RapportError('INVALID_INPUT', 'No clients match: choose other stages or clients.');
  const record: SessionRecord = {
    quarter: input.quarter,
    status: 'in-progress',
    clientIds: ids,
    records: [],
    startedAt: deps.clock.now().toISOString(),
    finishedAt: null,
    signals: null,
    summary: null,
    annotations: [],
  };
  const id = randomUUID();
  return deps.vault.write(async (w) => {
    const others = await w.all<SessionRecord>('review_sessions');
    if (others.some((s) => s.data.quarter === input.quarter && s.data.status === 'in-progress')) {
      throw new RapportError('CONFLICT', `A review of ${input.quarter} is already in progress: resume it.`);
    }
    const version = await w.insert('review_sessions', id, record);
    return toSession(id, version, record);
  });
}

export async function listReviews(deps: ServiceDeps): Promise<ReviewListItem[]> {
  const rows = await deps.vault.all<SessionRecord>('review_sessions');
  return rows
    .map((r) => ({
      id: r.id,
      quarter: r.data.quarter,
      status: r.data.status,
      clients: r.data.clientIds.length,
      recorded: r.data.records.length,
      startedAt: r.data.startedAt,
      finishedAt: r.data.finishedAt,
    }))
    .sort((a, b) => b.quarter.localeCompare(a.quarter) || b.startedAt.localeCompare(a.startedAt));
}

/** A session with its signals: live while in progress, frozen once finished. */
export async function getReview(deps: ServiceDeps, { id }: { id: string }): Promise<ReviewSession> {
  const rec = await requireSession(deps.vault, id);
  const session = toSession(id, rec.version, rec.data);
  if (rec.data.status === 'in-progress') session.signals = await computeSignals(deps, rec.data.clientIds, rec.data.quarter);
  return session;
}

export async function recordReview(deps: ServiceDeps, input: ParsedInput<'reviews.record'>): Promise<ReviewSession> {
  return deps.vault.write(async (w) => {
    const rec = await requireSession(w, input.id);
    requireInProgress(rec.data);
    if (!rec.data.clientIds.includes(input.clientId)) throw new RapportError('NOT_FOUND', 'That client is not in this review.');
    if (input.startOffboarding && input.decision !== 'part-ways') {
      throw new RapportError('INVALID_INPUT', 'Offboarding starts only when the decision is to part ways.');
    }
    const entry: ReviewRecord = {
      clientId: input.clientId,
      warmth: input.warmth ?? null,
      decision: input.decision,
      reason: input.reason,
      notes: input.notes ?? '',
      actions: input.actions ?? [],
      startOffboarding: input.startOffboarding ?? false,
      recordedAt: deps.clock.now().toISOString(),
    };
    const next: SessionRecord = { ...rec.data, records: [...rec.data.records.filter((r) => r.clientId !== input.clientId), entry] };
    const version = await w.update('review_sessions', input.id, next, input.version);
    return toSession(input.id, version, next);
  });
}

function summarise(session: SessionRecord, signals: ReviewSignals[], previous: SessionRecord | null): ReviewSummary {
  const names = new Map(signals.map((s) => [s.clientId, s.clientName]));
  const byDecision = Object.fromEntries(REVIEW_DECISIONS.map((d) => [d, [] as string[]])) as Record<ReviewDecision, string[]>;
  for (const r of session.records) byDecision[r.decision].push(names.get(r.clientId) ?? '');
  const due = signals.reduce((a, s) => a + s.promises.due, 0);
  const kept = signals.reduce((a, s) => a + s.promises.kept, 0);
  const before = new Map((previous?.records ?? []).map((r) => [r.clientId, r]));
  return {
    quarter: session.quarter,
    reviewed: session.records.length,
    byDecision,
    goingCold: signals.filter((s) => (s.daysOverCadence ?? 0) > 0).map((s) => s.clientName),
    promiseRate: due ? kept / due : null,
    attention: signals.map((s) => ({ clientName: s.clientName, revenueShare: s.revenueShare, attentionShare: s.attentionShare })),
    changes: session.records.map((r) => ({
      clientName: names.get(r.clientId) ?? '',
      decisionBefore: before.get(r.clientId)?.decision ?? null,
      decisionNow: r.decision,
      warmthBefore: before.get(r.clientId)?.warmth ?? null,
      warmthNow: r.warmth,
    })),
    practiceWarmth: (() => {
      const set = session.records.flatMap((r) => (r.warmth === null ? [] : [r.warmth]));
      return set.length ? set.reduce((a, w) => a + w, 0) / set.length : null;
    })(),
  };
}

const DECISION_WORDS: Record<ReviewDecision, string> = {
  invest: 'invest',
  maintain: 'maintain',
  'hand-over': 'hand over',
  'part-ways': 'part ways',
};

/**
 * Freezes the review. In the same transaction: warmth readings, follow-ups for the actions,
 * offboarding for confirmed part-ways, and a review entry on each reviewed client's timeline.
 */
export async function finishReview(deps: ServiceDeps, { id, version }: { id: string; version: number }): Promise<ReviewSession> {
  const current = await requireSession(deps.vault, id);
  requireInProgress(current.data);
  if (current.data.records.length === 0) throw new RapportError('INVALID_INPUT', 'Record at least one client before finishing.');
  const signals = await computeSignals(deps, current.data.clientIds, current.data.quarter);
  const now = deps.clock.now();
  return deps.vault.write(async (w) => {
    const rec = await requireSession(w, id);
    requireInProgress(rec.data);
    const previous =
      (await w.all<SessionRecord>('review_sessions'))
        .filter((s) => s.data.status === 'finished' && s.data.quarter < rec.data.quarter)
        .sort((a, b) => b.data.quarter.localeCompare(a.data.quarter))[0]?.data ?? null;
    for (const r of rec.data.records) {
      if (!(await w.get('clients', r.clientId))) continue; // deleted since: nothing to update
      if (r.warmth !== null) {
        await w.insert('warmth_readings', randomUUID(), { value: r.warmth, reason: `Quarterly review ${rec.data.quarter}: ${r.reason}`, at: now.toISOString() } satisfies WarmthRecord, { client_id: r.clientId });
        await patchClient(w, r.clientId, { warmth: r.warmth });
      }
      for (const action of r.actions) await insertFollowUp(w, r.clientId, { reason: action.reason, dueOn: action.dueOn }, now);
      await insertEntry(
        w,
        r.clientId,
        {
          kind: 'review',
          occurredAt: now.toISOString(),
          summary: `Quarterly review ${rec.data.quarter}: ${DECISION_WORDS[r.decision]}`,
          body: [`Reason: ${r.reason}`, r.notes && `Notes: ${r.notes}`, ...r.actions.map((a) => `Next: ${a.reason} (by ${a.dueOn})`)].filter(Boolean).join('\n'),
        },
        now,
      );
      if (r.decision === 'part-ways' && r.startOffboarding) {
        await startStage(w, r.clientId, 'offboarding', true, now, `Quarterly review ${rec.data.quarter}: part ways. ${r.reason}`);
      }
    }
    const next: SessionRecord = {
      ...rec.data,
      status: 'finished',
      finishedAt: now.toISOString(),
      signals,
      summary: summarise(rec.data, signals, previous),
    };
    const v = await w.update('review_sessions', id, next, version);
    return toSession(id, v, next);
  });
}

export async function annotateReview(deps: ServiceDeps, { id, text }: { id: string; text: string }): Promise<ReviewSession> {
  return deps.vault.write(async (w) => {
    const rec = await requireSession(w, id);
    if (rec.data.status !== 'finished') throw new RapportError('CONFLICT', 'Annotate a review once it is finished; until then, edit it.');
    const next: SessionRecord = { ...rec.data, annotations: [...rec.data.annotations, { at: deps.clock.now().toISOString(), text }] };
    const version = await w.update('review_sessions', id, next);
    return toSession(id, version, next);
  });
}

export async function discardReview(deps: ServiceDeps, { id }: { id: string }): Promise<null> {
  await deps.vault.write(async (w) => {
    requireInProgress((await requireSession(w, id)).data);
    await w.remove('review_sessions', id);
  });
  return null;
}

/** Warmth and promise-keeping across finished reviews, oldest quarter first (for charts). */
export async function reviewTrends(deps: ServiceDeps): Promise<ReviewTrends> {
  const finished = (await deps.vault.all<SessionRecord>('review_sessions'))
    .filter((s) => s.data.status === 'finished')
    .sort((a, b) => a.data.quarter.localeCompare(b.data.quarter));
  const quarters = finished.map((s) => s.data.quarter);
  const clients = new Map<string, { clientId: string; clientName: string; warmth: (number | null)[] }>();
  finished.forEach((s, i) => {
    for (const r of s.data.records) {
      const name = s.data.signals?.find((x) => x.clientId === r.clientId)?.clientName ?? '';
      let row = clients.get(r.clientId);
      if (!row) clients.set(r.clientId, (row = { clientId: r.clientId, clientName: name, warmth: quarters.map(() => null) }));
      row.warmth[i] = r.warmth;
    }
  });
  return {
    quarters,
    practiceWarmth: finished.map((s) => s.data.summary?.practiceWarmth ?? null),
    promiseRate: finished.map((s) => s.data.summary?.promiseRate ?? null),
    clients: [...clients.values()],
  };
}
