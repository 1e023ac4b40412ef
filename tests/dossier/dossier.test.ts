import fs from 'node:fs';
import { expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { ManualClock, PASSPHRASE, fails, filesBelow, ok, tempDir, testCore } from '../support/vault';

const DAY = 86_400_000;

async function setup(clock = new ManualClock()) {
  const dataDir = tempDir();
  const core = await testCore({ dataDir, clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const client = await ok(core, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons', owner: 'Ana' });
  return { core, client, clock, dataDir };
}

async function fillDossier(core: RapportCore, clientId: string) {
  const dave = await ok(core, 'contacts.create', { clientId, name: 'Dave Hartley', role: 'CEO', email: 'dave@hartley.example' });
  const megan = await ok(core, 'contacts.create', { clientId, name: 'Megan Hartley', preferredChannel: 'phone', preferredTime: 'mornings' });
  const allergy = await ok(core, 'facts.add', { clientId, contactId: megan.id, type: 'diet', text: 'Allergic to pecans and all tree nuts' });
  const hobby = await ok(core, 'facts.add', { clientId, contactId: dave.id, type: 'hobbies', text: 'Plays the cello on Sundays' });
  const date = await ok(core, 'dates.add', { clientId, contactId: dave.id, label: 'Tyrone operation', date: '2026-12-03', recurrence: 'once' });
  const entry = await ok(core, 'timeline.add', {
    clientId,
    kind: 'meeting',
    occurredAt: '2026-11-20T10:00:00Z',
    summary: 'Quarterly planning lunch',
    body: 'Discussed the warehouse expansion',
    contactIds: [dave.id],
    followUp: { reason: 'Send the expansion memo', dueOn: '2026-11-27' },
  });
  return { dave, megan, allergy, hobby, date, entry };
}

test('facts: alerts are allergies, dislikes and handle-with-care, listed first', async () => {
  const { core, client } = await setup();
  const { allergy, hobby } = await fillDossier(core, client.id);
  const careful = await ok(core, 'facts.add', { clientId: client.id, type: 'family', text: 'Recently divorced', sensitivity: 'handle-with-care' });
  const dossier = await ok(core, 'clients.dossier', { id: client.id });
  expect(dossier.alerts.map((f) => f.id).sort()).toEqual([allergy.id, careful.id].sort());
  expect(dossier.facts.at(-1)!.id).toBe(hobby.id);
  expect(dossier.contacts.map((c) => c.name)).toEqual(['Dave Hartley', 'Megan Hartley']);
  expect(dossier.contacts[1].preferredChannel).toBe('phone');
  await core.dispose();
});

test('a fact about another client’s contact is refused and nothing is written', async () => {
  const { core, client } = await setup();
  const other = await ok(core, 'clients.create', { kind: 'person', name: 'Lena Ortiz' });
  const stranger = await ok(core, 'contacts.create', { clientId: other.id, name: 'Someone Else' });
  const err = await fails(core, 'facts.add', { clientId: client.id, contactId: stranger.id, type: 'other', text: 'x' });
  expect(err.code).toBe('NOT_FOUND');
  expect((await ok(core, 'clients.dossier', { id: client.id })).facts).toEqual([]);
  await core.dispose();
});

test('important dates: the next yearly occurrence, and one-off dates that passed', async () => {
  const { core, client } = await setup(new ManualClock(new Date('2026-11-23T09:00:00Z').getTime()));
  await ok(core, 'dates.add', { clientId: client.id, label: 'Birthday', date: '1980-02-29', recurrence: 'yearly' });
  await ok(core, 'dates.add', { clientId: client.id, label: 'Anniversary', date: '2001-11-30', recurrence: 'yearly' });
  await ok(core, 'dates.add', { clientId: client.id, label: 'Old exam', date: '2026-06-01', recurrence: 'once' });
  const dates = (await ok(core, 'clients.dossier', { id: client.id })).dates;
  expect(dates.map((d) => [d.label, d.nextOn])).toEqual([
    ['Anniversary', '2026-11-30'],
    ['Birthday', '2027-02-28'],
    ['Old exam', null],
  ]);
  await core.dispose();
});

test('warmth readings are dated, kept in order, and set the current warmth', async () => {
  const { core, client, clock } = await setup();
  await ok(core, 'warmth.record', { clientId: client.id, value: 2, reason: 'Missed deadline' });
  clock.advance(10 * DAY);
  await ok(core, 'warmth.record', { clientId: client.id, value: 4, reason: 'Great workshop' });
  const d = await ok(core, 'clients.dossier', { id: client.id });
  expect(d.warmth.map((w) => w.value)).toEqual([2, 4]);
  expect(d.client.warmth).toBe(4);
  expect((await fails(core, 'warmth.record', { clientId: client.id, value: 6, reason: 'x' })).code).toBe('INVALID_INPUT');
  await core.dispose();
});

test('handover changes the owner, records it, adds a timeline entry and a check-in follow-up in one go', async () => {
  const { core, client } = await setup();
  const h = await ok(core, 'clients.handOver', {
    clientId: client.id,
    to: 'Ben',
    reason: 'Ana moves to the Lisbon office',
    notes: 'Dave prefers calls before 10',
    clientReaction: 'Relieved; knows Ben already',
  });
  expect(h.from).toBe('Ana');
  const d = await ok(core, 'clients.dossier', { id: client.id });
  expect(d.client.owner).toBe('Ben');
  expect(d.handovers).toHaveLength(1);
  expect(d.recent[0].kind).toBe('handover');
  expect(d.recent[0].summary).toContain('from Ana to Ben');
  expect(d.followUps.map((f) => f.reason)).toEqual(['Check in with Hartley & Sons after the handover to Ben']);
  expect((await fails(core, 'clients.handOver', { clientId: client.id, to: 'ben', reason: 'r', notes: 'n' })).code).toBe('INVALID_INPUT');
  await core.dispose();
});

test('an interaction resets keep-in-touch; a note does not; going cold is sorted by how overdue', async () => {
  const clock = new ManualClock(new Date('2026-11-01T09:00:00Z').getTime());
  const { core, client } = await setup(clock);
  await ok(core, 'clients.update', { id: client.id, version: client.version, cadenceDays: 30 });
  const quiet = await ok(core, 'clients.create', { kind: 'person', name: 'Quiet Client', cadenceDays: 10 });
  await ok(core, 'clients.create', { kind: 'person', name: 'No cadence' });

  clock.advance(20 * DAY);
  expect((await ok(core, 'clients.goingCold', {})).map((c) => c.name)).toEqual(['Quiet Client']);

  clock.advance(20 * DAY); // 40 days since both were added
  let cold = await ok(core, 'clients.goingCold', {});
  expect(cold.map((c) => [c.name, c.daysOverdue])).toEqual([
    ['Quiet Client', 30],
    ['Hartley & Sons', 10],
  ]);

  await ok(core, 'timeline.add', { clientId: quiet.id, kind: 'note', occurredAt: clock.now().toISOString(), summary: 'Internal note' });
  expect((await ok(core, 'clients.goingCold', {})).map((c) => c.name)).toContain('Quiet Client');
  await ok(core, 'timeline.add', { clientId: quiet.id, kind: 'call', occurredAt: clock.now().toISOString(), summary: 'Caught up' });
  cold = await ok(core, 'clients.goingCold', {});
  expect(cold.map((c) => c.name)).toEqual(['Hartley & Sons']);
  expect(cold[0].daysSinceContact).toBe(40);
  await core.dispose();
});

test('follow-ups: today and overdue, done (with repeat), snooze, drop', async () => {
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z').getTime());
  const { core, client } = await setup(clock);
  const overdue = await ok(core, 'followUps.create', { clientId: client.id, reason: 'Ask how the operation went', dueOn: '2026-11-20' });
  const today = await ok(core, 'followUps.create', { clientId: client.id, reason: 'Monthly check-in', dueOn: '2026-11-23', repeatDays: 30 });
  await ok(core, 'followUps.create', { clientId: client.id, reason: 'Later', dueOn: '2026-12-10' });
  let t = await ok(core, 'followUps.today', {});
  expect(t.due.map((f) => f.reason)).toEqual(['Ask how the operation went', 'Monthly check-in']);
  expect(t.overdueCount).toBe(1);
  expect(t.due[0].clientName).toBe('Hartley & Sons');

  await ok(core, 'followUps.complete', { id: today.id, version: today.version });
  const open = (await ok(core, 'followUps.list', { clientId: client.id })).items;
  expect(open.map((f) => [f.reason, f.dueOn])).toEqual([
    ['Ask how the operation went', '2026-11-20'],
    ['Later', '2026-12-10'],
    ['Monthly check-in', '2026-12-23'],
  ]);
  expect((await fails(core, 'followUps.snooze', { id: overdue.id, version: overdue.version, until: '2026-11-01' })).code).toBe('INVALID_INPUT');
  const snoozed = await ok(core, 'followUps.snooze', { id: overdue.id, version: overdue.version, until: '2026-11-30' });
  expect([snoozed.dueOn, snoozed.snoozedFrom]).toEqual(['2026-11-30', '2026-11-20']);
  const dropped = await ok(core, 'followUps.drop', { id: snoozed.id, version: snoozed.version });
  expect(dropped.status).toBe('dropped');
  expect((await fails(core, 'followUps.complete', { id: dropped.id, version: dropped.version })).code).toBe('CONFLICT');
  t = await ok(core, 'followUps.today', {});
  expect(t.due).toEqual([]);
  expect((await ok(core, 'followUps.list', { status: 'done' })).items.map((f) => f.reason)).toEqual(['Monthly check-in']);
  await core.dispose();
});

test('timeline: filters, edit with version check, delete and undo, last contact follows', async () => {
  const { core, client } = await setup();
  const { dave, entry } = await fillDossier(core, client.id);
  const call = await ok(core, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: '2026-11-22T15:00:00Z', summary: 'Quick call' });
  expect((await ok(core, 'clients.get', { id: client.id })).lastContactAt).toBe('2026-11-22T15:00:00.000Z');

  expect((await ok(core, 'timeline.query', { kinds: ['meeting'] })).entries.map((e) => e.id)).toEqual([entry.id]);
  expect((await ok(core, 'timeline.query', { clientId: client.id, contactId: dave.id })).entries.map((e) => e.id)).toEqual([entry.id]);
  expect((await ok(core, 'timeline.query', { from: '2026-11-21T00:00:00Z' })).entries.map((e) => e.id)).toEqual([call.id]);

  const edited = await ok(core, 'timeline.update', { id: entry.id, version: entry.version, summary: 'Planning lunch at Rosa’s' });
  expect(edited.summary).toBe('Planning lunch at Rosa’s');
  expect((await fails(core, 'timeline.update', { id: entry.id, version: entry.version, summary: 'stale' })).code).toBe('CONFLICT');

  const { undoToken } = await ok(core, 'timeline.delete', { id: call.id });
  expect((await ok(core, 'clients.get', { id: client.id })).lastContactAt).toBe('2026-11-20T10:00:00.000Z');
  await ok(core, 'undo.apply', { token: undoToken });
  const restored = await ok(core, 'timeline.list', { clientId: client.id });
  expect(restored.map((e) => e.id)).toEqual([call.id, entry.id]);
  expect((await fails(core, 'undo.apply', { token: undoToken })).code).toBe('NOT_FOUND');
  await core.dispose();
});

test('deleting a client removes everything of it in one transaction, and undo restores it all', async () => {
  const { core, client } = await setup();
  await fillDossier(core, client.id);
  await ok(core, 'warmth.record', { clientId: client.id, value: 3, reason: 'ok' });
  await ok(core, 'clients.handOver', { clientId: client.id, to: 'Ben', reason: 'r', notes: 'n' });
  const before = await ok(core, 'clients.dossier', { id: client.id });

  const { undoToken, label } = await ok(core, 'clients.delete', { id: client.id });
  expect(label).toContain('Hartley & Sons');
  expect((await fails(core, 'clients.dossier', { id: client.id })).code).toBe('NOT_FOUND');
  expect(await ok(core, 'followUps.list', { status: 'all' })).toEqual({ items: [], nextCursor: null });
  expect(await ok(core, 'timeline.query', {})).toEqual({ entries: [], nextCursor: null });

  await ok(core, 'undo.apply', { token: undoToken });
  const after = await ok(core, 'clients.dossier', { id: client.id });
  const strip = (d: typeof before) =>
    JSON.parse(JSON.stringify(d, (k, v) => (k === 'version' ? undefined : v))) as unknown;
  expect(strip(after)).toEqual(strip(before));

  // Still consistent after lock and unlock (the integrity check covers every table).
  await ok(core, 'vault.lock', {});
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
  expect((await ok(core, 'clients.dossier', { id: client.id })).facts).toHaveLength(2);
  await core.dispose();
});

test('undo tokens are forgotten on lock', async () => {
  const { core, client } = await setup();
  const { undoToken } = await ok(core, 'clients.delete', { id: client.id });
  await ok(core, 'vault.lock', {});
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
  expect((await fails(core, 'undo.apply', { token: undoToken })).code).toBe('NOT_FOUND');
  await core.dispose();
});

test('search finds every kind of record, grouped by client, and nothing once deleted', async () => {
  const { core, client } = await setup();
  const { allergy } = await fillDossier(core, client.id);
  const groups = async (q: string) => ok(core, 'search.query', { q });

  expect((await groups('Hartley'))[0].clientName).toBe('Hartley & Sons');
  const kindsFor = async (q: string) => (await groups(q)).flatMap((g) => g.hits.map((h) => h.kind));
  expect(await kindsFor('pecan')).toEqual(['fact']);
  expect(await kindsFor('cello')).toEqual(['fact']);
  expect(await kindsFor('warehouse')).toEqual(['entry']);
  expect(await kindsFor('memo')).toEqual(['follow-up']);
  expect(await kindsFor('tyrone')).toEqual(['date']);
  expect(await kindsFor('megan')).toEqual(['contact']);
  expect(await kindsFor('pec')).toEqual(['fact']); // prefix, as the user types

  // Changes after the index was built are seen at once.
  await ok(core, 'facts.update', { id: allergy.id, version: allergy.version, text: 'Allergic to walnuts' });
  expect(await kindsFor('pecan')).toEqual([]);
  expect(await kindsFor('walnuts')).toEqual(['fact']);
  const other = await ok(core, 'clients.create', { kind: 'person', name: 'Walnut Street Bakery' });
  expect((await groups('walnut')).map((g) => g.clientName).sort()).toEqual(['Hartley & Sons', 'Walnut Street Bakery']);

  await ok(core, 'clients.delete', { id: client.id });
  expect((await groups('walnut')).map((g) => g.clientId)).toEqual([other.id]);
  expect(await groups('cello')).toEqual([]);
  await core.dispose();
});

test('search refuses while locked and starts empty after unlock', async () => {
  const { core, client } = await setup();
  await fillDossier(core, client.id);
  expect((await ok(core, 'search.query', { q: 'cello' })).length).toBe(1);
  await ok(core, 'vault.lock', {});
  expect((await fails(core, 'search.query', { q: 'cello' })).code).toBe('VAULT_LOCKED');
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
  expect((await ok(core, 'search.query', { q: 'cello' })).length).toBe(1);
  await core.dispose();
});

test('none of the dossier text is in clear in any file on disk', async () => {
  const { core, client, dataDir } = await setup();
  await fillDossier(core, client.id);
  await ok(core, 'clients.handOver', { clientId: client.id, to: 'Benedikt', reason: 'Sabbatical-Canary-7', notes: 'Zanzibar-Canary-9' });
  await ok(core, 'search.query', { q: 'pecan' });
  const needles = ['pecans', 'cello', 'Tyrone', 'warehouse', 'expansion memo', 'Zanzibar-Canary-9', 'Sabbatical-Canary-7', 'Megan', 'Hartley'];
  const check = () => {
    for (const file of filesBelow(dataDir)) {
      const bytes = fs.readFileSync(file);
      for (const n of needles) {
        expect(bytes.includes(Buffer.from(n, 'utf8')), `${n} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(n, 'utf16le')), `${n} (UTF-16) in ${file}`).toBe(false);
      }
    }
  };
  check(); // while open, with the WAL
  await core.dispose();
  check();
});

test('deleting a contact removes their facts and dates and unlinks them from the timeline', async () => {
  const { core, client } = await setup();
  const { dave, megan, entry } = await fillDossier(core, client.id);
  await ok(core, 'contacts.delete', { id: dave.id });
  const d = await ok(core, 'clients.dossier', { id: client.id });
  expect(d.contacts.map((c) => c.id)).toEqual([megan.id]);
  expect(d.facts.every((f) => f.contactId !== dave.id)).toBe(true);
  expect(d.dates).toEqual([]);
  const [e] = (await ok(core, 'timeline.list', { clientId: client.id })).filter((x) => x.id === entry.id);
  expect(e.contactIds).toEqual([]);
  // The entry can still be edited.
  expect((await ok(core, 'timeline.update', { id: e.id, version: e.version, summary: 'Edited after' })).summary).toBe('Edited after');
  await core.dispose();
});
