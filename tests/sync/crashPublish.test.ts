/**
 * SIGKILL while writing to the sync folder: a child process creates clients and publishes a
 * segment after each, and is killed at random moments, over and over (between the pending record,
 * the file's rename and the outbox's removal, among others). Afterwards one clean run publishes
 * what waits, and a new device joining from the folder finds every acknowledged client, with no
 * gap, no broken chain and no file refused; the device kept its id (a crash is not a restore from
 * backup) and its sequence numbers run 1, 2, 3… without a hole or a reuse.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listSegments } from '../../src/main/sync/format';
import { syncDb } from '../../src/main/sync/tables';
import { Vault } from '../../src/main/vault/vault';
import { PASSPHRASE, TEST_VAULT_OPTIONS } from '../support/vault';
import { type ChildBundle, bundleChild } from '../support/childBundle';
import { firstDevice, joinDevice } from './support';

let bundle: ChildBundle;
beforeAll(() => {
  bundle = bundleChild('tests/support/child-sync-publish.ts');
});
afterAll(() => bundle?.remove());

function runChild(args: string[], killAfterAcks: number | null, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [...bundle.args, ...args], { env: bundle.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    const guard = setTimeout(() => proc.kill('SIGKILL'), 120_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const acks = (out.match(/^ACK /gm) ?? []).length;
      if (killAfterAcks !== null && !timer && acks >= killAfterAcks) timer = setTimeout(() => proc.kill('SIGKILL'), ms);
    });
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    proc.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL' || code === 0) resolve(out);
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

test('SIGKILL at many points while publishing: every acknowledged change reaches the folder once, in an unbroken series', { timeout: 600_000 }, async () => {
  const { a, folder } = await firstDevice();
  const device = a.engine.device;
  a.engine.detach();
  await a.vault.close();

  const acked: string[] = [];
  let inPublish = 0;
  const kills = 16;
  for (let round = 0; round < kills; round++) {
    const out = await runChild([a.file, String(round)], 1 + Math.floor(Math.random() * 4), Math.floor(Math.random() * 15));
    expect(out).toContain(`READY ${device}`);
    acked.push(...[...out.matchAll(/^ACK (\S+)$/gm)].map((m) => m[1]));
    // Whether this kill fell between the pending record and the outbox's removal (the next run adopts or redoes it).
    const vault = await Vault.open(a.file, TEST_VAULT_OPTIONS);
    await vault.unlock(PASSPHRASE);
    if (await vault.read(async (r) => (await syncDb(r).selectFrom('sync_state').select('pending').executeTakeFirst())?.pending)) inPublish++;
    await vault.close();
  }
  const last = await runChild([a.file, 'final', 'once'], null, 0);
  expect(last).toContain(`DONE ${device}`);

  const seqs = listSegments(folder).get(device)!;
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect([...listSegments(folder).keys()]).toEqual([device]);
  const b = await joinDevice(folder);
  const report = await b.engine.pull();
  expect(report.problems).toEqual([]);
  const names = new Set((await b.vault.all<{ name: string }>('clients')).map((c) => c.data.name));
  const missing = acked.filter((n) => !names.has(n));
  expect(missing).toEqual([]);
  expect(acked.length).toBeGreaterThanOrEqual(kills);
  console.log(`sync publish crash test: ${kills} kills, ${acked.length} acknowledged, ${seqs.length} segments, ${inPublish} kills inside a publish; load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
});
