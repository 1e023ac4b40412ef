/**
 * Issue 15, finding 1: the renderer never decides where main writes. A compromised renderer that
 * calls the API with a path of its own (or an id it made up, or a choice made for something else)
 * is refused with INVALID_INPUT, and nothing is written: no file replaced, no file created, no
 * setting changed. Only a choice made in main's own dialog (here, the test host's) is used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { PASSPHRASE, choose, fails, filesBelow, ok, tempDir, testCore } from '../support/vault';

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(filesBelow(dir).map((f) => [f, fs.readFileSync(f).toString('base64')]));
}

async function unlockedCore(): Promise<RapportCore> {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await ok(core, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons' });
  return core;
}

test('backup.create with a path of the renderer’s own is refused and overwrites nothing', async () => {
  const core = await unlockedCore();
  const victimDir = tempDir();
  const victim = path.join(victimDir, 'notes.txt');
  fs.writeFileSync(victim, 'precious text');
  const before = tree(victimDir);

  for (const input of [
    { path: victim },
    { path: victimDir },
    { choiceId: victim },
    { choiceId: '00000000-0000-4000-8000-000000000000' },
    { choiceId: victim, path: victim },
  ]) {
    expect((await fails(core, 'backup.create', input)).code, JSON.stringify(input)).toBe('INVALID_INPUT');
  }
  expect(tree(victimDir)).toEqual(before);
  expect((await ok(core, 'backup.status', {})).lastBackupAt).toBeNull();
  await core.dispose();
});

test('settings.update cannot point automatic backups at a folder the renderer names', async () => {
  const core = await unlockedCore();
  const elsewhere = tempDir();
  const settingsBefore = await ok(core, 'settings.get', {});
  for (const input of [{ backupFolder: elsewhere }, { backupFolderChoice: elsewhere }, { backupFolderChoice: '00000000-0000-4000-8000-000000000000' }]) {
    expect((await fails(core, 'settings.update', input)).code, JSON.stringify(input)).toBe('INVALID_INPUT');
  }
  expect(await ok(core, 'settings.get', {})).toEqual(settingsBefore);
  expect(await core.checkBackup()).toBeNull();
  expect(fs.readdirSync(elsewhere)).toEqual([]);
  await core.dispose();
});

test('a choice is used once and only for its purpose', async () => {
  const core = await unlockedCore();
  const folder = tempDir();
  const saveChoice = await choose(core, 'backup-save', path.join(folder, 'x.rapport-backup'));
  // A save-file choice is not a folder choice for settings.
  expect((await fails(core, 'settings.update', { backupFolderChoice: saveChoice })).code).toBe('INVALID_INPUT');
  const folderChoice = await choose(core, 'backup-folder', folder);
  expect((await fails(core, 'backup.create', { choiceId: saveChoice })).code).toBe('INVALID_INPUT'); // used up above
  const { path: file } = await ok(core, 'backup.create', { choiceId: folderChoice });
  expect(path.dirname(file)).toBe(folder);
  expect((await fails(core, 'backup.create', { choiceId: folderChoice })).code).toBe('INVALID_INPUT');
  expect(fs.readdirSync(folder).filter((f) => f.endsWith('.rapport-backup'))).toHaveLength(1);
  await core.dispose();
});

test('a backup folder chosen once in main’s dialog is remembered by main', async () => {
  const core = await unlockedCore();
  const folder = tempDir();
  const choiceId = await choose(core, 'backup-folder', folder);
  const settings = await ok(core, 'settings.update', { backupFolderChoice: choiceId, backupEveryHours: 24 });
  expect(settings.backupFolder).toBe(folder);
  const { path: file } = await ok(core, 'backup.create', {});
  expect(path.dirname(file)).toBe(folder);
  // Turning automatic backups off needs no choice.
  expect((await ok(core, 'settings.update', { backupFolderChoice: null })).backupFolder).toBeNull();
  await core.dispose();
});

test('letters.export and letters.batch with a path or a forged id are refused and write nothing', async () => {
  const core = await unlockedCore();
  const [client] = await ok(core, 'clients.list', {});
  const victimDir = tempDir();
  const victim = path.join(victimDir, 'notes.txt');
  fs.writeFileSync(victim, 'precious text');
  const before = tree(victimDir);
  const letter = { templateId: 'builtin:welcome', clientId: client.id, format: 'pdf', allowMissing: true } as const;
  for (const input of [
    { ...letter, path: victim },
    { ...letter, choiceId: victim },
    { ...letter, choiceId: '00000000-0000-4000-8000-000000000000' },
    { ...letter, choiceId: await choose(core, 'letters-folder', victimDir) },
  ]) {
    expect((await fails(core, 'letters.export', input)).code, JSON.stringify(input)).toBe('INVALID_INPUT');
  }
  const batch = { templateId: 'builtin:welcome', clientIds: [client.id], format: 'pdf', allowMissing: true } as const;
  for (const input of [
    { ...batch, folder: victimDir },
    { ...batch, folderChoice: victimDir },
    { ...batch, folderChoice: '00000000-0000-4000-8000-000000000000' },
    { ...batch, folderChoice: await choose(core, 'letter-save', path.join(victimDir, 'x.pdf')) },
  ]) {
    expect((await fails(core, 'letters.batch', input)).code, JSON.stringify(input)).toBe('INVALID_INPUT');
  }
  expect(tree(victimDir)).toEqual(before);
  expect((await ok(core, 'timeline.query', {})).entries.length).toBe(0);

  // What main's dialog chose is used, once.
  const out = tempDir();
  const choiceId = await choose(core, 'letter-save', path.join(out, 'Welcome.pdf'));
  expect((await ok(core, 'letters.export', { ...letter, choiceId })).path).toBe(path.join(out, 'Welcome.pdf'));
  expect((await fails(core, 'letters.export', { ...letter, choiceId })).code).toBe('INVALID_INPUT');
  await core.dispose();
});

test('files.choose takes a purpose and at most a file name to suggest, never a path', async () => {
  const core = await unlockedCore();
  for (const suggestedName of ['/etc/passwd', '../x.pdf', 'a/b.pdf', 'a\\b.pdf', '..', 'nul\0.pdf']) {
    expect((await fails(core, 'files.choose', { purpose: 'letter-save', suggestedName })).code, suggestedName).toBe('INVALID_INPUT');
  }
  expect((await fails(core, 'files.choose', { purpose: 'letter-save', path: '/tmp' })).code).toBe('INVALID_INPUT');
  await core.dispose();
});

test('backup.inspect and backup.restore read only a backup main’s dialog chose; a path or forged id changes nothing', async () => {
  const core = await unlockedCore();
  const backups = tempDir();
  const { path: file } = await ok(core, 'backup.create', { choiceId: await choose(core, 'backup-folder', backups) });
  const vaultFile = core.status().vaultPath;
  const vaultBefore = fs.readFileSync(vaultFile).toString('base64');
  for (const input of [
    { path: file, passphrase: PASSPHRASE },
    { choiceId: file, passphrase: PASSPHRASE },
    { choiceId: '00000000-0000-4000-8000-000000000000', passphrase: PASSPHRASE },
    { choiceId: await choose(core, 'backup-save', file), passphrase: PASSPHRASE },
  ]) {
    expect((await fails(core, 'backup.inspect', input)).code, JSON.stringify(input)).toBe('INVALID_INPUT');
    expect((await fails(core, 'backup.restore', input)).code, JSON.stringify(input)).toBe('INVALID_INPUT');
  }
  expect(fs.readFileSync(vaultFile).toString('base64')).toBe(vaultBefore);
  expect(core.status().state).toBe('unlocked');

  // A chosen backup can be checked, then restored with the same choice, which is then used up.
  const choiceId = await choose(core, 'backup-open', file);
  expect((await ok(core, 'backup.inspect', { choiceId, passphrase: PASSPHRASE })).vaultId).toBeTruthy();
  expect((await ok(core, 'backup.restore', { choiceId, passphrase: PASSPHRASE })).state).toBe('unlocked');
  expect((await fails(core, 'backup.inspect', { choiceId, passphrase: PASSPHRASE })).code).toBe('INVALID_INPUT');
  await core.dispose();
});

test('vault.open opens only a vault file main’s dialog chose; a path or forged id switches nothing and creates nothing', async () => {
  const core = await unlockedCore();
  const elsewhere = tempDir();
  const target = path.join(elsewhere, 'evil.rapport');
  const before = core.status();
  for (const input of [
    { path: target },
    { choiceId: target },
    { choiceId: '00000000-0000-4000-8000-000000000000' },
    { choiceId: await choose(core, 'backup-open', target) },
  ]) {
    expect((await fails(core, 'vault.open', input)).code, JSON.stringify(input)).toBe('INVALID_INPUT');
  }
  expect(core.status()).toEqual(before);
  expect(fs.readdirSync(elsewhere)).toEqual([]);

  const choiceId = await choose(core, 'vault-create', target);
  expect((await ok(core, 'vault.open', { choiceId })).vaultPath).toBe(target);
  await core.dispose();
});
