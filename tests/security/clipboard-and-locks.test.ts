import { afterEach, expect, test, vi } from 'vitest';
import type { Host } from '../../src/main/core';
import { ManualClock, PASSPHRASE, fails, ok, testCore } from '../support/vault';

function fakeClipboardHost() {
  let content = '';
  const host: Host = {
    platform: 'electron',
    choose: async () => ({ supported: false, path: null }),
    clipboard: { writeText: (t) => void (content = t), readText: () => content, clear: () => void (content = '') },
  };
  return { host, read: () => content, userCopies: (t: string) => void (content = t) };
}

afterEach(() => vi.useRealTimers());

test('a copied sensitive value leaves the clipboard after 30 seconds, unless the user copied something else', async () => {
  const cb = fakeClipboardHost();
  const core = await testCore({ host: cb.host });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  vi.useFakeTimers();
  expect(await ok(core, 'clipboard.copy', { text: 'Dave: +44 7700 900123' })).toEqual({ supported: true });
  expect(cb.read()).toBe('Dave: +44 7700 900123');
  await vi.advanceTimersByTimeAsync(29_000);
  expect(cb.read()).toBe('Dave: +44 7700 900123');
  await vi.advanceTimersByTimeAsync(1_000);
  expect(cb.read()).toBe('');

  await ok(core, 'clipboard.copy', { text: 'secret two' });
  cb.userCopies('something of the user’s own');
  await vi.advanceTimersByTimeAsync(30_000);
  expect(cb.read()).toBe('something of the user’s own');
  vi.useRealTimers();
  await core.dispose();
});

test('locking clears a copied value at once; copying needs an unlocked vault', async () => {
  const cb = fakeClipboardHost();
  const core = await testCore({ host: cb.host });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await ok(core, 'clipboard.copy', { text: 'allergic to pecans' });
  await ok(core, 'vault.lock', {});
  expect(cb.read()).toBe('');
  expect((await fails(core, 'clipboard.copy', { text: 'x' })).code).toBe('VAULT_LOCKED');
  await core.dispose();
});

test('the web host has no system clipboard: the page is told to use the browser’s', async () => {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  expect(await ok(core, 'clipboard.copy', { text: 'x' })).toEqual({ supported: false });
  await core.dispose();
});

test('idle auto-lock follows the injected clock and the setting', async () => {
  const clock = new ManualClock();
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await ok(core, 'settings.update', { autoLockMinutes: 5 });
  clock.advance(4 * 60_000);
  core.checkIdle();
  expect((await ok(core, 'app.status', {})).state).toBe('unlocked');
  await ok(core, 'session.activity', {}); // the renderer's heartbeat on user input
  clock.advance(4 * 60_000);
  core.checkIdle();
  expect((await ok(core, 'app.status', {})).state).toBe('unlocked');
  clock.advance(60_000);
  core.checkIdle();
  expect((await ok(core, 'app.status', {})).state).toBe('locked');
  await core.dispose();
});
