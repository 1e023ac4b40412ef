import { expect, test } from 'vitest';
import type { Host } from '../../src/main/core';
import type { Reminder } from '../../src/main/reminders';
import { ManualClock, PASSPHRASE, ok, testCore } from '../support/vault';

function recordingHost() {
  const shown: Reminder[] = [];
  let cleared = 0;
  const host: Host = {
    platform: 'web',
    choose: async () => ({ supported: false, path: null }),
    notify: (r) => shown.push(r),
    clearNotifications: () => void cleared++,
  };
  return { host, shown, cleared: () => cleared };
}

test('due follow-ups and today’s dates are notified once per unlock, and withdrawn on lock', async () => {
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z').getTime());
  const rec = recordingHost();
  const core = await testCore({ clock, host: rec.host });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const c = await ok(core, 'clients.create', { kind: 'person', name: 'Tyrone Baker' });
  await ok(core, 'followUps.create', { clientId: c.id, reason: 'Ask how the operation went', dueOn: '2026-11-23' });
  await ok(core, 'followUps.create', { clientId: c.id, reason: 'Not yet', dueOn: '2026-11-30' });
  await ok(core, 'dates.add', { clientId: c.id, label: 'Birthday', date: '1975-11-23', recurrence: 'yearly' });

  await core.checkReminders();
  await core.checkReminders();
  expect(rec.shown.map((r) => [r.title, r.body]).sort()).toEqual([
    ['Follow up with Tyrone Baker', 'Ask how the operation went'],
    ['Today for Tyrone Baker', 'Birthday'],
  ]);

  await ok(core, 'vault.lock', {});
  expect(rec.cleared()).toBeGreaterThan(0);
  await core.checkReminders();
  expect(rec.shown).toHaveLength(2); // nothing while locked

  clock.advance(7 * 86_400_000);
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
  await core.checkReminders();
  expect(rec.shown.slice(2).map((r) => r.body).sort()).toEqual(['Ask how the operation went', 'Not yet']);
  await core.dispose();
});
