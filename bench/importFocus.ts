/**
 * import_rows_per_s alone, without seeding the whole large practice: a vault with the large
 * practice's clients and contacts (5,000 and 12,000, a small timeline), then the bench's 10,000-row
 * CSV previewed and committed, with each phase timed. For profiling the import:
 *
 *   npx tsx bench/importFocus.ts [--dir /tmp/import-focus] [--rows 10000] [--runs 3]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/importFocus.ts
 *
 * The seeded vault is kept in --dir and reused; each run imports into a fresh copy of it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ServiceDeps } from '../src/main/services/deps';
import { commitImport } from '../src/main/services/importing/commit';
import { ImportPreviews, previewImport } from '../src/main/services/importing/preview';
import { loadSodium } from '../src/main/vault/crypto';
import { Vault } from '../src/main/vault/vault';
import { BENCH_NOW, PASSPHRASE, WORKLOADS, type Workload } from './config';
import { vaultOptions } from './common';
import { IMPORT_MAPPING, importCsv } from './importCsv';
import { buildVault } from './seed';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: path.join(os.tmpdir(), 'rapport-import-focus') }, rows: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } },
});
const log = (msg: string) => process.stderr.write(`[import-focus ${Math.round(process.uptime())}s] ${msg}\n`);
const large = WORKLOADS.large;
const workload: Workload = { ...large, timelineEntries: 4_000, expectationItems: 100, engagements: 20, followUps: 100, dossierEntries: 200 };

async function main(): Promise<void> {
  await loadSodium();
  const dir = values.dir!;
  fs.mkdirSync(dir, { recursive: true });
  const seeded = path.join(dir, 'seeded.rapport');
  if (!fs.existsSync(`${seeded}.keys`)) {
    log(`seeding ${workload.clients} clients, ${workload.contacts} contacts`);
    await buildVault(seeded, workload, 'encrypted', log);
  }
  const rows = Number(values.rows);
  const text = importCsv(rows);
  for (let run = 1; run <= Number(values.runs); run++) {
    const copy = path.join(dir, 'work.rapport');
    for (const s of ['', '-wal', '-shm', '.keys']) fs.rmSync(copy + s, { force: true });
    for (const s of ['', '-wal', '.keys']) if (fs.existsSync(seeded + s)) fs.copyFileSync(seeded + s, copy + s);
    const vault = await Vault.open(copy, vaultOptions('encrypted'));
    await vault.unlock(PASSPHRASE);
    const deps: ServiceDeps = { vault, clock: { now: () => BENCH_NOW } };
    const previews = new ImportPreviews();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const preview = await previewImport(deps, previews, { format: 'csv', text, mapping: IMPORT_MAPPING });
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    const report = await commitImport(deps, previews, { previewId: preview.previewId! });
    const t2 = performance.now();
    const c2 = process.cpuUsage(c0);
    const cpu = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 1000);
    await vault.close();
    const total = t2 - t0;
    log(
      `run ${run}: ${rows} rows: preview ${Math.round(t1 - t0)} ms (cpu ${cpu(c1)}), commit ${Math.round(t2 - t1)} ms (cpu ${cpu(c2) - cpu(c1)}), ` +
        `${Math.round(rows / (total / 1000))} rows/s; created ${report.counts.created}, merged ${report.counts.merged}, skipped ${report.counts.skipped}; ` +
        `duplicates in preview ${preview.counts.duplicates} (strong ${preview.counts.strongDuplicates}); load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    );
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
