/** Issue 16: allergy alerts from a fact's words or an explicit toggle; dates and warmth readings can be edited; readings backdated. */
import { expect, test } from 'vitest';
import { factTextRaisesAlert } from '../../src/shared/alerts';
import { ManualClock, PASSPHRASE, fails, ok, testCore } from '../support/vault';

async function setup() {
  const core = await testCore({ clock: new ManualClock(new Date('2026-11-23T09:00:00Z').getTime()) });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const client = await ok(core, 'clients.create', { kind: 'person', name: 'Lena Ortiz' });
  return { core, client };
}

test('words for allergies, intolerances and medical care raise an alert; ordinary facts do not', () => {
  for (const t of ['Severe nut allergy', 'Allergic to shellfish', 'Lactose intolerant', 'Coeliac', 'Carries an EpiPen', 'Type 1 diabetic', 'Has epilepsy', 'anaphylaxis risk: peanuts'])
    expect(factTextRaisesAlert(t), t).toBe(true);
  for (const t of ['Plays the cello', 'Loves walnuts in a salad? no: loves Walnut Creek', 'Two children, Tom and Ann']) expect(factTextRaisesAlert(t), t).toBe(false);
});

test('a health fact that says "Severe nut allergy" is an alert; any fact can be marked an alert and unmarked', async () => {
  const { core, client } = await setup();
  const nut = await ok(core, 'facts.add', { clientId: client.id, type: 'health', text: 'Severe nut allergy' });
  expect(nut.isAlert).toBe(true);
  const hobby = await ok(core, 'facts.add', { clientId: client.id, type: 'hobbies', text: 'Hates being called before 9', alert: true });
  expect([hobby.isAlert, hobby.markedAlert]).toEqual([true, true]);
  const unmarked = await ok(core, 'facts.update', { id: hobby.id, version: hobby.version, alert: false });
  expect(unmarked.isAlert).toBe(false);
  const edited = await ok(core, 'facts.update', { id: nut.id, version: nut.version, text: 'Mild hay fever', type: 'other' });
  expect([edited.text, edited.type]).toEqual(['Mild hay fever', 'other']);
  expect((await ok(core, 'clients.dossier', { id: client.id })).alerts).toEqual([]);
  await core.dispose();
});

test('an important date can be edited; a bad edit changes nothing', async () => {
  const { core, client } = await setup();
  const d = await ok(core, 'dates.add', { clientId: client.id, label: 'Birthday', date: '1980-03-10', recurrence: 'yearly' });
  const e = await ok(core, 'dates.update', { id: d.id, version: d.version, label: 'Birthday (Lena)', date: '1980-03-11' });
  expect([e.label, e.date, e.nextOn]).toEqual(['Birthday (Lena)', '1980-03-11', '2027-03-11']);
  expect((await fails(core, 'dates.update', { id: d.id, version: e.version, date: '1980-02-31' })).code).toBe('INVALID_INPUT');
  expect((await fails(core, 'dates.update', { id: d.id, version: d.version, label: 'stale' })).code).toBe('CONFLICT');
  expect((await ok(core, 'clients.dossier', { id: client.id })).dates.map((x) => x.label)).toEqual(['Birthday (Lena)']);
  await core.dispose();
});

test('warmth readings can be backdated and edited; the current warmth is the newest reading', async () => {
  const { core, client } = await setup();
  const now = await ok(core, 'warmth.record', { clientId: client.id, value: 4, reason: 'Good call' });
  const old = await ok(core, 'warmth.record', { clientId: client.id, value: 2, reason: 'After the dispute', at: '2026-06-01T10:00:00Z' });
  expect(old.at).toBe('2026-06-01T10:00:00.000Z');
  expect((await ok(core, 'clients.get', { id: client.id })).warmth).toBe(4);
  expect((await fails(core, 'warmth.record', { clientId: client.id, value: 3, reason: 'Future', at: '2027-01-01T00:00:00Z' })).code).toBe('INVALID_INPUT');
  await ok(core, 'warmth.update', { id: now.id, value: 5, at: '2026-11-20T10:00:00Z' });
  expect((await ok(core, 'clients.get', { id: client.id })).warmth).toBe(5);
  await ok(core, 'warmth.update', { id: now.id, at: '2026-05-01T10:00:00Z' });
  expect((await ok(core, 'clients.get', { id: client.id })).warmth).toBe(2);
  expect((await ok(core, 'clients.dossier', { id: client.id })).warmth.map((r) => [r.value, r.at.slice(0, 10)])).toEqual([
    [5, '2026-05-01'],
    [2, '2026-06-01'],
  ]);
  await core.dispose();
});
