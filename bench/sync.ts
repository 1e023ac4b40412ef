/**
 * Sync figures (issue 17's targets), on real vaults with the benchmark's KDF parameters:
 *
 * - applying remote changes, records per second (target ≥ 5,000);
 * - a new device joining from a snapshot of N timeline entries (target < 60 s at 250,000);
 * - a change on device A applied on device B once the folder has delivered it (target < 2 s).
 *
 *   npm run bench:sync -- [--entries 20000] [--json]
 *
 * Prints the machine's load averages beside the figures: timings are noisy on a shared machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Vault } from '../src/main/vault/vault';
import { SyncEngine, joinSyncedVault } from '../src/main/sync/engine';
import { BENCH_KDF } from './config';

const PASSPHRASE = 'benchmark passphrase for sync only 17';
const options = { kdf: BENCH_KDF, minKdf: BENCH_KDF };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const entries = arg('entries', 20_000);
  const clients = Math.max(1, Math.round(entries / 50));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-sync-'));
  try {
    const folder = path.join(dir, 'sync');
    fs.mkdirSync(folder);
    const { vault: a } = await Vault.create(path.join(dir, 'a.rapport'), PASSPHRASE, options);
    const engineA = await SyncEngine.enable(a, { folder, passphrase: PASSPHRASE, kdf: BENCH_KDF });
    const create = (f: string, p: string) => Vault.create(f, p, options);
    const b = await joinSyncedVault({ folder, passphrase: PASSPHRASE, vaultFile: path.join(dir, 'b.rapport'), create, minKdf: BENCH_KDF });

    // Device A writes the practice (captured change by change), in transactions of 1,000 rows;
    // the same into a vault without sync, for the ratio.
    const clientIds = Array.from({ length: clients }, () => randomUUID());
    const fill = async (v: Vault): Promise<number> => {
      const t = performance.now();
      await v.write(async (w) => {
        for (const [i, id] of clientIds.entries()) await w.insert('clients', id, { kind: 'organisation', name: `Client ${i}`, notes: '', tags: [] });
      });
      for (let done = 0; done < entries; ) {
        const n = Math.min(1_000, entries - done);
        await v.write(async (w) => {
          for (let k = 0; k < n; k++) {
            const i = done + k;
            await w.insert('timeline_entries', randomUUID(), { kind: 'note', occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), summary: `Entry ${i}`, body: 'Some words about it.', contactIds: [] }, { client_id: clientIds[i % clients] });
          }
        });
        done += n;
      }
      return performance.now() - t;
    };
    const { vault: plain } = await Vault.create(path.join(dir, 'nosync.rapport'), PASSPHRASE, options);
    const plainMs = await fill(plain);
    await plain.close();
    const writeMs = await fill(a);
    const t1 = performance.now();
    while ((await engineA.publish()) !== null);
    const publishMs = performance.now() - t1;
    const records = entries + clients;

    // Device B applies them.
    const t2 = performance.now();
    const report = await b.engine.pull();
    const applyMs = performance.now() - t2;
    if (report.records !== records) throw new Error(`applied ${report.records} of ${records}`);

    // A new device joins from a snapshot of all of it.
    await engineA.writeSnapshot();
    const t3 = performance.now();
    const c = await joinSyncedVault({ folder, passphrase: PASSPHRASE, vaultFile: path.join(dir, 'c.rapport'), create, minKdf: BENCH_KDF });
    const joinMs = performance.now() - t3;

    // One change on A, delivered (the folder is shared), applied on B: median of 15.
    const latencies: number[] = [];
    for (let i = 0; i < 15; i++) {
      await a.write((w) => w.update('clients', clientIds[i % clients], { kind: 'organisation', name: `Renamed ${i}`, notes: '', tags: [] }));
      await engineA.publish();
      const t = performance.now();
      await b.engine.pull();
      latencies.push(performance.now() - t);
    }
    latencies.sort((x, y) => x - y);
    const result = {
      entries,
      clients,
      load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
      captureRecordsPerSecond: Math.round(records / (writeMs / 1000)),
      withoutSyncRecordsPerSecond: Math.round(records / (plainMs / 1000)),
      publishRecordsPerSecond: Math.round(records / (publishMs / 1000)),
      applyRecordsPerSecond: Math.round(records / (applyMs / 1000)),
      joinSeconds: +(joinMs / 1000).toFixed(2),
      changeVisibleMs: { median: Math.round(latencies[7]), max: Math.round(latencies[14]) },
    };
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else {
      console.log(`sync bench: ${entries} entries, ${clients} clients; load averages ${result.load}`);
      console.log(`  write with capture  ${result.captureRecordsPerSecond} records/s (without sync: ${result.withoutSyncRecordsPerSecond}, same run)`);
      console.log(`  publish             ${result.publishRecordsPerSecond} records/s`);
      console.log(`  apply (remote)      ${result.applyRecordsPerSecond} records/s   target ≥ 5,000`);
      console.log(`  join from snapshot  ${result.joinSeconds} s                target < 60 s at 250,000 entries`);
      console.log(`  change visible      median ${result.changeVisibleMs.median} ms, max ${result.changeVisibleMs.max} ms after delivery   target < 2 s`);
    }
    for (const v of [a, b.vault, c.vault]) await v.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
