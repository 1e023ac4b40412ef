/**
 * Changes made to a format-3 vault behind Rapport's back end in CORRUPT (or DOWNGRADE for an old key
 * file), never in a wrong answer: a flipped byte anywhere, a truncated file, a page from another
 * vault or from an older copy of this one, a whole vault rolled back, WAL frames missing, an older
 * key file put back, a missing key file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import type { AppEvent } from '../../src/shared/types';
import { keyFileOf } from '../../src/main/vault/keyfile';
import { type Seeded, readAll, seedRecords } from '../support/records';
import { NEW_PASSPHRASE, PASSPHRASE, choose, fails, ok, testCore } from '../support/vault';

const PAGE = 4096;

interface Fixture {
  dataDir: string;
  file: string;
  seeded: Seeded;
  before: Awaited<ReturnType<typeof readAll>>;
}

/** A closed vault with records (a few hundred timeline entries, so it spans many pages). */
async function closedVault(extra?: (core: RapportCore) => Promise<void>): Promise<Fixture> {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const seeded = await seedRecords(core);
  for (let i = 0; i < 120; i++) {
    await ok(core, 'timeline.add', { clientId: seeded.clientIds[0], kind: 'note', occurredAt: '2026-10-02T10:00:00Z', summary: `Note ${i}`, body: 'b'.repeat(200) });
  }
  await extra?.(core);
  const before = await readAll(core);
  const file = core.status().vaultPath;
  await core.dispose();
  return { dataDir: path.dirname(file), file, seeded, before };
}

/** Opens the vault again in a new core and reads everything: the records, or the error code. */
async function outcome(f: Fixture): Promise<'same' | 'different' | string> {
  const core = await testCore({ dataDir: f.dataDir });
  try {
    const unlocked = await core.call('vault.unlock', { passphrase: PASSPHRASE });
    if (!unlocked.ok) return unlocked.error.code;
    try {
      return JSON.stringify(await readAll(core)) === JSON.stringify(f.before) ? 'same' : 'different';
    } catch (e) {
      return /failed: (\w+):/.exec(String(e))?.[1] ?? String(e);
    }
  } finally {
    await core.dispose();
  }
}

function pages(file: string): number {
  return fs.statSync(file).size / PAGE;
}

describe('tampering is detected', () => {
  test('control: an untouched vault unlocks and reads back', async () => {
    const f = await closedVault();
    expect(await outcome(f)).toBe('same');
  });

  test('the file has no SQLite header and the sqlite3 tool cannot read it', async () => {
    const f = await closedVault();
    const head = fs.readFileSync(f.file).subarray(0, 16).toString('latin1');
    expect(head).not.toBe('SQLite format 3\u0000');
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('sqlite3', [f.file, '.tables'], { encoding: 'utf8' });
    if (r.error) throw new Error('the sqlite3 command-line tool is needed for this test (apt-get install sqlite3)');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/not a database/);
    expect(r.stdout).not.toMatch(/clients|timeline/);
  });

  test('one byte flipped, in every page in turn: CORRUPT at once, or the same records and CORRUPT from a full check; never different records', async () => {
    const f = await closedVault();
    const original = fs.readFileSync(f.file);
    const checker = await testCore();
    const seen = new Map<string, number>();
    for (let p = 0; p < pages(f.file); p++) {
      const copy = Buffer.from(original);
      copy[p * PAGE + ((p * 977) % (PAGE - 64)) + 24] ^= 0x10;
      fs.writeFileSync(f.file, copy);
      const result = await outcome(f);
      seen.set(result, (seen.get(result) ?? 0) + 1);
      expect(['CORRUPT', 'same']).toContain(result);
      if (result === 'same') {
        // A page no read touched (a free page, the migration lock table): the full check reads every page.
        const check = await checker.call('backup.inspect', { choiceId: await choose(checker, 'backup-open', f.file), passphrase: PASSPHRASE });
        expect({ page: p + 1, check: check.ok ? 'passed' : check.error.code }).toEqual({ page: p + 1, check: 'CORRUPT' });
      }
    }
    await checker.dispose();
    fs.writeFileSync(f.file, original);
    expect(await outcome(f)).toBe('same');
    // Every page that holds records is read by readAll, so those flips are CORRUPT at once.
    expect(seen.get('CORRUPT')).toBeGreaterThan(10);
  }, 180_000);

  test('a truncated file: CORRUPT', async () => {
    const f = await closedVault();
    fs.truncateSync(f.file, fs.statSync(f.file).size - PAGE);
    expect(await outcome(f)).toBe('CORRUPT');
    fs.truncateSync(f.file, 3 * PAGE);
    expect(await outcome(f)).toBe('CORRUPT');
  });

  test('a page from another vault: CORRUPT', async () => {
    const f = await closedVault();
    const other = await closedVault();
    const mine = fs.readFileSync(f.file);
    const theirs = fs.readFileSync(other.file);
    theirs.copy(mine, 5 * PAGE, 5 * PAGE, 6 * PAGE);
    fs.writeFileSync(f.file, mine);
    expect(await outcome(f)).toBe('CORRUPT');
  });

  test('a page put back from an older copy of the same vault: CORRUPT, not the older records', async () => {
    let older: Buffer | null = null;
    const f = await closedVault(async (core) => {
      const file = core.status().vaultPath;
      await ok(core, 'vault.lock', {});
      await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
      await ok(core, 'vault.lock', {});
      older = fs.readFileSync(file);
      await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
      for (const c of await ok(core, 'clients.list', {})) await ok(core, 'clients.update', { id: c.id, version: c.version, name: `${c.name} (renamed)` });
    });
    const current = fs.readFileSync(f.file);
    const changed = [];
    for (let p = 1; p < current.length / PAGE; p++) {
      if (!current.subarray(p * PAGE, (p + 1) * PAGE).equals(older!.subarray(p * PAGE, (p + 1) * PAGE))) changed.push(p);
    }
    expect(changed.length).toBeGreaterThan(0);
    for (const p of changed) {
      const mixed = Buffer.from(current);
      older!.copy(mixed, p * PAGE, p * PAGE, (p + 1) * PAGE);
      fs.writeFileSync(f.file, mixed);
      expect({ page: p + 1, result: await outcome(f) }).toEqual({ page: p + 1, result: 'CORRUPT' });
    }
    fs.writeFileSync(f.file, current);
    expect(await outcome(f)).toBe('same');
  });

  test('a whole vault rolled back to an older copy (its key file kept): CORRUPT', async () => {
    let older: Buffer | null = null;
    const f = await closedVault(async (core) => {
      const file = core.status().vaultPath;
      await ok(core, 'vault.lock', {});
      older = fs.readFileSync(file);
      await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
      await ok(core, 'clients.create', { kind: 'person', name: 'Added later' });
    });
    fs.writeFileSync(f.file, older!);
    const core = await testCore({ dataDir: f.dataDir });
    const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/older|rolled back|not the ones/);
    await core.dispose();
  });

  test('a WAL frame missing (a copy taken while open, its last frame dropped): CORRUPT', async () => {
    const core = await testCore();
    await ok(core, 'vault.create', { passphrase: PASSPHRASE });
    const c = await ok(core, 'clients.create', { kind: 'person', name: 'Walter' });
    for (let i = 0; i < 5; i++) await ok(core, 'timeline.add', { clientId: c.id, kind: 'call', occurredAt: '2026-10-02T10:00:00Z', summary: `Call ${i}` });
    const file = core.status().vaultPath;
    await new Promise((r) => setTimeout(r, 1_500)); // the key file's counter follows commits within a second
    // The files as a crash would leave them: database, WAL and key file, copied while open.
    const copyDir = fs.mkdtempSync(path.join(path.dirname(file), 'copy-'));
    const copy = path.join(copyDir, 'vault.rapport');
    fs.copyFileSync(file, copy);
    fs.copyFileSync(keyFileOf(file), keyFileOf(copy));
    const wal = fs.readFileSync(`${file}-wal`);
    expect(wal.length).toBeGreaterThan(32 + 2 * (24 + PAGE));
    await core.dispose();

    fs.writeFileSync(`${copy}-wal`, wal);
    const whole = await testCore({ dataDir: copyDir });
    await ok(whole, 'vault.unlock', { passphrase: PASSPHRASE });
    expect((await ok(whole, 'timeline.list', { clientId: c.id })).length).toBe(5);
    await whole.dispose();

    // Again from the same copy, with the WAL's last frame gone.
    fs.copyFileSync(file, copy);
    fs.rmSync(`${copy}-shm`, { force: true });
    fs.writeFileSync(`${copy}-wal`, wal.subarray(0, wal.length - (24 + PAGE)));
    const cut = await testCore({ dataDir: copyDir });
    const err = await fails(cut, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CORRUPT');
    await cut.dispose();
  });

  test('an older key file put back after a passphrase change: DOWNGRADE, the old passphrase does not get in', async () => {
    const f = await closedVault();
    const oldKeys = fs.readFileSync(keyFileOf(f.file));
    const core = await testCore({ dataDir: f.dataDir });
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    await ok(core, 'vault.changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE });
    await core.dispose();

    fs.writeFileSync(keyFileOf(f.file), oldKeys);
    const again = await testCore({ dataDir: f.dataDir });
    const err = await fails(again, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('DOWNGRADE');
    expect(err.message).toMatch(/key file is older/);
    expect(again.status().state).toBe('locked');
    await again.dispose();
  });

  test('the key file missing or damaged: CORRUPT, saying what is missing', async () => {
    const f = await closedVault();
    const keys = fs.readFileSync(keyFileOf(f.file));
    fs.rmSync(keyFileOf(f.file));
    const core = await testCore({ dataDir: f.dataDir });
    const missing = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(missing.code).toBe('CORRUPT');
    expect(missing.message).toMatch(/\.keys/);
    await core.dispose();

    fs.writeFileSync(keyFileOf(f.file), keys.subarray(0, 100));
    expect(await outcome(f)).toBe('CORRUPT');
    fs.writeFileSync(keyFileOf(f.file), keys);
    expect(await outcome(f)).toBe('same');
  });

  test('damage found by a read after unlock: the vault locks itself, says why, and stays locked', async () => {
    const f = await closedVault();
    const core = await testCore({ dataDir: f.dataDir });
    const events: AppEvent[] = [];
    core.subscribe((e) => events.push(e));
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    // Damage the file under the open vault (the page cache is cold for a page not yet read).
    const bytes = fs.readFileSync(f.file);
    const last = bytes.length / PAGE - 1;
    bytes[last * PAGE + 100] ^= 0x01;
    fs.writeFileSync(f.file, bytes);
    const err = await fails(core, 'timeline.list', { clientId: f.seeded.clientIds[0] });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/Restore/);
    expect(events).toContainEqual({ type: 'locked', reason: 'corrupt' });
    const status = await ok(core, 'app.status', {});
    expect(status.state).toBe('locked');
    expect(status.integrityError).toMatch(/damaged/);
    expect((await fails(core, 'vault.unlock', { passphrase: PASSPHRASE })).code).toBe('CORRUPT');
    await core.dispose();
  });
});
