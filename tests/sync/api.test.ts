/**
 * Sync through the API, as the renderer uses it: turn on into a folder chosen in main's dialog,
 * join from another device's data folder, status, pause and resume, conflicts and their resolution.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { AppEvent } from '../../src/shared/types';
import { PASSPHRASE, NEW_PASSPHRASE, choose, fails, filesBelow, ok, tempDir, testCore } from '../support/vault';

test('turn on, join, edit on both, see both, resolve a conflict, pause and resume', async () => {
  const folder = path.join(tempDir(), 'Sync');
  fs.mkdirSync(folder);
  const a = await testCore();
  await ok(a, 'vault.create', { passphrase: PASSPHRASE });
  expect(await ok(a, 'sync.status', {})).toMatchObject({ on: false });
  const acme = await ok(a, 'clients.create', { kind: 'organisation', name: 'Acme', notes: 'start' });

  // A wrong passphrase turns nothing on and writes nothing into the folder.
  const wrong = await fails(a, 'sync.enable', { choiceId: await choose(a, 'sync-folder', folder), passphrase: NEW_PASSPHRASE });
  expect(wrong.code).toBe('WRONG_PASSPHRASE');
  expect(fs.readdirSync(folder)).toEqual([]);

  const on = await ok(a, 'sync.enable', { choiceId: await choose(a, 'sync-folder', folder), passphrase: PASSPHRASE });
  expect(on).toMatchObject({ on: true, folderName: 'Sync', paused: false, conflicts: 0 });

  // Another device: an empty data folder, then "Join a synced vault".
  const b = await testCore();
  expect((await ok(b, 'app.status', {})).state).toBe('no-vault');
  const events: AppEvent[] = [];
  b.subscribe((e) => events.push(e));
  const joined = await ok(b, 'sync.join', { choiceId: await choose(b, 'sync-folder', folder), passphrase: PASSPHRASE });
  expect(joined.recoveryKey).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5})+/);
  expect((await ok(b, 'app.status', {})).state).toBe('unlocked');
  expect(events.some((e) => e.type === 'progress' && e.task.startsWith('sync-join'))).toBe(true);
  expect((await ok(b, 'clients.list', {})).map((c) => c.name)).toEqual(['Acme']);
  // A second join where a vault already is: refused.
  expect((await fails(b, 'sync.join', { choiceId: await choose(b, 'sync-folder', folder), passphrase: PASSPHRASE })).code).toBe('VAULT_EXISTS');

  // Both edit the same field of the same client.
  const onA = await ok(a, 'clients.get', { id: acme.id });
  await ok(a, 'clients.update', { id: acme.id, version: onA.version, notes: 'A: call on Mondays' });
  const onB = await ok(b, 'clients.get', { id: acme.id });
  await ok(b, 'clients.update', { id: acme.id, version: onB.version, notes: 'B: prefers email' });
  await ok(b, 'clients.create', { kind: 'person', name: 'Made on B' });
  await ok(a, 'sync.now', {});
  await ok(b, 'sync.now', {});
  await ok(a, 'sync.now', {});
  const names = async (core: typeof a) => (await ok(core, 'clients.list', {})).map((c) => c.name).sort();
  expect(await names(a)).toEqual(['Acme', 'Made on B']);
  expect(await names(b)).toEqual(['Acme', 'Made on B']);
  const statusA = await ok(a, 'sync.status', {});
  expect(statusA.devices).toHaveLength(2);
  const withConflict = (await ok(a, 'sync.status', {})).conflicts ? a : b;
  const [conflict] = await ok(withConflict, 'sync.conflicts', {});
  expect(conflict).toMatchObject({ what: 'Acme: notes', field: 'notes' });
  expect([conflict.kept, conflict.lost].sort()).toEqual(['A: call on Mondays', 'B: prefers email']);
  // Take the other version: an ordinary edit, which reaches the other device.
  await ok(withConflict, 'sync.resolve', { id: conflict.id, keep: 'lost' });
  expect(await ok(withConflict, 'sync.conflicts', {})).toEqual([]);
  for (const c of [withConflict, a, b, a]) await ok(c, 'sync.now', {});
  expect((await ok(a, 'clients.get', { id: acme.id })).notes).toBe(conflict.lost);
  expect((await ok(b, 'clients.get', { id: acme.id })).notes).toBe(conflict.lost);
  expect((await fails(withConflict, 'sync.resolve', { id: conflict.id, keep: 'kept' })).code).toBe('NOT_FOUND');

  // Paused: changes wait; resumed: they go.
  expect(await ok(a, 'sync.pause', { paused: true })).toMatchObject({ paused: true });
  await ok(a, 'clients.create', { kind: 'person', name: 'While paused' });
  expect(await ok(a, 'sync.now', {})).toMatchObject({ paused: true, waiting: 1 });
  expect(await ok(a, 'sync.pause', { paused: false })).toMatchObject({ paused: false, waiting: 0 });
  await ok(b, 'sync.now', {});
  expect(await names(b)).toContain('While paused');

  // Nothing readable in the folder.
  for (const f of filesBelow(folder)) expect(fs.readFileSync(f).includes(Buffer.from('Acme'))).toBe(false);
  await a.dispose();
  await b.dispose();
});

test('sync methods need the vault unlocked, and sync on', async () => {
  const a = await testCore();
  await ok(a, 'vault.create', { passphrase: PASSPHRASE });
  expect((await fails(a, 'sync.now', {})).code).toBe('NOT_FOUND');
  expect((await fails(a, 'sync.conflicts', {})).code).toBe('NOT_FOUND');
  await ok(a, 'vault.lock', {});
  expect((await fails(a, 'sync.status', {})).code).toBe('VAULT_LOCKED');
  await a.dispose();
});
