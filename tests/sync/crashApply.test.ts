/**
 * SIGKILL while applying remote changes: a child process applies the segments waiting in the sync
 * folder and is killed at random moments, over and over, until one run finishes. Afterwards the
 * vault holds exactly what a copy of it that applied the same segments without a crash holds:
 * the same records with the same versions (a field applied twice would have bumped a version),
 * the same conflicts (a segment applied twice would have recorded its conflicts twice), the same
 * cursors. Nothing applied twice, nothing lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { Vault } from '../../src/main/vault/vault';
import { SyncEngine } from '../../src/main/sync/engine';
import { keyFileOf } from '../../src/main/vault/keyfile';
import { createClient, getClient, updateClient } from '../../src/main/services/clients';
import { addEntry } from '../../src/main/services/timeline';
import { type ChildBundle, bundleChild } from '../support/childBundle';
import { PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from '../support/vault';
import { firstDevice, joinDevice } from './support';

/** Each run is killed after this many segments applied at most (plus a random few milliseconds). */
const MAX_APPLIED_BEFORE_KILL = 3;
let bundle: ChildBundle;

beforeAll(() => {
  bundle = bundleChild('tests/support/child-sync-apply.ts');
});
afterAll(() => bundle?.remove());

function runChild(file: string, kill: { afterApplied: number; ms: number } | null): Promise<{ out: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [...bundle.args, file], { env: bundle.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    const guard = setTimeout(() => proc.kill('SIGKILL'), 120_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const applied = (out.match(/^APPLIED /gm) ?? []).length;
      if (kill && !timer && out.includes('READY\n') && applied >= kill.afterApplied) timer = setTimeout(() => proc.kill('SIGKILL'), kill.ms);
    });
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    proc.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ out, killed: true });
      else if (code === 0) resolve({ out, killed: false });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

async function state(file: string) {
  const vault = await Vault.open(file, TEST_VAULT_OPTIONS);
  await vault.unlock(PASSPHRASE);
  const read = (q: string) => vault.read(async (r) => (await sql.raw(q).execute(r)).rows);
  const out = {
    clients: await read('SELECT id, version, data FROM clients ORDER BY id'),
    entries: await read('SELECT id, version, client_id, data FROM timeline_entries ORDER BY id'),
    conflicts: await read('SELECT tbl, row_id, field, kept, lost, kept_hlc, lost_hlc FROM sync_conflicts ORDER BY row_id, field, kept, lost'),
    cursors: await read('SELECT device_id, seq, hash, max_hlc FROM sync_cursors ORDER BY device_id'),
    clocks: await read('SELECT * FROM sync_clocks ORDER BY tbl, row_id, field'),
  };
  await vault.close();
  return out;
}

test('SIGKILL at many points while applying: nothing applied twice or lost', { timeout: 600_000 }, async () => {
  const { a, folder } = await firstDevice();
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await createClient(a.deps, { kind: 'organisation', name: `Org ${i}`, notes: 'first' })).id);
  await a.engine.syncNow();
  const b = await joinDevice(folder);
  // B edits the same text fields offline: applying A's edits then records conflicts.
  for (const id of ids) await updateClient(b.deps, { id, version: (await getClient(b.deps, { id })).version, notes: `B's notes on ${id}` });
  b.engine.detach();
  await b.vault.close();
  // A writes many segments: edits of the same clients (versions climb) and interactions (last contact is derived).
  for (let s = 0; s < 40; s++) {
    for (let k = 0; k < 6; k++) {
      const id = ids[(s + k) % ids.length];
      const cur = await getClient(a.deps, { id });
      await updateClient(a.deps, { id, version: cur.version, notes: `A ${s}.${k}`, industry: `I${s}` });
      await addEntry(a.deps, { clientId: id, kind: 'call', occurredAt: new Date(Date.UTC(2026, 0, 1 + s, k)).toISOString(), summary: `call ${s}.${k}`, body: '' });
    }
    await a.engine.publish();
  }
  // The reference: a copy of B that applies everything in one go, without a crash.
  const ref = path.join(tempDir(), 'ref.rapport');
  fs.copyFileSync(b.file, ref);
  fs.copyFileSync(keyFileOf(b.file), keyFileOf(ref));
  const refVault = await Vault.open(ref, TEST_VAULT_OPTIONS);
  await refVault.unlock(PASSPHRASE);
  const refEngine = (await SyncEngine.attach(refVault))!;
  expect((await refEngine.pull()).segments).toBe(40);
  refEngine.detach();
  await refVault.close();

  let kills = 0;
  for (let round = 0; ; round++) {
    const kill = round < 60 ? { afterApplied: Math.floor(Math.random() * (MAX_APPLIED_BEFORE_KILL + 1)), ms: Math.floor(Math.random() * 40) } : null;
    const { out, killed } = await runChild(b.file, kill);
    if (killed) {
      kills++;
      // After every kill the vault opens, and what it holds is a prefix of A's series.
      const now = await state(b.file);
      const cursor = (now.cursors as { device_id: string; seq: number }[]).find((c) => c.device_id === a.engine.device);
      expect(cursor?.seq ?? 0).toBeLessThanOrEqual(41); // segment 1 before B joined, then 40
      continue;
    }
    expect(out).toMatch(/^DONE \d+ 0$/m);
    break;
  }
  // 40 segments, a kill after at most 3 (and a few ms) each run: many kills, at different points.
  expect(kills).toBeGreaterThanOrEqual(10);
  const [got, want] = [await state(b.file), await state(ref)];
  expect(got.clients).toEqual(want.clients);
  expect(got.entries).toEqual(want.entries);
  expect(got.conflicts).toEqual(want.conflicts);
  expect(got.cursors).toEqual(want.cursors);
  expect(got.clocks).toEqual(want.clocks);
  expect(got.conflicts.length).toBeGreaterThan(0);
  console.log(`sync apply crash test: ${kills} kills; load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
});
