import { expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { quarterRange, quartersEndingWith, shiftQuarter } from '../../src/main/services/reviews';
import { ManualClock, PASSPHRASE, fails, ok, testCore } from '../support/vault';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso).getTime();

/**
 * A known quarter. Clock starts 2026-01-10 (Q1) and moves to 2026-11-23 (Q4).
 * - Big Co (80% revenue): 1 meeting in Q4; warmth 4 (Q2), 2 (Q4); a promise due in Q4 kept on time,
 *   one slipped; an open issue since 1 Nov; cadence 30, last contact 1 Oct -> 53 days, 23 over.
 * - Small Ltd (5%): 3 calls in Q4; a date on 14 Jan (next quarter); a handover in Q4.
 * - Empty person (no data at all).
 */
async function seeded() {
  const clock = new ManualClock(at('2026-01-10T09:00:00Z'));
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const big = await ok(core, 'clients.create', { kind: 'organisation', name: 'Big Co', stage: 'active', revenueShare: 80, cadenceDays: 30, owner: 'Ana' });
  const small = await ok(core, 'clients.create', { kind: 'organisation', name: 'Small Ltd', stage: 'active', revenueShare: 5, owner: 'Ana' });
  const empty = await ok(core, 'clients.create', { kind: 'person', name: 'Empty Person', stage: 'active' });
  await ok(core, 'clients.create', { kind: 'person', name: 'Old Alumnus', stage: 'alumni' });

  clock.advance(at('2026-05-01T09:00:00Z') - clock.now().getTime());
  await ok(core, 'warmth.record', { clientId: big.id, value: 4, reason: 'Good spring' });
  const eng = await ok(core, 'engagements.create', {
    clientId: big.id,
    name: 'Audit',
    startOn: '2026-09-01',
    items: [
      { kind: 'promise', text: 'Draft report', dueOn: '2026-10-15' },
      { kind: 'promise', text: 'Final report', dueOn: '2026-11-01' },
    ],
  });
  clock.advance(at('2026-10-01T09:00:00Z') - clock.now().getTime());
  await ok(core, 'timeline.add', { clientId: big.id, kind: 'meeting', occurredAt: '2026-10-01T09:00:00Z', summary: 'Kick-off' });
  clock.advance(at('2026-10-14T09:00:00Z') - clock.now().getTime());
  const items = (await ok(core, 'promises.forClient', { clientId: big.id })).engagements[0].items;
  const draft = items.find((i) => i.text === 'Draft report')!;
  const final = items.find((i) => i.text === 'Final report')!;
  await ok(core, 'expectations.setState', { id: draft.id, version: draft.version, state: 'kept', note: 'Sent' });
  clock.advance(at('2026-11-01T09:00:00Z') - clock.now().getTime());
  await ok(core, 'expectations.setState', { id: final.id, version: final.version, state: 'slipped', note: 'Late data' });
  await ok(core, 'timeline.add', { clientId: big.id, kind: 'issue', occurredAt: '2026-11-01T10:00:00Z', summary: 'Invoice dispute' });
  await ok(core, 'warmth.record', { clientId: big.id, value: 2, reason: 'Dispute' });
  // The promise changes added Q4 timeline entries too, but they are our bookkeeping, not contact (issue 16).
  for (const d of ['2026-10-05', '2026-10-20', '2026-11-10']) {
    await ok(core, 'timeline.add', { clientId: small.id, kind: 'call', occurredAt: `${d}T09:00:00Z`, summary: 'Call' });
  }
  await ok(core, 'dates.add', { clientId: small.id, label: 'Founder birthday', date: '1970-01-14', recurrence: 'yearly' });
  await ok(core, 'clients.handOver', { clientId: small.id, to: 'Ben', reason: 'Workload', notes: 'Likes short emails' });
  clock.advance(at('2026-11-23T09:00:00Z') - clock.now().getTime());
  // Last contact stays the 1 Oct meeting: the promise entries of 14 Oct and 1 Nov are records, not interactions.
  return { core, clock, big, small, empty, eng };
}

test('quarters', () => {
  expect(quarterRange('2026-Q4')).toEqual({ start: '2026-10-01', end: '2027-01-01' });
  expect(quarterRange('2026-Q1')).toEqual({ start: '2026-01-01', end: '2026-04-01' });
  expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
  expect(quartersEndingWith('2026-Q2', 4)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
});

test('every signal on a seeded quarter, including a client with no data', async () => {
  const { core, big, small, empty } = await seeded();
  const review = await ok(core, 'reviews.start', { quarter: '2026-Q4' });
  expect(review.clientIds).toEqual([big.id, empty.id, small.id]); // active stages, by name; alumni left out
  const s = Object.fromEntries((await ok(core, 'reviews.get', { id: review.id })).signals!.map((x) => [x.clientName, x]));

  const b = s['Big Co'];
  expect(b.daysSinceContact).toBe(53); // last interaction: the meeting on 1 Oct (promise changes are bookkeeping)
  expect(b.daysOverCadence).toBe(23);
  expect(b.warmthNow).toBe(2);
  expect(b.warmthTrend).toEqual([
    { quarter: '2026-Q1', value: null },
    { quarter: '2026-Q2', value: 4 },
    { quarter: '2026-Q3', value: null },
    { quarter: '2026-Q4', value: 2 },
  ]);
  expect(b.promises).toEqual({ due: 2, kept: 1, slipped: 1, missed: 0 });
  expect(b.openIssues).toEqual([{ summary: 'Invoice dispute', openedAt: '2026-11-01T10:00:00.000Z', daysOpen: 22 }]);
  expect(b.interactionsThisQuarter).toBe(1); // the meeting; promise changes and the issue record are not contact
  const sm = s['Small Ltd'];
  expect(sm.interactionsThisQuarter).toBe(3);
  expect(b.attentionShare).toBe(25); // 1 of 4
  expect(sm.attentionShare).toBe(75);
  expect([b.revenueShare, sm.revenueShare]).toEqual([80, 5]);
  expect(sm.datesNextQuarter).toEqual([{ label: 'Founder birthday', on: '2027-01-14' }]);
  expect(sm.ownershipChanges.map((o) => [o.from, o.to])).toEqual([['Ana', 'Ben']]);
  expect(sm.overdueFollowUps).toBe(1); // the handover's check-in, due 15 Nov

  const e = s['Empty Person'];
  expect(e).toMatchObject({
    daysSinceContact: null,
    cadenceDays: null,
    daysOverCadence: null,
    warmthNow: null,
    promises: { due: 0, kept: 0, slipped: 0, missed: 0 },
    openIssues: [],
    attentionShare: 0,
    datesNextQuarter: [],
  });
  await core.dispose();
});

async function recordAll(core: RapportCore, id: string, ids: { big: string; small: string }) {
  let r = await ok(core, 'reviews.record', {
    id,
    clientId: ids.big,
    warmth: 3,
    decision: 'invest',
    reason: 'Our biggest client, cooling',
    actions: [{ reason: 'Lunch with the CFO', dueOn: '2026-12-05' }],
  });
  expect(r.position).toBe(1);
  r = await ok(core, 'reviews.record', { id, clientId: ids.small, warmth: 4, decision: 'part-ways', reason: 'Out of scope now', startOffboarding: true });
  return r;
}

test('leave and resume; finishing freezes it and writes readings, follow-ups, offboarding and timeline entries', async () => {
  const { core, big, small, empty } = await seeded();
  const review = await ok(core, 'reviews.start', { quarter: '2026-Q4' });
  expect((await fails(core, 'reviews.start', { quarter: '2026-Q4' })).code).toBe('CONFLICT');
  await recordAll(core, review.id, { big: big.id, small: small.id });

  // "Leave": lock and unlock; resume where we were (Empty Person is next, at index 1).
  await ok(core, 'vault.lock', {});
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
  const resumed = await ok(core, 'reviews.get', { id: review.id });
  expect(resumed.records).toHaveLength(2);
  expect(resumed.clientIds[resumed.position]).toBe(empty.id);
  expect((await fails(core, 'reviews.record', { id: review.id, clientId: big.id, warmth: 3, decision: 'maintain', reason: 'x', startOffboarding: true })).code).toBe('INVALID_INPUT');

  const finished = await ok(core, 'reviews.finish', { id: review.id, version: resumed.version });
  expect(finished.status).toBe('finished');
  expect(finished.summary).toMatchObject({
    quarter: '2026-Q4',
    reviewed: 2,
    byDecision: { invest: ['Big Co'], maintain: [], 'hand-over': [], 'part-ways': ['Small Ltd'] },
    promiseRate: 0.5,
    practiceWarmth: 3.5,
  });
  expect(finished.signals).toHaveLength(3);

  // Actions became follow-ups, warmth became readings, part-ways started offboarding, all on the timeline.
  expect((await ok(core, 'followUps.list', { clientId: big.id })).items.map((f) => [f.reason, f.dueOn])).toContainEqual(['Lunch with the CFO', '2026-12-05']);
  const bigDossier = await ok(core, 'clients.dossier', { id: big.id });
  expect(bigDossier.client.warmth).toBe(3);
  expect(bigDossier.recent[0]).toMatchObject({ kind: 'review', summary: 'Quarterly review 2026-Q4: invest' });
  expect((await ok(core, 'clients.get', { id: small.id })).stage).toBe('offboarding');
  expect((await ok(core, 'checklists.forClient', { clientId: small.id }))[0].stage).toBe('offboarding');

  // Frozen: no change through the API, only annotations.
  expect((await fails(core, 'reviews.record', { id: review.id, clientId: empty.id, warmth: 3, decision: 'maintain', reason: 'late' })).code).toBe('CONFLICT');
  expect((await fails(core, 'reviews.finish', { id: review.id, version: finished.version })).code).toBe('CONFLICT');
  expect((await fails(core, 'reviews.discard', { id: review.id })).code).toBe('CONFLICT');
  const annotated = await ok(core, 'reviews.annotate', { id: review.id, text: 'CFO lunch moved to January' });
  expect(annotated.annotations.map((a) => a.text)).toEqual(['CFO lunch moved to January']);
  expect(annotated.records).toEqual(finished.records);
  await core.dispose();
});

test('a failed finish writes nothing: follow-ups, readings and the session stay as they were', async () => {
  const { core, big, small } = await seeded();
  const review = await ok(core, 'reviews.start', { quarter: '2026-Q4' });
  const r = await recordAll(core, review.id, { big: big.id, small: small.id });
  // Make the part-ways step fail inside the transaction: Small Ltd is already in offboarding.
  await ok(core, 'clients.setStage', { clientId: small.id, stage: 'offboarding', startChecklist: false });
  const before = await ok(core, 'followUps.list', { status: 'all' });
  expect((await fails(core, 'reviews.finish', { id: review.id, version: r.version })).code).toBe('CONFLICT');
  expect(await ok(core, 'followUps.list', { status: 'all' })).toEqual(before);
  expect((await ok(core, 'clients.get', { id: big.id })).warmth).toBe(2);
  expect((await ok(core, 'reviews.get', { id: review.id })).status).toBe('in-progress');
  await core.dispose();
});

test('changes since the previous review, and trends across quarters', async () => {
  const { core, clock, big, small } = await seeded();
  const q4 = await ok(core, 'reviews.start', { quarter: '2026-Q4', clientIds: [big.id] });
  const r4 = await ok(core, 'reviews.record', { id: q4.id, clientId: big.id, warmth: 3, decision: 'invest', reason: 'r' });
  await ok(core, 'reviews.finish', { id: q4.id, version: r4.version });
  clock.advance(100 * DAY);
  const q1 = await ok(core, 'reviews.start', { quarter: '2027-Q1', clientIds: [big.id, small.id] });
  await ok(core, 'reviews.record', { id: q1.id, clientId: big.id, warmth: 5, decision: 'maintain', reason: 'r' });
  const r1 = await ok(core, 'reviews.record', { id: q1.id, clientId: small.id, warmth: 2, decision: 'maintain', reason: 'r' });
  const done = await ok(core, 'reviews.finish', { id: q1.id, version: r1.version });
  expect(done.summary!.changes).toEqual([
    { clientName: 'Big Co', decisionBefore: 'invest', decisionNow: 'maintain', warmthBefore: 3, warmthNow: 5 },
    { clientName: 'Small Ltd', decisionBefore: null, decisionNow: 'maintain', warmthBefore: null, warmthNow: 2 },
  ]);
  const trends = await ok(core, 'reviews.trends', {});
  expect(trends.quarters).toEqual(['2026-Q4', '2027-Q1']);
  expect(trends.practiceWarmth).toEqual([3, 3.5]);
  expect(trends.clients.find((c) => c.clientName === 'Big Co')!.warmth).toEqual([3, 5]);
  expect(trends.clients.find((c) => c.clientName === 'Small Ltd')!.warmth).toEqual([null, 2]);
  expect((await ok(core, 'reviews.list', {})).map((x) => [x.quarter, x.status, x.recorded])).toEqual([
    ['2027-Q1', 'finished', 2],
    ['2026-Q4', 'finished', 1],
  ]);
  await core.dispose();
});
