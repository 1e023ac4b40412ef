/**
 * Disk faults. A full disk or an I/O error in the middle of a vault write, a backup, a restore or
 * an export leaves the vault and the previous backup intact and answers IO_ERROR with a sentence a
 * person can act on; once space is back, the same operation succeeds.
 *
 * - A full vault: SQLite's `PRAGMA max_page_count` lowered on the vault's own writer connection
 *   (SQLITE_FULL, exactly what a full disk gives SQLite), for record writes and an import.
 * - A backup is two files (`<backup>` and `<backup>.keys`): a failed one leaves neither.
 * - A real full disk: a small tmpfs filled to the last byte, when this sandbox may mount one
 *   (root); vault, backup folder and export folder all on it.
 * - I/O errors and ENOSPC injected into node:fs (vi.spyOn) at each step of writing a backup file,
 *   rotating old backups, copying a backup to restore it, writing a letter, and saving the config.
 * - A folder the app cannot write: a read-only mount (root ignores chmod), else chmod 0500.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import type { ApiError } from '../../src/shared/errors';
import type { Vault } from '../../src/main/vault/vault';
import { dbOf, stopTimers, vaultOf } from '../support/internals';
import { contentHash, testVaultKey, withRawDb } from '../support/rawDb';
import { readAll, seedRecords } from '../support/records';
import { ManualClock, PASSPHRASE, choose, fails, ok, tempDir, testCore } from '../support/vault';

let faults = 0;
const mounts: string[] = [];

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  for (const m of mounts.splice(0)) unmount(m);
  console.log(`disk faults: ${faults} faults injected; the vault and the previous backup intact after each`);
});

function errno(code: string, syscall: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: injected fault, ${syscall}`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  return e;
}

/** The unlocked vault's own writer connection (every write transaction runs on it). */
const writerOf = (vault: Vault) => {
  const open = dbOf(vault);
  if (!open) throw new Error('the vault is locked');
  return open.writer;
};

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The error answer is a clear, short sentence: no stack, no errno soup. */
function expectClear(e: ApiError, pattern: RegExp): void {
  expect(e.code).toBe('IO_ERROR');
  expect(e.message).toMatch(pattern);
  expect(e.message).toMatch(/^[A-Z].*\.$/s);
  expect(e.message.length).toBeLessThan(300);
  expect(e.message).not.toMatch(/\n\s+at /);
}

/** A vault with records, a backup folder with one good backup, and everything to compare against. */
async function setUp(dir = tempDir(), clock?: ManualClock) {
  const dataDir = path.join(dir, 'data');
  const backupDir = path.join(dir, 'backups');
  const exportDir = path.join(dir, 'letters');
  fs.mkdirSync(backupDir, { recursive: true });
  fs.mkdirSync(exportDir, { recursive: true });
  const core = await testCore({ dataDir, clock });
  stopTimers(core);
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const seeded = await seedRecords(core);
  const previous = (await ok(core, 'backup.create', { choiceId: await choose(core, 'backup-save', path.join(backupDir, 'previous.rapport-backup')) })).path;
  const vaultFile = core.status().vaultPath;
  return { core, dataDir, backupDir, exportDir, vaultFile, previous, previousSha: sha(previous), clientId: seeded.clientIds[0] };
}
type Setup = Awaited<ReturnType<typeof setUp>>;

/** The vault is as it was, consistent, and opens again; the previous backup is byte-identical and verifies. */
async function expectIntact(s: Setup, hash: string, records: unknown): Promise<void> {
  expect(await contentHash(s.vaultFile)).toBe(hash);
  expect(await readAll(s.core)).toEqual(records);
  // Every page read and authenticated, on a connection of our own with the database key.
  const key = await testVaultKey(s.vaultFile);
  await withRawDb(s.vaultFile, async (db) => expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]), 'rw', key);
  await ok(s.core, 'vault.lock', {});
  // Unlock checks the database against its key file (vault id, slot generations, commit counter).
  await ok(s.core, 'vault.unlock', { passphrase: PASSPHRASE });
  expect(Object.values(await vaultOf(s.core)!.verifyAll()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect(sha(s.previous)).toBe(s.previousSha);
  expect((await ok(s.core, 'backup.inspect', { choiceId: await choose(s.core, 'backup-open', s.previous), passphrase: PASSPHRASE })).vaultId).toBe(vaultOf(s.core)!.vaultId);
  expect(fs.readdirSync(s.backupDir).filter((f) => f.startsWith('.'))).toEqual([]); // no temporary file left
}

async function snapshot(s: Setup) {
  return { hash: await contentHash(s.vaultFile), records: await readAll(s.core) };
}

const letter = async (s: Setup, file: string) =>
  ({ templateId: 'builtin:welcome', clientId: s.clientId, format: 'docx', choiceId: await choose(s.core, 'letter-save', file), allowMissing: true }) as const;

// ---- a full vault (SQLITE_FULL) ----

describe('a full disk under the vault (SQLITE_FULL via max_page_count)', () => {
  test('record writes and an import fail with "The disk is full", change nothing, and succeed once there is room', async () => {
    const s = await setUp();
    const { hash, records } = await snapshot(s);
    const writer = writerOf(vaultOf(s.core)!);
    const pages = writer.pragma('page_count', { simple: true }) as number;
    expect(writer.pragma(`max_page_count = ${pages}`, { simple: true })).toBe(pages);

    const big = 'n'.repeat(90_000);
    const attempts: [string, unknown][] = [
      ['clients.create', { kind: 'organisation', name: 'Too big to fit', notes: big }],
      ['clients.update', { id: s.clientId, version: (await ok(s.core, 'clients.get', { id: s.clientId })).version, notes: big }],
      ['timeline.add', { clientId: s.clientId, kind: 'note', occurredAt: '2026-11-23T09:00:00Z', summary: 'Long', body: big }],
      ['engagements.create', { clientId: s.clientId, name: 'Big', startOn: '2026-11-01', items: Array.from({ length: 150 }, (_, i) => ({ kind: 'promise', text: `${i} ${'p'.repeat(1900)}` })) }],
    ];
    for (const [method, input] of attempts) {
      const e = await fails(s.core, method, input);
      faults++;
      expect({ method, code: e.code, message: e.message }).toMatchObject({ method, code: 'IO_ERROR' });
      expectClear(e, /^The disk is full: nothing was saved\./);
    }
    // An import of many rows, one transaction: all or nothing.
    const rows = Array.from({ length: 400 }, (_, i) => `Person ${i} ${'x'.repeat(150)},person${i}@example.com`).join('\r\n');
    const importInput = { format: 'csv', text: `Name,E-mail\r\n${rows}\r\n`, mapping: { name: 'Name', email: 'E-mail' } } as const;
    const preview = await ok(s.core, 'import.preview', importInput);
    expect(preview.previewId).not.toBeNull();
    const e = await fails(s.core, 'import.commit', { previewId: preview.previewId! });
    faults++;
    expectClear(e, /^The disk is full/);
    expect(await contentHash(s.vaultFile)).toBe(hash);

    writer.pragma('max_page_count = 4294967294');
    await expectIntact(s, hash, records);
    await ok(s.core, 'clients.create', { kind: 'organisation', name: 'Fits now', notes: big });
    await ok(s.core, 'import.commit', { previewId: (await ok(s.core, 'import.preview', importInput)).previewId! });
    expect((await ok(s.core, 'clients.list', {})).length).toBeGreaterThan(records.clients.length);
    await s.core.dispose();
  });
});

// ---- a real full disk (tmpfs) ----

function tryMount(size: string): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return dir;
  } catch {
    fs.rmdirSync(dir);
    return null;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    } catch {
      return; // leave it; nothing else to do
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  mounts.splice(mounts.indexOf(dir), 1);
}

/** Fills the file system holding `dir` to the last byte; returns the filler's path. */
function fill(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  try {
    for (;;) fs.writeSync(fd, chunk, 0, 512);
  } catch {
    // full to the last block
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

const canMount = tryMount('1m');
if (canMount) unmount(canMount);

describe.skipIf(!canMount)('a real full disk (a small tmpfs filled up; needs root)', () => {
  test('vault write, backup and letter export fail with IO_ERROR; vault and previous backup intact; all work once space is freed', async () => {
    const mnt = tryMount('8m')!;
    const s = await setUp(mnt);
    const { hash, records } = await snapshot(s);
    const filler = fill(mnt);

    const write = await fails(s.core, 'clients.create', { kind: 'organisation', name: 'No room', notes: 'n'.repeat(60_000) });
    faults++;
    expectClear(write, /^The disk is full: nothing was saved\./);

    const backup = await fails(s.core, 'backup.create', { choiceId: await choose(s.core, 'backup-save', path.join(s.backupDir, 'new.rapport-backup')) });
    faults++;
    expectClear(backup, /disk is full|backup could not be written/i);
    expect(fs.existsSync(path.join(s.backupDir, 'new.rapport-backup'))).toBe(false);
    expect(fs.existsSync(path.join(s.backupDir, 'new.rapport-backup.keys'))).toBe(false);

    const target = path.join(s.exportDir, 'welcome.docx');
    const exported = await fails(s.core, 'letters.export', await letter(s, target));
    faults++;
    expectClear(exported, /letter could not be written .*ENOSPC/);
    expect(fs.readdirSync(s.exportDir)).toEqual([]);

    fs.rmSync(filler);
    await expectIntact(s, hash, records);
    await ok(s.core, 'clients.create', { kind: 'organisation', name: 'Room again', notes: 'n'.repeat(60_000) });
    await ok(s.core, 'backup.create', { choiceId: await choose(s.core, 'backup-save', path.join(s.backupDir, 'new.rapport-backup')) });
    await ok(s.core, 'letters.export', await letter(s, target));
    await s.core.dispose();
    unmount(mnt);
  });

  test('a read-only backup folder: the backup fails with IO_ERROR and the folder is untouched', async () => {
    const s = await setUp();
    const { hash, records } = await snapshot(s);
    const ro = tryMount('1m')!;
    execFileSync('mount', ['-o', 'remount,ro', ro]);
    const e = await fails(s.core, 'backup.create', { choiceId: await choose(s.core, 'backup-save', path.join(ro, 'b.rapport-backup')) });
    faults++;
    expectClear(e, /backup could not be written/i);
    expect(fs.readdirSync(ro)).toEqual([]);
    await expectIntact(s, hash, records);
    await s.core.dispose();
    unmount(ro);
  });
});

describe.skipIf(process.getuid?.() === 0)('a folder the user may not write (chmod 0500; root ignores it)', () => {
  test('the backup fails with IO_ERROR', async () => {
    const s = await setUp();
    const { hash, records } = await snapshot(s);
    const locked = tempDir();
    fs.chmodSync(locked, 0o500);
    try {
      const e = await fails(s.core, 'backup.create', { choiceId: await choose(s.core, 'backup-save', path.join(locked, 'b.rapport-backup')) });
      faults++;
      expectClear(e, /backup could not be written/i);
    } finally {
      fs.chmodSync(locked, 0o700);
    }
    await expectIntact(s, hash, records);
    await s.core.dispose();
  });
});

// ---- injected I/O errors (node:fs) ----

describe('I/O errors injected into node:fs', () => {
  test('a backup: EIO on fsync, EIO on rename, ENOSPC while copying — IO_ERROR, nothing half-written, previous backup intact', async () => {
    const s = await setUp();
    const { hash, records } = await snapshot(s);
    const target = path.join(s.backupDir, 'next.rapport-backup');
    const steps: [keyof typeof fs, string][] = [
      ['fsyncSync', 'EIO'],
      ['renameSync', 'EIO'],
      ['chmodSync', 'ENOSPC'],
      ['openSync', 'EIO'],
    ];
    for (const [fn, code] of steps) {
      const spy = vi.spyOn(fs, fn as 'fsyncSync').mockImplementationOnce(() => {
        throw errno(code, fn);
      });
      const e = await fails(s.core, 'backup.create', { choiceId: await choose(s.core, 'backup-save', target) });
      expect(spy).toHaveBeenCalled();
      spy.mockRestore();
      faults++;
      expectClear(e, code === 'ENOSPC' ? /^The disk is full: the backup was not written\./ : new RegExp(`^The backup could not be written \\(${code}\\)`));
      expect(fs.existsSync(target)).toBe(false);
      // Neither half of a backup: no database, no key file, no temporary file.
      expect({ fn, files: fs.readdirSync(s.backupDir).sort() }).toEqual({ fn, files: ['previous.rapport-backup', 'previous.rapport-backup.keys'] });
    }
    // The database's own rename failing, after its key file is in place: neither may be left, and a
    // backup overwritten in place must stay whole (its key file must not be replaced alone).
    for (const dest of [target, s.previous]) {
      const rename = fs.renameSync;
      const spy = vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
        if (String(to) === dest) throw errno('EIO', 'renameSync');
        return rename(from, to);
      });
      const e = await fails(s.core, 'backup.create', { choiceId: await choose(s.core, 'backup-save', dest) });
      expect(spy).toHaveBeenCalled();
      spy.mockRestore();
      faults++;
      expectClear(e, /^The backup could not be written \(EIO\)/);
      expect({ dest, files: fs.readdirSync(s.backupDir).sort() }).toEqual({ dest, files: ['previous.rapport-backup', 'previous.rapport-backup.keys'] });
      expect(sha(s.previous)).toBe(s.previousSha);
      expect((await ok(s.core, 'backup.inspect', { choiceId: await choose(s.core, 'backup-open', s.previous), passphrase: PASSPHRASE })).vaultId).toBe(vaultOf(s.core)!.vaultId);
    }
    await expectIntact(s, hash, records);
    await ok(s.core, 'backup.create', { choiceId: await choose(s.core, 'backup-save', target) });
    await s.core.dispose();
  });

  test('automatic backups into a folder: failing to delete an old one does not fail the new one', async () => {
    const clock = new ManualClock();
    const s = await setUp(tempDir(), clock);
    await ok(s.core, 'settings.update', { backupFolderChoice: await choose(s.core, 'backup-folder', s.backupDir), keepBackups: 1 });
    const first = (await ok(s.core, 'backup.create', {})).path;
    clock.advance(3_600_000);
    const rm = fs.rmSync;
    const spy = vi.spyOn(fs, 'rmSync').mockImplementation((p, opts) => {
      if (String(p).endsWith('.rapport-backup')) throw errno('EIO', 'rmSync');
      return rm(p, opts);
    });
    const r = await s.core.call('backup.create', {});
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    faults++;
    // The new backup is written and recorded; the old one stays until a later rotation deletes it.
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    expect((await ok(s.core, 'backup.status', {})).lastBackupAt).toBe(clock.now().toISOString());
    expect(fs.existsSync(first)).toBe(true);
    expect(fs.existsSync(`${first}.keys`)).toBe(true); // a backup whole, not a database without its keys
    clock.advance(3_600_000);
    const third = (await ok(s.core, 'backup.create', {})).path;
    expect(fs.readdirSync(s.backupDir).sort()).toEqual(
      [path.basename(third), `${path.basename(third)}.keys`, 'previous.rapport-backup', 'previous.rapport-backup.keys'].sort(),
    );
    await s.core.dispose();
  });

  test('a restore: ENOSPC or EIO copying the backup or keeping the current vault (either file) — IO_ERROR, the vault stays open and unchanged', async () => {
    const s = await setUp();
    await ok(s.core, 'clients.create', { kind: 'person', name: 'Added after the backup' });
    const { hash, records } = await snapshot(s);
    // copyFileSync calls of a restore: the backup's database, its key file (to check them), then the
    // current vault's database and key file (the copy kept before the swap).
    const faultsAt = [
      { when: 1, code: 'ENOSPC', switched: false },
      { when: 2, code: 'EIO', switched: false },
      { when: 3, code: 'EIO', switched: true },
      { when: 4, code: 'ENOSPC', switched: true },
    ];
    for (const { when, code, switched } of faultsAt) {
      const copy = fs.copyFileSync;
      let n = 0;
      const spy = vi.spyOn(fs, 'copyFileSync').mockImplementation((src, dest, mode) => {
        if (++n === when) throw errno(code, 'copyFileSync');
        return copy(src, dest, mode);
      });
      const e = await fails(s.core, 'backup.restore', { choiceId: await choose(s.core, 'backup-open', s.previous), passphrase: PASSPHRASE });
      spy.mockRestore();
      expect(n).toBeGreaterThanOrEqual(when);
      faults++;
      expectClear(e, new RegExp(code));
      expect(e.message).toMatch(/nothing was changed/i);
      // Failing before the switch leaves the vault unlocked; failing after closing it reopens it (locked).
      expect(s.core.status()).toMatchObject({ state: switched ? 'locked' : 'unlocked', vaultPath: s.vaultFile });
      if (switched) await ok(s.core, 'vault.unlock', { passphrase: PASSPHRASE });
      expect(fs.readdirSync(path.dirname(s.vaultFile)).filter((f) => f.startsWith('.restore-') || f.includes('.before-restore-'))).toEqual([]);
      await expectIntact(s, hash, records);
    }
    await ok(s.core, 'backup.restore', { choiceId: await choose(s.core, 'backup-open', s.previous), passphrase: PASSPHRASE });
    await s.core.dispose();
  });

  test('a letter export: ENOSPC writing, EIO on fsync — IO_ERROR, an existing file at the path unchanged, nothing recorded', async () => {
    const s = await setUp();
    const target = path.join(s.exportDir, 'welcome.docx');
    fs.writeFileSync(target, 'the letter exported last week');
    const { hash, records } = await snapshot(s);
    for (const [fn, code] of [
      ['writeFileSync', 'ENOSPC'],
      ['fsyncSync', 'EIO'],
      ['renameSync', 'EIO'],
    ] as const) {
      const spy = vi.spyOn(fs, fn).mockImplementationOnce(() => {
        throw errno(code, fn);
      });
      const e = await fails(s.core, 'letters.export', await letter(s, target));
      spy.mockRestore();
      faults++;
      expectClear(e, new RegExp(`^The letter could not be written to .*\\(${code}\\)`));
      expect(fs.readFileSync(target, 'utf8')).toBe('the letter exported last week');
      expect(fs.readdirSync(s.exportDir)).toEqual(['welcome.docx']);
      expect(await contentHash(s.vaultFile)).toBe(hash); // no timeline entry for a letter not written
    }
    await expectIntact(s, hash, records);
    await ok(s.core, 'letters.export', await letter(s, target));
    await s.core.dispose();
  });

  test('opening another vault while the config cannot be saved: the vault opens (remembering it is a convenience)', async () => {
    const s = await setUp();
    const other = path.join(tempDir(), 'other.rapport');
    const spy = vi.spyOn(fs, 'writeFileSync').mockImplementation(() => {
      throw errno('ENOSPC', 'writeFileSync');
    });
    const choiceId = await choose(s.core, 'vault-create', other);
    const r = await s.core.call('vault.open', { choiceId });
    spy.mockRestore();
    faults++;
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    expect(s.core.status()).toMatchObject({ state: 'no-vault', vaultPath: other });
    expect(fs.readdirSync(s.dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await ok(s.core, 'vault.open', { choiceId: await choose(s.core, 'vault-open', s.vaultFile) });
    await ok(s.core, 'vault.unlock', { passphrase: PASSPHRASE });
    await s.core.dispose();
  });
});
