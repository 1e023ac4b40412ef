/**
 * Joining a synced vault from a new device: the folder and the passphrase (or the recovery key the
 * folder was sealed for) build a new local page-encrypted vault from the newest snapshot plus the
 * newer segments, with progress.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createClient } from '../../src/main/services/clients';
import { addEntry } from '../../src/main/services/timeline';
import { Vault } from '../../src/main/vault/vault';
import { SNAPSHOT_EVERY, SyncEngine, joinSyncedVault, openFolderKeys } from '../../src/main/sync/engine';
import { type SnapshotBody, listSnapshots, sealSnapshot, snapshotPath } from '../../src/main/sync/format';
import { parseRecoveryKey } from '../../src/main/vault/recoveryKey';
import { isPlainSqlite } from '../../src/main/vault/database';
import { PASSPHRASE, NEW_PASSPHRASE, TEST_KDF, TEST_VAULT_OPTIONS, tempDir } from '../support/vault';
import { contents, firstDevice, joinDevice } from './support';

test('a new device joins from the snapshot plus newer segments, with progress, into its own encrypted vault', async () => {
  const dir = tempDir();
  const folder = path.join(dir, 'sync');
  fs.mkdirSync(folder);
  const { vault: a, recoveryKey } = await Vault.create(path.join(dir, 'a.rapport'), PASSPHRASE, TEST_VAULT_OPTIONS);
  const deps = { vault: a, clock: { now: () => new Date('2026-11-20T09:00:00Z') } };
  // Data from before sync was turned on travels in the first snapshot.
  const before = await createClient(deps, { kind: 'organisation', name: 'Before sync' });
  const parsed = parseRecoveryKey(recoveryKey);
  if (!parsed.ok) throw new Error(parsed.reason);
  const engine = await SyncEngine.enable(a, { folder, passphrase: PASSPHRASE, kdf: TEST_KDF, recoveryKey: parsed.key });
  for (let i = 0; i < SNAPSHOT_EVERY + 3; i++) {
    await addEntry(deps, { clientId: before.id, kind: 'note', occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), summary: `n${i}`, body: '' });
    await engine.publish();
  }
  // A periodic snapshot after SNAPSHOT_EVERY segments, besides the first one.
  expect(listSnapshots(folder).map((s) => s.seq).sort((x, y) => x - y)).toEqual([0, SNAPSHOT_EVERY]);

  const steps: string[] = [];
  const file = path.join(tempDir(), 'joined.rapport');
  const joined = await joinSyncedVault({
    folder,
    passphrase: PASSPHRASE,
    vaultFile: file,
    create: (f, p) => Vault.create(f, p, TEST_VAULT_OPTIONS),
    minKdf: TEST_KDF,
    onProgress: (p) => steps.push(`${p.step} ${p.done}/${p.total}`),
  });
  // Only the three segments after the snapshot were applied.
  expect(joined.report).toMatchObject({ segments: 3, problems: [] });
  expect(steps[0]).toBe('keys 0/1');
  expect(steps.at(-1)).toMatch(/^segments (\d+)\/\1$/);
  expect(steps.filter((s) => s.startsWith('segments')).length).toBeGreaterThanOrEqual(4);
  expect(await contents(joined.vault)).toEqual(await contents(a));
  expect(isPlainSqlite(file)).toBe(false);
  expect(joined.engine.device).not.toBe(engine.device);

  // The recovery key the folder was sealed for also joins (with a new passphrase for the new vault).
  const byRecovery = await joinSyncedVault({
    folder,
    passphrase: NEW_PASSPHRASE,
    recoveryKey: parsed.key,
    vaultFile: path.join(tempDir(), 'recovered.rapport'),
    create: (f, p) => Vault.create(f, p, TEST_VAULT_OPTIONS),
    minKdf: TEST_KDF,
  });
  expect(await contents(byRecovery.vault)).toEqual(await contents(a));
});

test('a wrong passphrase, or a folder with nothing synced in it, joins nothing and creates no vault', async () => {
  const { folder } = await firstDevice();
  const file = path.join(tempDir(), 'never.rapport');
  const join = (f: string, passphrase: string) =>
    joinSyncedVault({ folder: f, passphrase, vaultFile: file, create: (x, p) => Vault.create(x, p, TEST_VAULT_OPTIONS), minKdf: TEST_KDF });
  await expect(join(folder, NEW_PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  await expect(join(tempDir(), PASSPHRASE)).rejects.toMatchObject({ code: 'NOT_FOUND', message: /no synced Rapport vault/ });
  expect(fs.existsSync(file)).toBe(false);
  // And a joined device is a full peer.
  const b = await joinDevice(folder);
  expect(b.engine.device).toMatch(/^[0-9a-f]{16}$/);
});

test('a join that fails while building the new vault leaves no vault behind', async () => {
  const { folder } = await firstDevice();
  // A snapshot that authenticates (written with the key) but cannot be loaded: an entry of a client it lacks.
  const { keys, root } = await openFolderKeys(folder, { passphrase: PASSPHRASE }, TEST_KDF);
  const body: SnapshotBody = {
    own: { seq: 0, hash: null, hlc: '999999999999999-000000-0123456789abcdef' },
    seen: {},
    tables: { timeline_entries: [{ id: '00000000-0000-4000-8000-0000000000aa', version: 1, client_id: '00000000-0000-4000-8000-0000000000bb', data: '{}' }] },
    clocks: [],
  };
  fs.mkdirSync(path.join(folder, 'snapshots'), { recursive: true });
  fs.writeFileSync(snapshotPath(folder, '0123456789abcdef', 0), sealSnapshot(root, keys.vaultId, '0123456789abcdef', 0, body));
  const file = path.join(tempDir(), 'half.rapport');
  await expect(
    joinSyncedVault({ folder, passphrase: PASSPHRASE, vaultFile: file, create: (f, p) => Vault.create(f, p, TEST_VAULT_OPTIONS), minKdf: TEST_KDF }),
  ).rejects.toMatchObject({ code: 'CONFLICT' });
  expect(fs.readdirSync(path.dirname(file))).toEqual([]);
});
