import { expect, test } from 'vitest';
import { namesPerson } from '../../src/main/services/person';
import { ManualClock, PASSPHRASE, fails, ok, tempDir, testCore } from '../support/vault';

async function setup() {
  const core = await testCore({ dataDir: tempDir(), clock: new ManualClock(new Date('2026-11-23T09:00:00Z').getTime()) });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const client = await ok(core, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons', owner: 'Ana' });
  const dave = await ok(core, 'contacts.create', { clientId: client.id, name: 'Dave Hartley', role: 'CEO', email: 'dave@hartley.example', preferredChannel: 'phone' });
  const megan = await ok(core, 'contacts.create', { clientId: client.id, name: 'Dr Megan Hartley' });
  return { core, client, dave, megan };
}

test('contacts.get: the person, their own facts and dates, the entries they took part in newest first, and last spoke from interactions only', async () => {
  const { core, client, dave, megan } = await setup();
  const cello = await ok(core, 'facts.add', { clientId: client.id, contactId: dave.id, type: 'hobbies', text: 'Plays the cello' });
  await ok(core, 'facts.add', { clientId: client.id, contactId: megan.id, type: 'diet', text: 'Vegan' });
  await ok(core, 'facts.add', { clientId: client.id, type: 'other', text: 'Family firm since 1952' });
  const birthday = await ok(core, 'dates.add', { clientId: client.id, contactId: dave.id, label: 'Birthday', date: '1970-05-04', recurrence: 'yearly' });
  await ok(core, 'dates.add', { clientId: client.id, contactId: megan.id, label: 'Graduation', date: '2027-06-01', recurrence: 'once' });
  const call = await ok(core, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: '2026-11-01T10:00:00Z', summary: 'Budget call', contactIds: [dave.id] });
  const lunch = await ok(core, 'timeline.add', { clientId: client.id, kind: 'meeting', occurredAt: '2026-11-10T12:00:00Z', summary: 'Lunch', contactIds: [dave.id, megan.id] });
  // A note of our own, newer than any interaction: listed, but it is not "last spoke".
  const note = await ok(core, 'timeline.add', { clientId: client.id, kind: 'note', occurredAt: '2026-11-20T09:00:00Z', summary: 'Dave prefers calls', contactIds: [dave.id] });
  await ok(core, 'timeline.add', { clientId: client.id, kind: 'email', occurredAt: '2026-11-21T09:00:00Z', summary: 'Megan only', contactIds: [megan.id] });
  const memo = await ok(core, 'followUps.create', { clientId: client.id, reason: 'Send Dave the expansion memo', dueOn: '2026-11-30' });
  await ok(core, 'followUps.create', { clientId: client.id, reason: 'Book the davenport delivery', dueOn: '2026-11-28' });
  await ok(core, 'followUps.create', { clientId: client.id, reason: 'Ask Megan about the audit', dueOn: '2026-11-29' });

  const p = await ok(core, 'contacts.get', { id: dave.id });
  expect(p.contact).toMatchObject({ id: dave.id, name: 'Dave Hartley', role: 'CEO', email: 'dave@hartley.example', preferredChannel: 'phone' });
  expect(p.client).toEqual({ id: client.id, name: 'Hartley & Sons', kind: 'organisation', owner: 'Ana' });
  expect(p.facts.map((f) => f.id)).toEqual([cello.id]);
  expect(p.dates.map((d) => d.id)).toEqual([birthday.id]);
  expect(p.entries.map((e) => e.id)).toEqual([note.id, lunch.id, call.id]);
  expect(p.lastSpokeAt).toBe('2026-11-10T12:00:00.000Z');
  expect(p.followUps.map((f) => f.id)).toEqual([memo.id]);

  const m = await ok(core, 'contacts.get', { id: megan.id });
  expect(m.entries.map((e) => e.summary)).toEqual(['Megan only', 'Lunch']);
  expect(m.lastSpokeAt).toBe('2026-11-21T09:00:00.000Z');
  // "Dr Megan Hartley" is named by Megan, not by the courtesy title.
  expect(m.followUps.map((f) => f.reason)).toEqual(['Ask Megan about the audit']);
  await core.dispose();
});

test('contacts.get: someone never spoken to has no last spoke; a deleted or unknown person is NOT_FOUND; bad ids are refused', async () => {
  const { core, client, megan } = await setup();
  const p = await ok(core, 'contacts.get', { id: megan.id });
  expect(p.lastSpokeAt).toBeNull();
  expect(p.entries).toEqual([]);
  await ok(core, 'contacts.delete', { id: megan.id });
  expect((await fails(core, 'contacts.get', { id: megan.id })).code).toBe('NOT_FOUND');
  // A client's id is not a person's.
  expect((await fails(core, 'contacts.get', { id: client.id })).code).toBe('NOT_FOUND');
  expect((await fails(core, 'contacts.get', { id: 'not-an-id' })).code).toBe('INVALID_INPUT');
  expect((await fails(core, 'contacts.get', { id: megan.id, extra: 1 } as never)).code).toBe('INVALID_INPUT');
  await core.dispose();
});

test('a follow-up names a person by full name or first name as a whole word, in any case', () => {
  expect(namesPerson('Send Dave the memo', 'Dave Hartley')).toBe(true);
  expect(namesPerson('lunch with dave hartley', 'Dave Hartley')).toBe(true);
  expect(namesPerson('Book the davenport', 'Dave Hartley')).toBe(false);
  expect(namesPerson('Ring Zoë', 'Zoë Brandt')).toBe(true);
  expect(namesPerson('Ask Dr Smith', 'Dr Amara Osei')).toBe(false);
  // Names are text, not patterns.
  expect(namesPerson('Call J.R. today', 'J.R. Ewing')).toBe(true);
  expect(namesPerson('Call JXR today', 'J.R. Ewing')).toBe(false);
});
