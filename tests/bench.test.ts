/**
 * The benchmark (`npm run bench`): its workloads have the sizes issue 8 states, and a tiny run
 * prints one JSON object with every metric. The figures themselves are not checked here: they
 * live in docs/PERFORMANCE.md.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { METRICS, WORKLOADS, scaled } from '../bench/config';
import type { BenchReport } from '../bench/run';
import { tempDir } from './support/vault';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('the workloads have exactly the sizes of issue 8', () => {
  expect(WORKLOADS.typical).toMatchObject({ clients: 300, timelineEntries: 15_000 });
  expect(WORKLOADS.large).toMatchObject({
    clients: 5_000,
    contacts: 12_000,
    timelineEntries: 250_000,
    expectationItems: 40_000,
    followUps: 30_000,
    dossierEntries: 2_000,
  });
  // A full-scale run uses them unchanged.
  expect(scaled(WORKLOADS.large, 1)).toEqual(WORKLOADS.large);
  expect(scaled(WORKLOADS.typical, 1)).toEqual(WORKLOADS.typical);
});

test('a tiny run prints one JSON object with every metric, for both workloads, at the scaled sizes', async () => {
  const cacheDir = path.join(tempDir(), 'cache');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/run.ts'), '--json', '--scale', '0.01', '--cache-dir', cacheDir],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  // stdout is the report and nothing else.
  const report = JSON.parse(stdout) as BenchReport;
  expect(report.scale).toBe(0.01);
  for (const name of ['typical', 'large'] as const) {
    const w = report.workloads[name]!;
    expect(w, name).toBeDefined();
    const sizes = scaled(WORKLOADS[name], 0.01);
    expect(w.counts).toMatchObject({
      clients: sizes.clients,
      contacts: sizes.contacts,
      timeline_entries: sizes.timelineEntries,
      expectation_items: sizes.expectationItems,
      follow_ups: sizes.followUps,
    });
    for (const metric of METRICS) {
      const m = w.metrics[metric];
      expect(m, `${name}.${metric}`).toBeDefined();
      expect(m).toHaveProperty('median');
      expect(m).toHaveProperty('p95');
      expect(m).toHaveProperty('unit');
      expect(m).toHaveProperty('baseline');
    }
  }
  expect(report.targets.length).toBeGreaterThan(0);
}, 120_000);
