import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { keyFileOf } from '../../src/main/vault/keyfile';
import { Vault } from '../../src/main/vault/vault';
import { contentHash } from '../support/rawDb';
import { ManualClock, NEW_PASSPHRASE, PASSPHRASE, TEST_VAULT_OPTIONS, choose, fails, ok, tempDir, testCore } from '../support/vault';

async function practice(core: RapportCore) {
  const c = await ok(core, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons', notes: 'Backup canary 31337' });
  const dave = await ok(core, 'contacts.create', { clientId: c.id, name: 'Dave Hartley' });
  await ok(core, 'facts.add', { clientId: c.id, contactId: dave.id, type: 'diet', text: 'Nut allergy' });
  await ok(core, 'timeline.add', { clientId: c.id, kind: 'meeting', occurredAt: '2026-11-20T10:00:00Z', summary: 'Lunch' });
  await ok(core, 'followUps.create', { clientId: c.id, reason: 'Send memo', dueOn: '2026-11-27' });
  return c;
}

/** Everything a user can see, without versions (they restart after a restore). */
async function snapshot(core: RapportCore) {
  const clients = await ok(core, 'clients.list', {});
  const dossiers = await Promise.all(clients.map((c) => ok(core, 'clients.dossier', { id: c.id })));
  const timeline = (await ok(core, 'timeline.query', { limit: 500 })).entries;
  return JSON.parse(JSON.stringify({ clients, dossiers, timeline }, (k, v) => (k === 'version' ? undefined : v))) as unknown;
}

test('back up, then restore into a fresh vault path: identical data, and the backup holds no clear text', async () => {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await practice(core);
  const before = await snapshot(core);
  const backups = tempDir();
  const { path: file } = await ok(core, 'backup.create', { choiceId: await choose(core, 'backup-folder', backups) });
  expect(path.dirname(file)).toBe(backups);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  // Two files: the page-encrypted database and its key file beside it, and nothing else.
  expect(fs.readdirSync(backups).sort()).toEqual([path.basename(file), path.basename(keyFileOf(file))]);
  expect(fs.statSync(keyFileOf(file)).mode & 0o777).toBe(0o600);
  const bytes = fs.readFileSync(file);
  expect(bytes.includes(Buffer.from('Backup canary 31337'))).toBe(false);
  expect(bytes.includes(Buffer.from('Hartley'))).toBe(false);
  expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
  expect(fs.readFileSync(keyFileOf(file), 'utf8')).not.toContain('Hartley');
  await core.dispose();

  // Another machine: a new data folder with no vault yet.
  const other = await testCore();
  expect((await ok(other, 'app.status', {})).state).toBe('no-vault');
  const summary = await ok(other, 'backup.inspect', { choiceId: await choose(other, 'backup-open', file), passphrase: PASSPHRASE });
  expect(summary.counts).toMatchObject({ clients: 1, contacts: 1, timelineEntries: 1, followUps: 1 });
  expect((await fails(other, 'backup.inspect', { choiceId: await choose(other, 'backup-open', file), passphrase: 'wrong passphrase entirely' })).code).toBe('WRONG_PASSPHRASE');
  const status = await ok(other, 'backup.restore', { choiceId: await choose(other, 'backup-open', file), passphrase: PASSPHRASE });
  expect(status.state).toBe('unlocked');
  expect(await snapshot(other)).toEqual(before);
  await other.dispose();
});

test('restore with the recovery key sets a new passphrase; the current vault is kept as a copy', async () => {
  const core = await testCore();
  const { recoveryKey } = await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await practice(core);
  const backups = tempDir();
  const { path: file } = await ok(core, 'backup.create', { choiceId: await choose(core, 'backup-folder', backups) });
  await ok(core, 'clients.create', { kind: 'person', name: 'Added after the backup' });

  const status = await ok(core, 'backup.restore', { choiceId: await choose(core, 'backup-open', file), recoveryKey, newPassphrase: NEW_PASSPHRASE });
  expect(status.state).toBe('unlocked');
  expect((await ok(core, 'clients.list', {})).map((c) => c.name)).toEqual(['Hartley & Sons']);
  const dir = path.dirname(status.vaultPath);
  // The vault as it was before the restore is kept whole: its database and its key file.
  const kept = fs.readdirSync(dir).filter((f) => f.includes('.before-restore-')).sort();
  expect(kept).toHaveLength(2);
  expect(kept[0]).toMatch(/\.before-restore-\d{8}-\d{6}\.rapport$/);
  expect(kept[1]).toBe(`${kept[0]}.keys`);
  const keptVault = await Vault.open(path.join(dir, kept[0]), TEST_VAULT_OPTIONS);
  await keptVault.unlock(PASSPHRASE);
  expect((await keptVault.all<{ name: string }>('clients')).map((r) => r.data.name).sort()).toEqual(['Added after the backup', 'Hartley & Sons']);
  await keptVault.close();
  await ok(core, 'vault.lock', {});
  expect((await fails(core, 'vault.unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
  await ok(core, 'vault.unlock', { passphrase: NEW_PASSPHRASE });
  await core.dispose();
});

test('a truncated or corrupted backup is refused and the current vault is untouched', async () => {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const c = await practice(core);
  const backups = tempDir();
  const { path: file } = await ok(core, 'backup.create', { choiceId: await choose(core, 'backup-folder', backups) });
  const vaultPath = (await ok(core, 'app.status', {})).vaultPath;

  const before = await contentHash(vaultPath);
  /** A damaged copy of the backup, with the backup's own key file beside it. */
  const damaged = (name: string, bytes: Buffer) => {
    const at = path.join(backups, name);
    fs.writeFileSync(at, bytes);
    fs.copyFileSync(keyFileOf(file), keyFileOf(at));
    return at;
  };

  const truncated = damaged('truncated.rapport-backup', fs.readFileSync(file).subarray(0, 3000));
  const e1 = await fails(core, 'backup.restore', { choiceId: await choose(core, 'backup-open', truncated), passphrase: PASSPHRASE });
  expect(e1.code).toBe('CORRUPT');
  expect(e1.message).toMatch(/not used/);

  // Flip one bit in the middle of the database file: that page's MAC fails when the restore reads
  // every page (integrity check) before replacing anything.
  const bytes = fs.readFileSync(file);
  expect(bytes.length).toBeGreaterThan(4 * 4096);
  const copy = Buffer.from(bytes);
  copy[Math.floor(copy.length / 2)] ^= 0x01;
  const flipped = damaged('flipped.rapport-backup', copy);
  const e2 = await fails(core, 'backup.restore', { choiceId: await choose(core, 'backup-open', flipped), passphrase: PASSPHRASE });
  expect(e2.code).toBe('CORRUPT');
  expect(e2.message).toMatch(/not used/);
  expect(e2.message).toMatch(/damaged/);
  expect(e2.message).toMatch(/restore it from a backup/i);
  // The same backup, undamaged, passes the same check.
  expect((await ok(core, 'backup.inspect', { choiceId: await choose(core, 'backup-open', file), passphrase: PASSPHRASE })).counts.clients).toBe(1);

  expect(await fails(core, 'backup.restore', { choiceId: await choose(core, 'backup-open', path.join(backups, 'missing')), passphrase: PASSPHRASE })).toMatchObject({ code: 'NOT_FOUND' });
  // Still the same vault, still unlocked, nothing lost, no stray files.
  expect((await ok(core, 'clients.get', { id: c.id })).name).toBe('Hartley & Sons');
  expect(fs.readdirSync(path.dirname(vaultPath)).filter((f) => f.startsWith('.restore-'))).toEqual([]);
  expect(fs.readdirSync(path.dirname(vaultPath)).filter((f) => f.includes('.before-restore-'))).toEqual([]);
  expect(await contentHash(vaultPath)).toBe(before);
  await core.dispose();
});

test('a backup without its key file is refused, saying so, and changes nothing', async () => {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const c = await practice(core);
  const backups = tempDir();
  const { path: file } = await ok(core, 'backup.create', { choiceId: await choose(core, 'backup-folder', backups) });
  await ok(core, 'clients.create', { kind: 'person', name: 'Added after the backup' });
  const vaultPath = (await ok(core, 'app.status', {})).vaultPath;
  const before = await contentHash(vaultPath);
  const filesBefore = fs.readdirSync(path.dirname(vaultPath)).sort();

  // The database file alone, copied without its .keys file.
  const alone = path.join(tempDir(), 'alone.rapport-backup');
  fs.copyFileSync(file, alone);
  for (const attempt of [
    async () => fails(core, 'backup.inspect', { choiceId: await choose(core, 'backup-open', alone), passphrase: PASSPHRASE }),
    async () => fails(core, 'backup.restore', { choiceId: await choose(core, 'backup-open', alone), passphrase: PASSPHRASE }),
  ]) {
    const e = await attempt();
    expect(e.code).toBe('CORRUPT');
    expect(e.message).toMatch(/not used/);
    expect(e.message).toMatch(/key file/);
    expect(e.message).toMatch(/missing/);
    // It names the file the user has to find (the backup's own .keys), not a temporary copy.
    expect(e.message).toContain('alone.rapport-backup.keys');
    expect(e.message).not.toContain('.restore-');
  }

  // Nothing changed: same vault, still unlocked, same files, same content.
  expect((await ok(core, 'app.status', {})).state).toBe('unlocked');
  expect((await ok(core, 'clients.list', {})).map((x) => x.name).sort()).toEqual(['Added after the backup', 'Hartley & Sons']);
  expect((await ok(core, 'clients.get', { id: c.id })).name).toBe('Hartley & Sons');
  expect(fs.readdirSync(path.dirname(vaultPath)).sort()).toEqual(filesBefore);
  expect(await contentHash(vaultPath)).toBe(before);
  await core.dispose();
});

test('a backup made while the app is writing is consistent', async () => {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const c = await practice(core);
  const backups = tempDir();
  const writes = Array.from({ length: 40 }, (_, i) =>
    ok(core, 'timeline.add', { clientId: c.id, kind: 'note', occurredAt: '2026-11-21T10:00:00Z', summary: `Note ${i}` }),
  );
  const backup = ok(core, 'backup.create', { choiceId: await choose(core, 'backup-folder', backups) });
  await Promise.all([...writes, backup]);
  const { path: file } = await backup;
  const summary = await ok(core, 'backup.inspect', { choiceId: await choose(core, 'backup-open', file), passphrase: PASSPHRASE });
  expect(summary.counts.timelineEntries).toBeGreaterThanOrEqual(1);
  expect(summary.counts.timelineEntries).toBeLessThanOrEqual(41);
  await core.dispose();
});

test('automatic backups run on schedule, keep the last N, and say when they are overdue', async () => {
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z').getTime());
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await practice(core);
  expect(await core.checkBackup()).toBeNull(); // no folder chosen: nothing happens
  const folder = tempDir();
  expect((await fails(core, 'settings.update', { backupFolderChoice: await choose(core, 'backup-folder', path.join(folder, 'nope')) })).code).toBe('NOT_FOUND');
  await ok(core, 'settings.update', { backupFolderChoice: await choose(core, 'backup-folder', folder), backupEveryHours: 24, keepBackups: 3 });
  expect((await ok(core, 'backup.status', {})).overdue).toBe(true);

  for (let day = 0; day < 5; day++) {
    expect(await core.checkBackup()).not.toBeNull();
    expect(await core.checkBackup()).toBeNull(); // not due again the same day
    clock.advance(25 * 3_600_000);
  }
  // Three backups kept, each with its key file; the older ones went with theirs.
  const files = fs.readdirSync(folder).sort();
  const databases = files.filter((f) => f.endsWith('.rapport-backup'));
  expect(databases).toHaveLength(3);
  expect(databases.every((f) => f.startsWith('vault '))).toBe(true);
  expect(files).toEqual(databases.flatMap((f) => [f, `${f}.keys`]).sort());
  const status = await ok(core, 'backup.status', {});
  expect(status.overdue).toBe(true); // 25 hours since the last one
  expect(status.lastBackupAt).not.toBeNull();
  await core.dispose();
});
