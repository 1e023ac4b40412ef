/** Issue 16: only interactions with the client count for last contact, cadence, going cold and attention. */
import { expect, test } from 'vitest';
import { ENTRY_KINDS } from '../../src/shared/types';
import { ENTRY_KIND_CLASS, isInteraction } from '../../src/shared/interactions';
import { ManualClock, PASSPHRASE, ok, testCore } from '../support/vault';

const DAY = 86_400_000;

async function setup() {
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z').getTime());
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const client = await ok(core, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons', cadenceDays: 30, stage: 'active' });
  return { core, clock, client };
}

test('every entry kind is classed once, and the classes match what a user would call contact', () => {
  expect(Object.keys(ENTRY_KIND_CLASS).sort()).toEqual([...ENTRY_KINDS].sort());
  for (const k of ['meeting', 'call', 'email', 'message', 'visit', 'gift', 'referral', 'letter-sent'] as const) expect(isInteraction(k)).toBe(true);
  for (const k of ['note', 'promise', 'delivery', 'stage-change', 'review', 'letter', 'handover'] as const) expect(isInteraction(k)).toBe(false);
});

test('promise state changes, stage moves and reviews do not move last contact', async () => {
  const { core, clock, client } = await setup();
  await ok(core, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: '2026-11-18T10:00:00Z', summary: 'Catch-up call' });
  const engagement = await ok(core, 'engagements.create', {
    clientId: client.id,
    name: 'Warehouse plan',
    startOn: '2026-11-01',
    items: [{ kind: 'promise', text: 'Deliver the plan', dueOn: '2026-12-01' }],
  });
  const view = (await ok(core, 'promises.forClient', { clientId: client.id })).engagements[0];
  expect(view.engagement.id).toBe(engagement.id);
  const item = view.items[0];
  clock.advance(DAY);
  await ok(core, 'expectations.setState', { id: item.id, version: item.version, state: 'kept', note: 'Sent it' });
  await ok(core, 'clients.setStage', { clientId: client.id, stage: 'issue-resolution', startChecklist: false });
  expect((await ok(core, 'clients.get', { id: client.id })).lastContactAt).toBe('2026-11-18T10:00:00.000Z');
  await core.dispose();
});

test('an exported letter is not contact until the user marks it sent', async () => {
  const { core, clock, client } = await setup();
  const entry = await ok(core, 'timeline.add', { clientId: client.id, kind: 'letter', occurredAt: '2026-11-23T09:00:00Z', summary: 'Letter: check-in' });
  clock.advance(40 * DAY);
  expect((await ok(core, 'clients.get', { id: client.id })).lastContactAt).toBeNull();
  expect((await ok(core, 'clients.goingCold', {})).map((c) => c.name)).toEqual(['Hartley & Sons']);
  const sent = await ok(core, 'timeline.markSent', { id: entry.id, version: entry.version, sentAt: '2026-11-24T12:00:00Z' });
  expect(sent.kind).toBe('letter-sent');
  expect((await ok(core, 'clients.get', { id: client.id })).lastContactAt).toBe('2026-11-24T12:00:00.000Z');
  const again = await core.call('timeline.markSent', { id: entry.id, version: sent.version });
  expect(again.ok).toBe(false);
  await core.dispose();
});

test('deleting a client’s only call and undoing restores last contact', async () => {
  const { core, client } = await setup();
  const call = await ok(core, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: '2026-11-20T10:00:00Z', summary: 'Only call' });
  const { undoToken } = await ok(core, 'timeline.delete', { id: call.id });
  expect((await ok(core, 'clients.get', { id: client.id })).lastContactAt).toBeNull();
  await ok(core, 'undo.apply', { token: undoToken });
  expect((await ok(core, 'clients.get', { id: client.id })).lastContactAt).toBe('2026-11-20T10:00:00.000Z');
  await core.dispose();
});

test('per contact: when we last spoke to that person, from interactions only', async () => {
  const { core, client } = await setup();
  const dave = await ok(core, 'contacts.create', { clientId: client.id, name: 'Dave Hartley' });
  const megan = await ok(core, 'contacts.create', { clientId: client.id, name: 'Megan Hartley' });
  await ok(core, 'timeline.add', { clientId: client.id, kind: 'meeting', occurredAt: '2026-11-10T10:00:00Z', summary: 'Lunch', contactIds: [dave.id, megan.id] });
  await ok(core, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: '2026-11-15T10:00:00Z', summary: 'Call', contactIds: [dave.id] });
  await ok(core, 'timeline.add', { clientId: client.id, kind: 'note', occurredAt: '2026-11-20T10:00:00Z', summary: 'Note about Megan', contactIds: [megan.id] });
  const dossier = await ok(core, 'clients.dossier', { id: client.id });
  expect(dossier.contactLastContact).toEqual({ [dave.id]: '2026-11-15T10:00:00.000Z', [megan.id]: '2026-11-10T10:00:00.000Z' });
  await core.dispose();
});

test('attention share counts interactions only', async () => {
  const { core, client } = await setup();
  const other = await ok(core, 'clients.create', { kind: 'person', name: 'Lena Ortiz', stage: 'active' });
  await ok(core, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: '2026-11-10T10:00:00Z', summary: 'Call' });
  for (const kind of ['note', 'letter', 'stage-change', 'promise', 'delivery'] as const) {
    await ok(core, 'timeline.add', { clientId: client.id, kind, occurredAt: '2026-11-11T10:00:00Z', summary: kind });
  }
  await ok(core, 'timeline.add', { clientId: other.id, kind: 'meeting', occurredAt: '2026-11-12T10:00:00Z', summary: 'Meeting' });
  const session = await ok(core, 'reviews.start', { quarter: '2026-Q4' });
  const review = await ok(core, 'reviews.get', { id: session.id });
  expect(review.signals!.map((s) => [s.clientName, s.interactionsThisQuarter, s.attentionShare])).toEqual([
    ['Hartley & Sons', 1, 50],
    ['Lena Ortiz', 1, 50],
  ]);
  await core.dispose();
});
