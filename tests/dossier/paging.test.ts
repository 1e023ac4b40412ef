/**
 * Paging of timeline.query and followUps.list: a page of `limit` rows and an opaque cursor for the
 * next; walking every page gives each row once, in the same order as one long page, with the filters
 * applied in SQL; rows added between pages do not shift later pages; a cursor this code did not
 * write is refused.
 */
import { expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import type { MethodInput } from '../../src/shared/contract';
import type { FollowUp, TimelineEntry } from '../../src/shared/types';
import { ManualClock, PASSPHRASE, fails, ok, testCore } from '../support/vault';

async function setup() {
  const core = await testCore({ clock: new ManualClock(new Date('2026-11-23T09:00:00Z').getTime()) });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const a = await ok(core, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons' });
  const b = await ok(core, 'clients.create', { kind: 'person', name: 'Ada Obi' });
  return { core, a, b };
}

async function allTimelinePages(core: RapportCore, q: MethodInput<'timeline.query'>, limit: number): Promise<TimelineEntry[][]> {
  const pages: TimelineEntry[][] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(core, 'timeline.query', { ...q, limit, ...(cursor ? { cursor } : {}) });
    pages.push(page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

test('timeline.query: pages of `limit`, newest first, each entry once, filters applied to every page', async () => {
  const { core, a, b } = await setup();
  const at = (day: number, hour = 10) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  // Seven entries of A (two at the same moment: the id breaks the tie) and three of B.
  for (const [day, kind] of [[1, 'call'], [2, 'note'], [3, 'call'], [3, 'call'], [5, 'meeting'], [6, 'call'], [7, 'note']] as const) {
    await ok(core, 'timeline.add', { clientId: a.id, kind, occurredAt: at(day), summary: `A ${kind} ${day}` });
  }
  for (const day of [2, 4, 8]) await ok(core, 'timeline.add', { clientId: b.id, kind: 'call', occurredAt: at(day), summary: `B call ${day}` });

  const everything = (await ok(core, 'timeline.query', { limit: 500 })).entries;
  expect(everything).toHaveLength(10);
  const newestFirst = [...everything].sort((x, y) => y.occurredAt.localeCompare(x.occurredAt) || x.id.localeCompare(y.id));
  expect(everything.map((e) => e.id)).toEqual(newestFirst.map((e) => e.id));

  const pages = await allTimelinePages(core, {}, 3);
  expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
  expect(pages.flat().map((e) => e.id)).toEqual(everything.map((e) => e.id));

  // Filters hold on every page: A's calls only, from 2 October on.
  const calls = await allTimelinePages(core, { clientId: a.id, kinds: ['call'], from: at(2, 0) }, 2);
  expect(calls.map((p) => p.length)).toEqual([2, 1]);
  expect(calls.flat().map((e) => e.summary)).toEqual(['A call 6', 'A call 3', 'A call 3']);

  // A page's size is exact: a last page that is exactly full says there is no next one.
  const exact = await ok(core, 'timeline.query', { clientId: b.id, limit: 3 });
  expect([exact.entries.length, exact.nextCursor]).toEqual([3, null]);

  // An entry added newer than the cursor does not shift the next page.
  const first = await ok(core, 'timeline.query', { limit: 4 });
  await ok(core, 'timeline.add', { clientId: b.id, kind: 'call', occurredAt: at(20), summary: 'B newest' });
  const second = await ok(core, 'timeline.query', { limit: 4, cursor: first.nextCursor! });
  expect(second.entries.map((e) => e.id)).toEqual(everything.slice(4, 8).map((e) => e.id));
  await core.dispose();
});

test('followUps.list: pages soonest first, then by client name, each once; dueAfter keeps later ones', async () => {
  const { core, a, b } = await setup();
  const made: FollowUp[] = [];
  for (const [client, dueOn] of [[a, '2026-11-20'], [b, '2026-11-25'], [a, '2026-11-25'], [b, '2026-11-25'], [a, '2026-12-01'], [b, '2026-12-24']] as const) {
    made.push(await ok(core, 'followUps.create', { clientId: client.id, reason: `${client.name} ${dueOn}`, dueOn }));
  }
  const all = (await ok(core, 'followUps.list', { limit: 500 })).items;
  expect(all.map((f) => f.reason)).toEqual([
    'Hartley & Sons 2026-11-20',
    'Ada Obi 2026-11-25',
    'Ada Obi 2026-11-25',
    'Hartley & Sons 2026-11-25',
    'Hartley & Sons 2026-12-01',
    'Ada Obi 2026-12-24',
  ]);
  const walked: FollowUp[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: FollowUp[]; nextCursor: string | null } = await ok(core, 'followUps.list', { limit: 2, ...(cursor ? { cursor } : {}) });
    walked.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  expect(pages).toBe(3);
  expect(walked.map((f) => f.id)).toEqual(all.map((f) => f.id));
  expect(new Set(walked.map((f) => f.id)).size).toBe(made.length);

  const upcoming = await ok(core, 'followUps.list', { dueAfter: '2026-11-25' });
  expect(upcoming).toEqual({ items: all.slice(4), nextCursor: null });
  // Done ones leave the default (open) list, page by page too.
  await ok(core, 'followUps.complete', { id: made[0].id, version: made[0].version });
  expect((await ok(core, 'followUps.list', { limit: 1 })).items[0].reason).toBe('Ada Obi 2026-11-25');
  expect((await ok(core, 'followUps.list', { status: 'done', limit: 1 })).items.map((f) => f.id)).toEqual([made[0].id]);
  await core.dispose();
});

test('a cursor this code did not write is refused as INVALID_INPUT, and nothing changes', async () => {
  const { core, a } = await setup();
  await ok(core, 'timeline.add', { clientId: a.id, kind: 'call', occurredAt: '2026-10-01T10:00:00Z', summary: 'Call' });
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  for (const cursor of [forged({ at: 1 }), forged(['2026-10-01']), forged([1, 2]), 'AAAA', forged(['a', 'b', 'c', 'd'])]) {
    expect((await fails(core, 'timeline.query', { cursor })).code, cursor).toBe('INVALID_INPUT');
    expect((await fails(core, 'followUps.list', { cursor })).code, cursor).toBe('INVALID_INPUT');
  }
  expect((await ok(core, 'timeline.query', {})).entries).toHaveLength(1);
  await core.dispose();
});
