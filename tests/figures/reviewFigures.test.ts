/** Issue 16: a review records warmth only when the reviewer sets it; quarter tables count each promise's outcome once. */
import { expect, test } from 'vitest';
import { ManualClock, PASSPHRASE, ok, testCore } from '../support/vault';

const at = (iso: string) => new Date(iso).getTime();

test('finishing a review without a warmth choice records no reading and leaves the averages alone', async () => {
  const clock = new ManualClock(at('2026-11-23T09:00:00Z'));
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const quiet = await ok(core, 'clients.create', { kind: 'organisation', name: 'Quiet Co', stage: 'active' });
  const warm = await ok(core, 'clients.create', { kind: 'organisation', name: 'Warm Ltd', stage: 'active' });
  let session = await ok(core, 'reviews.start', { quarter: '2026-Q4' });
  session = await ok(core, 'reviews.record', { id: session.id, version: session.version, clientId: quiet.id, decision: 'maintain', reason: 'Steady' });
  session = await ok(core, 'reviews.record', { id: session.id, version: session.version, clientId: warm.id, warmth: 5, decision: 'invest', reason: 'Growing' });
  expect(session.records.find((r) => r.clientId === quiet.id)!.warmth).toBeNull();
  const done = await ok(core, 'reviews.finish', { id: session.id, version: session.version });
  expect((await ok(core, 'clients.dossier', { id: quiet.id })).warmth).toEqual([]);
  expect((await ok(core, 'clients.get', { id: quiet.id })).warmth).toBeNull();
  expect((await ok(core, 'clients.dossier', { id: warm.id })).warmth.map((r) => r.value)).toEqual([5]);
  expect(done.summary!.practiceWarmth).toBe(5);
  expect(done.summary!.changes.find((c) => c.clientName === 'Quiet Co')!.warmthNow).toBeNull();
  expect((await ok(core, 'reviews.trends', {})).practiceWarmth).toEqual([5]);
  await core.dispose();
});

test('the per-quarter promise table counts each promise’s outcome once', async () => {
  const clock = new ManualClock(at('2026-10-01T09:00:00Z'));
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const client = await ok(core, 'clients.create', { kind: 'organisation', name: 'Two Promises', stage: 'active' });
  await ok(core, 'engagements.create', {
    clientId: client.id,
    name: 'Audit',
    startOn: '2026-10-01',
    items: [
      { kind: 'promise', text: 'Draft', dueOn: '2026-10-15' },
      { kind: 'promise', text: 'Final', dueOn: '2026-11-01' },
    ],
  });
  const item = async (text: string) => (await ok(core, 'promises.forClient', { clientId: client.id })).engagements[0].items.find((i) => i.text === text)!;
  clock.advance(20 * 86_400_000);
  let draft = await item('Draft');
  await ok(core, 'expectations.setState', { id: draft.id, version: draft.version, state: 'slipped', note: 'Late' });
  clock.advance(5 * 86_400_000);
  draft = await item('Draft');
  await ok(core, 'expectations.setState', { id: draft.id, version: draft.version, state: 'kept', note: 'Delivered in the end' });
  const final = await item('Final');
  await ok(core, 'expectations.setState', { id: final.id, version: final.version, state: 'slipped', note: 'Waiting on data' });
  const q4 = (await ok(core, 'promises.forClient', { clientId: client.id })).quarters.find((q) => q.quarter === '2026-Q4')!;
  expect(q4).toEqual({ quarter: '2026-Q4', kept: 1, slipped: 1, missed: 0 });
  await core.dispose();
});
