/**
 * Quarterly relationship reviews: a session walks the chosen clients one by one with their signals;
 * the reviewer records warmth, a decision, a reason, notes and next actions. Finishing freezes the
 * session (signals and summary included) and, in the same transaction, turns warmth into readings,
 * actions into follow-ups, part-ways into offboarding, and puts the review on each client's timeline.
 * A finished review can only be annotated.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { jsonField } from '../vault/fields';
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
import { quarterOf } from './engagements';
import { type DateRecord, addDaysIso, datesComingRound, daysBetween, nextOccurrence, todayIso } from './dates';
import { insertFollowUp } from './followups';
import { INTERACTION_KINDS, insertEntry } from './timeline';
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

function byClient<R extends { client_id: string }>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    let list = out.get(r.client_id);
    if (!list) out.set(r.client_id, (list = []));
    list.push(r);
  }
  return out;
}

/**
 * The signals of each client for a quarter, as of today: per-client aggregates in SQL (GROUP BY
 * client_id over the indexes of migration 0002), one read transaction, no table read whole.
 */
export async function computeSignals(deps: ServiceDeps, clientIds: string[], quarter: string): Promise<ReviewSignals[]> {
  const today = todayIso(deps.clock);
  const now = deps.clock.now();
  const { start, end } = quarterRange(quarter);
  const next = quarterRange(shiftQuarter(quarter, 1));
  const trendQuarters = quartersEndingWith(quarter, 4);
  const trendStart = quarterRange(trendQuarters[0]).start;
  const ids = JSON.stringify(clientIds);
  const wanted = (column: string) => sql<boolean>`${sql.ref(column)} IN (SELECT value FROM json_each(${ids}))`;
  // The same filter, kept off the index (unary + changes nothing but hides the column from the
  // planner): a quarter's rows are one range of a time index, cheaper than a lookup per client.
  const among = (column: string) => sql<boolean>`+${sql.ref(column)} IN (SELECT value FROM json_each(${ids}))`;
  const entryAt = jsonField<string>('timeline_entries', 'occurredAt');
  const entryKind = jsonField<string>('timeline_entries', 'kind');
  const readingAt = jsonField<string>('warmth_readings', 'at');
  const [itemState, itemDue] = [jsonField<string>('expectation_items', 'state'), jsonField<string>('expectation_items', 'dueOn')];
  const handoverAt = jsonField<string>('handovers', 'at');
  const [clients, interactions, issues, warmth, promises, overdue, dates, handovers] = await deps.vault.read((db) =>
    Promise.all([
      db
        .selectFrom('clients')
        .select([
          'id',
          jsonField<string>('clients', 'name').as('name'),
          jsonField<LifecycleStage>('clients', 'stage').as('stage'),
          jsonField<number | null>('clients', 'cadenceDays').as('cadence_days'),
          jsonField<string | null>('clients', 'lastContactAt').as('last_contact_at'),
          jsonField<string>('clients', 'createdAt').as('created_at'),
          jsonField<ReviewSignals['warmthNow']>('clients', 'warmth').as('warmth'),
          jsonField<number | null>('clients', 'revenueShare').as('revenue_share'),
        ])
        .where(wanted('id'))
        .execute(),
      db
        .selectFrom('timeline_entries')
        .select((eb) => ['client_id', eb.fn.countAll<number>().as('n')])
        // Kind off the index too (+): the quarter's range of timeline_entries_time, not every interaction.
        .where(sql`+${entryKind}`, 'in', [...INTERACTION_KINDS])
        .where(entryAt, '>=', start)
        .where(entryAt, '<', end)
        .where(among('client_id'))
        .groupBy('client_id')
        .execute(),
      // Issues and resolutions from the index alone; the summaries of the open ones are read below.
      db
        .selectFrom('timeline_entries')
        .select(['client_id', entryKind.as('kind'), entryAt.as('occurred_at'), sql<number>`rowid`.as('row')])
        .where(entryKind, 'in', ['issue', 'resolution'])
        .where(wanted('client_id'))
        .orderBy('client_id')
        .orderBy(entryAt)
        .execute(),
      // The four quarters' readings from the index alone (covering); the last of each quarter is picked below.
      db
        .selectFrom('warmth_readings')
        .select(['client_id', readingAt.as('at'), jsonField<number>('warmth_readings', 'value').as('value')])
        .where(readingAt, '>=', trendStart)
        .where(readingAt, '<', end)
        .where(among('client_id'))
        .orderBy(readingAt)
        .execute(),
      db
        .selectFrom('expectation_items')
        .select([
          'client_id',
          sql<number>`sum(${itemState} IN ('kept', 'slipped', 'missed') OR ${itemDue} < ${today})`.as('due'),
          sql<number>`sum(${itemState} = 'kept')`.as('kept'),
          sql<number>`sum(${itemState} = 'slipped')`.as('slipped'),
          sql<number>`sum(${itemState} = 'missed')`.as('missed'),
        ])
        .where(jsonField('expectation_items', 'kind'), '=', 'promise')
        .where(itemDue, '>=', start)
        .where(itemDue, '<', end)
        .where(among('client_id'))
        .groupBy('client_id')
        .execute(),
      db
        .selectFrom('follow_ups')
        .select((eb) => ['client_id', eb.fn.countAll<number>().as('n')])
        .where(jsonField('follow_ups', 'status'), '=', 'open')
        .where(jsonField('follow_ups', 'dueOn'), '<', today)
        .where(among('client_id'))
        .groupBy('client_id')
        .execute(),
      datesComingRound(db, next.start, addDaysIso(next.end, -1)).where(wanted('important_dates.client_id')).execute(),
      db
        .selectFrom('handovers')
        .select(['client_id', handoverAt.as('at'), jsonField<string>('handovers', 'from').as('from'), jsonField<string>('handovers', 'to').as('to')])
        .where(handoverAt, '>=', start)
        .where(handoverAt, '<', end)
        .where(among('client_id'))
        .orderBy(handoverAt)
        .execute(),
    ]),
  );
  // Each resolution closes the oldest issue of its client still open.
  const openIssues = new Map<string, (typeof issues)[number][]>();
  for (const [clientId, rows] of byClient(issues)) {
    const open: (typeof issues)[number][] = [];
    for (const e of rows) {
      if (e.kind === 'issue') open.push(e);
      else open.shift();
    }
    if (open.length) openIssues.set(clientId, open);
  }
  const openRows = JSON.stringify([...openIssues.values()].flat().map((e) => e.row));
  const summaries = new Map(
    (
      await deps.vault.read((db) =>
        db
          .selectFrom('timeline_entries')
          .select([sql<number>`rowid`.as('row'), jsonField<string>('timeline_entries', 'summary').as('summary')])
          .where(sql<boolean>`rowid IN (SELECT value FROM json_each(${openRows}))`)
          .execute(),
      )
    ).map((r) => [r.row, r.summary]),
  );
  const clientById = new Map(clients.map((c) => [c.id, c]));
  const interactionCount = new Map(interactions.map((r) => [r.client_id, r.n]));
  const totalInteractions = clientIds.reduce((a, id) => a + (interactionCount.get(id) ?? 0), 0);
  const warmthOf = byClient(warmth);
  const promisesOf = new Map(promises.map((p) => [p.client_id, p]));
  const overdueOf = new Map(overdue.map((r) => [r.client_id, r.n]));
  const datesOf = byClient(dates);
  const handoversOf = byClient(handovers);

  return clientIds.flatMap((id) => {
    const c = clientById.get(id);
    if (!c) return [];
    const p = promisesOf.get(id);
    const since = c.last_contact_at ? daysBetween(new Date(c.last_contact_at), now) : null;
    const cadence = c.cadence_days ?? null;
    // Oldest first: the last reading of a quarter wins.
    const readings = new Map((warmthOf.get(id) ?? []).map((r) => [quarterOf(r.at.slice(0, 10)), r.value]));
    return [
      {
        clientId: id,
        clientName: c.name ?? '',
        stage: c.stage,
        daysSinceContact: since,
        cadenceDays: cadence,
        daysOverCadence: cadence === null ? null : Math.max(0, (since ?? daysBetween(new Date(c.created_at), now)) - cadence),
        warmthNow: c.warmth ?? null,
        warmthTrend: trendQuarters.map((q) => ({ quarter: q, value: readings.get(q) ?? null })),
        promises: { due: p?.due ?? 0, kept: p?.kept ?? 0, slipped: p?.slipped ?? 0, missed: p?.missed ?? 0 },
        openIssues: (openIssues.get(id) ?? []).map((e) => ({ summary: summaries.get(e.row) ?? '', openedAt: e.occurred_at, daysOpen: daysBetween(new Date(e.occurred_at), now) })),
        overdueFollowUps: overdueOf.get(id) ?? 0,
        revenueShare: c.revenue_share,
        attentionShare: totalInteractions ? Math.round((1000 * (interactionCount.get(id) ?? 0)) / totalInteractions) / 10 : 0,
        interactionsThisQuarter: interactionCount.get(id) ?? 0,
        datesNextQuarter: (datesOf.get(id) ?? [])
          .map((d) => ({ label: d.label, on: nextOccurrence(d.date, d.recurrence as DateRecord['recurrence'], next.start) }))
          .filter((d): d is { label: string; on: string } => d.on !== null && d.on < next.end)
          .sort((a, b) => a.on.localeCompare(b.on)),
        ownershipChanges: (handoversOf.get(id) ?? []).map((h) => ({ from: h.from, to: h.to, at: h.at })),
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
