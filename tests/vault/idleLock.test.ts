/** Auto-lock after the idle time the user set (default 10 minutes), with a clock the test moves. */
import { describe, expect, test } from 'vitest';
import type { AppEvent } from '../../src/shared/types';
import { ManualClock, PASSPHRASE, fails, ok, testCore } from '../support/vault';

const MINUTE = 60_000;

async function unlockedCore() {
  const clock = new ManualClock();
  const core = await testCore({ clock });
  const events: AppEvent[] = [];
  core.subscribe((e) => events.push(e));
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  return { core, clock, events, locks: () => events.filter((e) => e.type === 'locked') };
}

describe('idle auto-lock', () => {
  test('locks after the default 10 minutes, not before, and says why', async () => {
    const { core, clock, locks } = await unlockedCore();
    expect((await ok(core, 'app.status', {})).autoLockMinutes).toBe(10);

    clock.advance(10 * MINUTE - 1);
    core.checkIdle();
    expect(core.status().state).toBe('unlocked');
    expect(locks()).toEqual([]);

    clock.advance(1);
    core.checkIdle();
    expect(core.status().state).toBe('locked');
    expect(locks()).toEqual([{ type: 'locked', reason: 'idle' }]);
    expect((await fails(core, 'clients.list', {})).code).toBe('VAULT_LOCKED');

    // Checking again while locked emits nothing more.
    clock.advance(60 * MINUTE);
    core.checkIdle();
    expect(locks()).toHaveLength(1);
    await core.dispose();
  });

  test('settings.update({autoLockMinutes: 2}) changes it, and it is kept across unlocks', async () => {
    const { core, clock, locks } = await unlockedCore();
    expect((await ok(core, 'settings.update', { autoLockMinutes: 2 })).autoLockMinutes).toBe(2);
    expect(core.status().autoLockMinutes).toBe(2);

    clock.advance(2 * MINUTE - 1);
    core.checkIdle();
    expect(core.status().state).toBe('unlocked');
    clock.advance(1);
    core.checkIdle();
    expect(core.status().state).toBe('locked');

    // Read back from the vault at unlock.
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect((await ok(core, 'app.status', {})).autoLockMinutes).toBe(2);
    clock.advance(2 * MINUTE);
    core.checkIdle();
    expect(core.status().state).toBe('locked');
    expect(locks()).toEqual([
      { type: 'locked', reason: 'idle' },
      { type: 'locked', reason: 'idle' },
    ]);
    await core.dispose();
  });

  test('reads in the background do not keep the vault open', async () => {
    const { core, clock } = await unlockedCore();
    clock.advance(5 * MINUTE);
    await ok(core, 'app.status', {});
    await ok(core, 'clients.list', {});
    await ok(core, 'followUps.today', {});
    clock.advance(5 * MINUTE);
    core.checkIdle();
    expect(core.status().state).toBe('locked');
    await core.dispose();
  });

  test('the renderer’s activity heartbeat and changes count as activity and restart the idle time', async () => {
    const { core, clock, locks } = await unlockedCore();
    for (const call of [
      () => ok(core, 'session.activity', {}),
      () => ok(core, 'clients.create', { kind: 'person', name: 'Busy Bee' }),
      () => ok(core, 'session.activity', {}),
    ]) {
      clock.advance(9 * MINUTE);
      core.checkIdle();
      expect(core.status().state).toBe('unlocked');
      await call();
    }
    clock.advance(9 * MINUTE);
    core.checkIdle();
    expect(core.status().state).toBe('unlocked');
    clock.advance(MINUTE);
    core.checkIdle();
    expect(core.status().state).toBe('locked');
    expect(locks()).toEqual([{ type: 'locked', reason: 'idle' }]);
    await core.dispose();
  });

  test('unlocking restarts the idle time', async () => {
    const { core, clock } = await unlockedCore();
    await ok(core, 'vault.lock', {});
    clock.advance(30 * MINUTE);
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    core.checkIdle();
    expect(core.status().state).toBe('unlocked');
    clock.advance(10 * MINUTE);
    core.checkIdle();
    expect(core.status().state).toBe('locked');
    await core.dispose();
  });
});
