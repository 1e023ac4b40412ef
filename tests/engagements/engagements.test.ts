import { expect, test } from 'vitest';
import { lastQuarters, promiseStats, quarterOf } from '../../src/main/services/engagements';
import type { ExpectationItem, ItemStateChange } from '../../src/shared/types';
import { ManualClock, PASSPHRASE, fails, ok, testCore } from '../support/vault';

const DAY = 86_400_000;

async function setup(start = '2026-10-01T09:00:00Z') {
  const clock = new ManualClock(new Date(start).getTime());
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const client = await ok(core, 'clients.create', { kind: 'organisation', name: 'Bluebird Dental', stage: 'active' });
  const engagement = await ok(core, 'engagements.create', {
    clientId: client.id,
    name: 'Practice website rebuild',
    startOn: '2026-10-01',
    plannedEndOn: '2026-11-12',
    value: 24000,
    items: [
      { kind: 'promise', text: 'Six weeks, end to end', dueOn: '2026-11-12', responsible: 'Ana' },
      { kind: 'promise', text: 'Deliver A: the booking form', dueOn: '2026-10-20' },
      { kind: 'promise', text: 'Deliver B: the team pages', dueOn: '2026-10-30' },
      { kind: 'gap', text: 'Expects us to write all the copy', toldHow: 'Told Dr Okafor at kick-off that copy is theirs', toldOn: '2026-10-01' },
      { kind: 'assumption', text: 'They supply photos by week two' },
    ],
  });
  const items = async () => (await ok(core, 'promises.forClient', { clientId: client.id })).engagements[0].items;
  return { core, clock, client, engagement, items };
}

const find = (items: ExpectationItem[], prefix: string) => items.find((i) => i.text.startsWith(prefix))!;

test('an engagement starts with its checklist: promises, a gap told to the client, an assumption', async () => {
  const { core, client, items } = await setup();
  const all = await items();
  expect(all.map((i) => i.kind).sort()).toEqual(['assumption', 'gap', 'promise', 'promise', 'promise']);
  const p = await ok(core, 'promises.forClient', { clientId: client.id });
  expect(p.gaps.map((g) => [g.text, g.toldHow])).toEqual([['Expects us to write all the copy', 'Told Dr Okafor at kick-off that copy is theirs']]);
  expect(p.stats.rate).toBeNull(); // nothing due yet
  expect(
    (await fails(core, 'expectations.add', { engagementId: p.engagements[0].engagement.id, kind: 'gap', text: 'Untold gap' })).message,
  ).toMatch(/how .*told the client/);
  await core.dispose();
});

test('state changes are validated and each adds exactly one timeline entry in the same transaction', async () => {
  const { core, client, engagement, items } = await setup();
  const entriesBefore = (await ok(core, 'timeline.list', { clientId: client.id })).length;
  const a = find(await items(), 'Deliver A');

  // No note, no state for a gap, no "kept" without a due date, no renegotiation without terms or agreement.
  expect((await fails(core, 'expectations.setState', { id: a.id, version: a.version, state: 'kept', note: '' })).code).toBe('INVALID_INPUT');
  const gap = find(await items(), 'Expects');
  expect((await fails(core, 'expectations.setState', { id: gap.id, version: gap.version, state: 'kept', note: 'x' })).code).toBe('INVALID_INPUT');
  const undated = await ok(core, 'expectations.add', { engagementId: engagement.id, kind: 'promise', text: 'Training session' });
  expect((await fails(core, 'expectations.setState', { id: undated.id, version: undated.version, state: 'kept', note: 'done' })).message).toMatch(/due date/);
  expect((await fails(core, 'expectations.setState', { id: a.id, version: a.version, state: 'renegotiated', note: 'n', clientAgreed: true })).message).toMatch(/new terms/);
  expect((await fails(core, 'expectations.setState', { id: a.id, version: a.version, state: 'renegotiated', note: 'n', newTerms: 'two more weeks' })).message).toMatch(/agreed/);
  expect((await ok(core, 'timeline.list', { clientId: client.id })).length).toBe(entriesBefore);

  // Kept with evidence from this client's timeline.
  const delivery = await ok(core, 'timeline.add', { clientId: client.id, kind: 'delivery', occurredAt: '2026-10-18T12:00:00Z', summary: 'Booking form live' });
  const other = await ok(core, 'clients.create', { kind: 'person', name: 'Other' });
  const foreign = await ok(core, 'timeline.add', { clientId: other.id, kind: 'delivery', occurredAt: '2026-10-18T12:00:00Z', summary: 'Not theirs' });
  expect((await fails(core, 'expectations.setState', { id: a.id, version: a.version, state: 'kept', note: 'Live', evidenceEntryId: foreign.id })).code).toBe('NOT_FOUND');
  const kept = await ok(core, 'expectations.setState', { id: a.id, version: a.version, state: 'kept', note: 'Live on the 18th', evidenceEntryId: delivery.id });
  expect(kept.state).toBe('kept');
  expect(kept.evidenceEntryId).toBe(delivery.id);
  const timeline = await ok(core, 'timeline.list', { clientId: client.id });
  expect(timeline.length).toBe(entriesBefore + 2); // the delivery itself, and exactly one for the change
  expect(timeline.filter((e) => e.summary.startsWith('Promise kept: Deliver A'))).toHaveLength(1);
  expect(kept.history[0].entryId).toBe(timeline.find((e) => e.summary.startsWith('Promise kept'))!.id);
  expect((await fails(core, 'expectations.setState', { id: a.id, version: kept.version, state: 'kept', note: 'again' })).code).toBe('CONFLICT');
  await core.dispose();
});

test('renegotiation records the new terms, the new due date and the client’s agreement', async () => {
  const { core, items } = await setup();
  const b = find(await items(), 'Deliver B');
  const r = await ok(core, 'expectations.setState', {
    id: b.id,
    version: b.version,
    state: 'renegotiated',
    note: 'Photos arrived late',
    newTerms: 'Team pages by 13 November',
    newDueOn: '2026-11-13',
    clientAgreed: true,
  });
  expect(r.dueOn).toBe('2026-11-13');
  expect(r.history.at(-1)).toMatchObject({ state: 'renegotiated', newTerms: 'Team pages by 13 November', clientAgreed: true });
  await core.dispose();
});

test('rates: kept on time over due, for the client and each engagement, with four quarters of outcomes', async () => {
  const { core, clock, client, items } = await setup();
  const set = async (prefix: string, state: 'kept' | 'slipped' | 'missed', note = 'n') => {
    const i = find(await items(), prefix);
    return ok(core, 'expectations.setState', { id: i.id, version: i.version, state, note });
  };
  clock.advance(17 * DAY); // 18 Oct
  await set('Deliver A', 'kept'); // on time (due 20 Oct)
  clock.advance(14 * DAY); // 1 Nov
  await set('Deliver B', 'kept'); // late (due 30 Oct)
  clock.advance(14 * DAY); // 15 Nov: "six weeks" (due 12 Nov) is now overdue and open
  const p = await ok(core, 'promises.forClient', { clientId: client.id });
  expect(p.stats).toMatchObject({ due: 3, keptOnTime: 1, slipped: 0, missed: 0, overdue: 1 });
  expect(p.stats.rate).toBeCloseTo(1 / 3);
  expect(p.engagements[0].stats.rate).toBeCloseTo(1 / 3);
  expect(p.quarters.map((q) => q.quarter)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  expect(p.quarters[3]).toEqual({ quarter: '2026-Q4', kept: 2, slipped: 0, missed: 0 });

  const attention = await ok(core, 'promises.attention', {});
  expect(attention.map((a) => [a.item.text, a.reason, a.clientName])).toEqual([['Six weeks, end to end', 'overdue', 'Bluebird Dental']]);
  await core.dispose();
});

test('rate edge cases: no items, all missed, renegotiated items', () => {
  const change = (state: ExpectationItem['state'], at: string): ItemStateChange => ({
    state,
    note: '',
    at,
    entryId: 'e',
    evidenceEntryId: null,
    newTerms: null,
    newDueOn: null,
    clientAgreed: null,
  });
  const promise = (dueOn: string | null, state: ExpectationItem['state'], history: ItemStateChange[] = []) => ({ kind: 'promise' as const, dueOn, state, history });
  const today = '2026-11-23';
  expect(promiseStats([], today)).toMatchObject({ due: 0, rate: null });
  expect(promiseStats([{ kind: 'gap', dueOn: null, state: 'open', history: [] }], today).rate).toBeNull();
  const allMissed = promiseStats([promise('2026-10-01', 'missed'), promise('2026-11-01', 'missed')], today);
  expect([allMissed.due, allMissed.rate, allMissed.missed]).toEqual([2, 0, 2]);
  // Renegotiated to a later date: not due yet; kept on the new terms: counts as kept on time.
  const renegotiatedOpen = promise('2026-12-15', 'renegotiated', [change('renegotiated', '2026-11-01T10:00:00Z')]);
  const renegotiatedKept = promise('2026-11-20', 'kept', [change('renegotiated', '2026-11-01T10:00:00Z'), change('kept', '2026-11-19T10:00:00Z')]);
  const s = promiseStats([renegotiatedOpen, renegotiatedKept], today);
  expect(s).toMatchObject({ due: 1, keptOnTime: 1, renegotiated: 2, overdue: 0 });
  expect(s.rate).toBe(1);
  // Kept after the due date: due, but not kept on time.
  expect(promiseStats([promise('2026-11-01', 'kept', [change('kept', '2026-11-05T09:00:00Z')])], today).rate).toBe(0);
});

test('quarters', () => {
  expect(quarterOf('2026-03-31')).toBe('2026-Q1');
  expect(quarterOf('2026-10-01')).toBe('2026-Q4');
  expect(lastQuarters('2026-02-10')).toEqual(['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
});
