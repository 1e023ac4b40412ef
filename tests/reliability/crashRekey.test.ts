/**
 * A rekey (re-encrypting the vault under a new database key) killed with SIGKILL at every step it
 * reports (between chunks of the copy, after the check, after the new key file is written, between
 * the two renames of the swap) and at moments spread over its whole run: afterwards the vault
 * always opens with the same passphrase, under the old key file and database or the new ones
 * (never a mix), holds every record including one committed just before the rekey, leaves no
 * pending file behind, and no file in the folder ever holds a canary in clear text.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, expect, test } from 'vitest';
import { RECORD_TABLES } from '../../src/main/vault/schema';
import { Vault } from '../../src/main/vault/vault';
import { keyFileOf, readKeyFile, slotOf } from '../../src/main/vault/keyfile';
import { bundleChild } from '../support/childBundle';
import { PASSPHRASE, TEST_VAULT_OPTIONS, filesBelow, tempDir } from '../support/vault';

const TIMED_KILLS = 12;
const ENTRIES = 5_000;
const CANARY = `CANARY${randomBytes(6).toString('hex')}`;

const child = bundleChild('tests/support/child-rekey.ts');
afterAll(() => child.remove());

interface Run {
  committed: string | null;
  /** The phase of each progress event reported, in order. */
  events: string[];
  done: { ms: number } | null;
}

/** Runs the child on `file`; it kills itself at progress event `killAt`, or the parent kills it `killAfterMs` after REKEYING. */
function run(file: string, kill: { atEvent: number } | { afterMs: number } | null): Promise<Run> {
  const args = [...child.args, file, ...(kill && 'atEvent' in kill ? [String(kill.atEvent)] : [])];
  const proc: ChildProcess = spawn(process.execPath, args, { env: child.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let timer = kill && 'afterMs' in kill ? kill.afterMs : null;
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer !== null && out.includes('REKEYING\n')) {
        setTimeout(() => proc.kill('SIGKILL'), timer);
        timer = null;
      }
    });
    proc.on('exit', (code, signal) => {
      const done = /DONE (\d+)/.exec(out);
      const committed = /COMMITTED (\S+)/.exec(out);
      const events = [...out.matchAll(/^EVENT \d+ (\w+)$/gm)].map((m) => m[1]);
      if (signal === 'SIGKILL' || code === 0) resolve({ committed: committed ? committed[1] : null, events, done: done ? { ms: Number(done[1]) } : null });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

async function dump(vault: Vault): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of RECORD_TABLES) out[table] = (await vault.all(table)).sort((a, b) => a.id.localeCompare(b.id));
  return out;
}

function clearTextIn(dir: string): string[] {
  const needle = Buffer.from(CANARY);
  return filesBelow(dir).filter((f) => fs.readFileSync(f).includes(needle));
}

test('a rekey killed at every step and at moments spread over its run leaves a vault that opens, whole, under one key', async () => {
  const pristine = tempDir();
  const pristineFile = path.join(pristine, 'practice.rapport');
  {
    const { vault } = await Vault.create(pristineFile, PASSPHRASE, TEST_VAULT_OPTIONS);
    await vault.write(async (w) => {
      await w.insert('clients', 'client-1', { name: `${CANARY} client`, notes: `${CANARY} notes` });
      for (let i = 0; i < ENTRIES; i++) {
        await w.insert('timeline_entries', `entry-${String(i).padStart(5, '0')}`, { summary: i % 500 === 0 ? `${CANARY} ${i}` : `entry ${i}` }, { client_id: 'client-1' });
      }
    });
    await vault.close();
  }
  const expected = await (async () => {
    const v = await Vault.open(pristineFile, TEST_VAULT_OPTIONS);
    await v.unlock(PASSPHRASE);
    const d = await dump(v);
    await v.close();
    return d;
  })();
  const oldGeneration = slotOf(readKeyFile(pristineFile), 'passphrase').generation;
  expect(clearTextIn(pristine)).toEqual([]);

  const dir = tempDir();
  const file = path.join(dir, 'practice.rapport');
  const reset = () => {
    for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true, recursive: true });
    fs.copyFileSync(pristineFile, file);
    fs.copyFileSync(keyFileOf(pristineFile), keyFileOf(file));
  };

  reset();
  const full = await run(file, null);
  expect(full.done).not.toBeNull();
  const phases = full.events;
  expect(phases.slice(-4)).toEqual(['verifying', 'keys', 'swapped', 'done']);
  expect(phases.filter((p) => p === 'copying').length).toBeGreaterThan(3);

  const kills: ({ atEvent: number } | { afterMs: number })[] = [
    ...phases.map((_, i) => ({ atEvent: i + 1 })),
    ...Array.from({ length: TIMED_KILLS }, (_, i) => ({ afterMs: Math.round(((i + 0.5) / TIMED_KILLS) * full.done!.ms * 1.1) })),
  ];
  const killed = { atEvent: 0, afterMs: 0 };
  const outcomes = { old: 0, new: 0 };
  for (const kill of kills) {
    reset();
    const r = await run(file, kill);
    if (r.done === null) killed['atEvent' in kill ? 'atEvent' : 'afterMs']++;
    const label = JSON.stringify(kill);
    // Whatever the kill left (pending files included) holds no clear text.
    expect({ label, clear: clearTextIn(dir) }).toEqual({ label, clear: [] });

    const vault = await Vault.open(file, TEST_VAULT_OPTIONS);
    await vault.unlock(PASSPHRASE);
    const got = await dump(vault);
    const committed = got.settings.filter((s) => (s as { id: string }).id === r.committed);
    expect({ label, committed: committed.length }).toEqual({ label, committed: 1 });
    got.settings = got.settings.filter((s) => (s as { id: string }).id !== r.committed);
    expect({ label, records: got }).toEqual({ label, records: expected });
    await vault.close();

    const generation = slotOf(readKeyFile(file), 'passphrase').generation;
    expect({ label, generation: [oldGeneration, oldGeneration + 1].includes(generation) }).toEqual({ label, generation: true });
    const lastPhase = r.events[r.events.length - 1];
    // Killed once the database was swapped: the new key file must have followed it.
    if (lastPhase === 'swapped' || lastPhase === 'done') expect({ label, generation }).toEqual({ label, generation: oldGeneration + 1 });
    // Killed before the new key file existed: the old key file and database stay.
    if (!r.events.includes('keys')) expect({ label, generation }).toEqual({ label, generation: oldGeneration });
    outcomes[generation === oldGeneration ? 'old' : 'new']++;
    expect({ label, left: fs.readdirSync(dir).filter((f) => f.includes('.rekey')) }).toEqual({ label, left: [] });
    expect({ label, clear: clearTextIn(dir) }).toEqual({ label, clear: [] });
  }
  // Every step was hit (a kill at the last event may land after the rekey is done), and most timed
  // kills landed while it ran (their spacing comes from a run timed on a noisy machine).
  expect(killed.atEvent).toBeGreaterThanOrEqual(phases.length - 1);
  expect(killed.afterMs).toBeGreaterThanOrEqual(TIMED_KILLS / 2);
  // Both sides of the commit point were hit.
  expect(outcomes.old).toBeGreaterThan(0);
  expect(outcomes.new).toBeGreaterThan(0);
}, 300_000);
