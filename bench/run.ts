/**
 * `npm run bench`: seeds (or reuses, by a content hash) the typical and large vaults and their
 * plain-SQLite twins, measures each in a process of its own through the service layer, and prints a
 * table, or with --json one JSON object on stdout (progress always goes to stderr).
 *
 *   npm run bench [-- --json] [--only typical|large] [--scale 0.05] [--cache-dir .bench-cache]
 *   npm run bench -- --ui [--runs 5] [--skip-build] [--json]   (the UI in Chromium: see bench/ui.ts)
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  BENCH_KDF,
  BENCH_NOW,
  MAX_READ_OVERHEAD,
  METRIC_INFO,
  METRICS,
  type MetricName,
  READ_METRICS,
  SEED,
  TARGETS,
  WORKLOADS,
  type Workload,
  type WorkloadName,
  scaled,
} from './config';
import { importCsv } from './importCsv';
import type { MeasureResult, RawMetric } from './measure';
import type { Mode, SeededMeta } from './common';
import { median, p95, round } from './stats';
import type { UiOptions } from './ui';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = (msg: string) => process.stderr.write(`[bench ${Math.round(process.uptime())}s] ${msg}\n`);

export interface Stat {
  median: number | null;
  p95: number | null;
  runs: number;
}

export interface MetricReport extends Stat {
  unit: string;
  /** The same measurement on the plain-SQLite twin, or null where there is none. */
  baseline: Stat | null;
  /** How many times the encrypted figure is worse than plain SQLite (median against median). */
  overhead: number | null;
  note?: string;
}

export interface WorkloadReport {
  sizes: Workload;
  /** Rows per table, counted after seeding. */
  counts: Record<string, number>;
  seed: { encryptedMs: number; plainMs: number; reused: boolean };
  metrics: Record<MetricName, MetricReport>;
  searchQueries: { text: string; kind: string }[];
  /** False if the encrypted and plain runs found different numbers of hits for some query. */
  searchResultsAgree: boolean;
}

export interface TargetReport {
  workload: WorkloadName;
  metric: MetricName;
  stat: 'median' | 'p95' | 'overhead';
  target: number;
  value: number | null;
  met: boolean | null;
}

export interface BenchReport {
  benchmark: 'rapport';
  startedAt: string;
  wallMs: number;
  scale: number;
  machine: { nproc: number; cpu: string; ramGb: number; node: string; platform: string; loadAverage: number[] };
  workloads: Partial<Record<WorkloadName, WorkloadReport>>;
  targets: TargetReport[];
}

export interface BenchOptions {
  only?: WorkloadName;
  scale: number;
  cacheDir: string;
}

// ---- the seeded vault cache ----

function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesBelow(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => f.endsWith('.ts'))
    .sort();
}

/** The sources whose change makes a cached vault stale: the seeder, the bench's seeding, the vault format. */
export function seedSources(): string[] {
  return [
    ...filesBelow(path.join(ROOT, 'scripts/seed')),
    path.join(ROOT, 'bench/seed.ts'),
    path.join(ROOT, 'bench/common.ts'),
    path.join(ROOT, 'bench/twin.ts'),
    ...filesBelow(path.join(ROOT, 'src/main/vault')),
  ];
}

export function cacheKey(w: Workload, mode: Mode): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ w, mode, SEED, now: BENCH_NOW.toISOString(), kdf: BENCH_KDF }));
  for (const f of seedSources()) {
    h.update(path.relative(ROOT, f));
    h.update(fs.readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

function runWorker(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Head room for the large vault (the default old space is about 4 GB).
    const child = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', path.join(ROOT, 'bench/worker.ts'), ...args], {
      cwd: ROOT,
      // The child's stdout goes to our stderr: stdout carries the report only.
      stdio: ['ignore', 2, 2],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench worker ${args[0]} failed (exit ${code})`))));
  });
}

interface Cached {
  file: string;
  metaFile: string;
  meta: SeededMeta;
  reused: boolean;
}

/**
 * The cached vault of a workload, seeded first if there is none for these parameters and sources.
 * The encrypted vault is seeded; the plain one is its twin, copied from it (`from`).
 */
async function ensureVault(cacheDir: string, w: Workload, mode: Mode, from?: Cached): Promise<Cached> {
  const base = path.join(cacheDir, `${w.name}-${mode}-${cacheKey(w, mode)}`);
  const file = `${base}.rapport`;
  const metaFile = `${base}.json`;
  // An encrypted vault is two files: the database and its key file (`.keys`); the plain twin has none.
  const files = mode === 'encrypted' ? ['.rapport', '.rapport.keys'] : ['.rapport'];
  // A freshly seeded vault gets a fresh twin.
  if (files.every((f) => fs.existsSync(base + f)) && fs.existsSync(metaFile) && (!from || from.reused)) {
    log(`${w.name}/${mode}: reusing ${path.relative(ROOT, file)}`);
    return { file, metaFile, meta: JSON.parse(fs.readFileSync(metaFile, 'utf8')) as SeededMeta, reused: true };
  }
  // Stale vaults of this workload and mode (other parameters or sources) go.
  for (const f of fs.readdirSync(cacheDir)) if (f.startsWith(`${w.name}-${mode}-`)) fs.rmSync(path.join(cacheDir, f), { force: true });
  log(
    mode === 'encrypted'
      ? `${w.name}/${mode}: seeding ${w.clients.toLocaleString('en-GB')} clients, ${w.timelineEntries.toLocaleString('en-GB')} entries`
      : `${w.name}/${mode}: copying the encrypted vault's rows into plain SQLite`,
  );
  const tmp = `${base}.tmp`;
  const workloadFile = `${tmp}.workload.json`;
  fs.writeFileSync(workloadFile, JSON.stringify(w));
  try {
    await runWorker(
      mode === 'encrypted'
        ? ['seed', workloadFile, mode, `${tmp}.rapport`, `${tmp}.json`]
        : ['twin', from!.file, from!.metaFile, `${tmp}.rapport`, `${tmp}.json`],
    );
    for (const f of files) fs.renameSync(tmp + f, base + f);
    fs.renameSync(`${tmp}.json`, metaFile);
  } finally {
    for (const suffix of ['.rapport', '.rapport.keys', '.rapport-wal', '.rapport-shm', '.json', '.workload.json']) fs.rmSync(tmp + suffix, { force: true });
  }
  return { file, metaFile, meta: JSON.parse(fs.readFileSync(metaFile, 'utf8')) as SeededMeta, reused: false };
}

/** Measures a throwaway copy (add_entry_ms writes to it), so the cached vault stays as seeded. */
async function measure(cacheDir: string, file: string, meta: SeededMeta, quick: boolean): Promise<MeasureResult> {
  const work = fs.mkdtempSync(path.join(cacheDir, 'work-'));
  try {
    const copy = path.join(work, 'vault.rapport');
    // The database with its WAL, if any, and its key file (an encrypted vault's; the plain twin has none).
    for (const suffix of ['', '-wal', '.keys']) if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, copy + suffix);
    const metaFile = path.join(work, 'meta.json');
    fs.writeFileSync(metaFile, JSON.stringify(meta));
    // import_rows_per_s imports a 10,000-row CSV (200 at tiny scales).
    const csv = path.join(work, 'import.csv');
    fs.writeFileSync(csv, importCsv(quick ? 200 : 10_000));
    const out = path.join(work, 'result.json');
    await runWorker(['measure', copy, metaFile, csv, out, quick ? 'quick' : 'full']);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as MeasureResult;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// ---- the report ----

function stat(m: RawMetric | undefined): Stat | null {
  if (!m?.samples || m.samples.length === 0) return null;
  return { median: round(median(m.samples)), p95: round(p95(m.samples)), runs: m.samples.length };
}

function combine(name: MetricName, enc: RawMetric, plain: RawMetric): MetricReport {
  const s = stat(enc);
  const b = stat(plain);
  const perSecond = METRIC_INFO[name].unit.endsWith('/s');
  const overhead =
    s?.median != null && b?.median ? round(perSecond ? b.median / s.median : s.median / b.median) : null;
  const note = enc.note ?? (b ? undefined : plain.note);
  return {
    median: s?.median ?? null,
    p95: s?.p95 ?? null,
    runs: s?.runs ?? 0,
    unit: METRIC_INFO[name].unit,
    baseline: b,
    overhead,
    ...(note ? { note } : {}),
  };
}

function targets(workloads: BenchReport['workloads']): TargetReport[] {
  const large = workloads.large;
  const out: TargetReport[] = TARGETS.map((t) => {
    const value = large ? large.metrics[t.metric][t.stat] : null;
    return { workload: 'large', metric: t.metric, stat: t.stat, target: t.max, value, met: value === null ? null : value < t.max };
  });
  for (const metric of READ_METRICS) {
    const value = large ? large.metrics[metric].overhead : null;
    out.push({ workload: 'large', metric, stat: 'overhead', target: MAX_READ_OVERHEAD, value, met: value === null ? null : value <= MAX_READ_OVERHEAD });
  }
  return out;
}

function machine(): BenchReport['machine'] {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    ramGb: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map(round),
  };
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  fs.mkdirSync(opts.cacheDir, { recursive: true });
  const workloads: BenchReport['workloads'] = {};
  const names: WorkloadName[] = opts.only ? [opts.only] : ['typical', 'large'];
  // Tiny scales are for checking that the benchmark runs: a couple of runs per metric.
  const quick = opts.scale < 0.1;
  for (const name of names) {
    const w = scaled(WORKLOADS[name], opts.scale);
    const enc = await ensureVault(opts.cacheDir, w, 'encrypted');
    const plain = await ensureVault(opts.cacheDir, w, 'plain', enc);
    log(`${name}: measuring the encrypted vault`);
    const encResult = await measure(opts.cacheDir, enc.file, enc.meta, quick);
    log(`${name}: measuring plain SQLite`);
    const plainResult = await measure(opts.cacheDir, plain.file, plain.meta, quick);
    const metrics = Object.fromEntries(METRICS.map((m) => [m, combine(m, encResult.metrics[m], plainResult.metrics[m])])) as Record<MetricName, MetricReport>;
    const agree = encResult.hits.length === plainResult.hits.length && encResult.hits.every((h, i) => h === plainResult.hits[i]);
    if (!agree) log(`${name}: WARNING: search results differ between the encrypted vault and plain SQLite`);
    workloads[name] = {
      sizes: w,
      counts: enc.meta.counts,
      seed: { encryptedMs: enc.meta.seedMs, plainMs: plain.meta.seedMs, reused: enc.reused && plain.reused },
      metrics,
      searchQueries: encResult.queries,
      searchResultsAgree: agree,
    };
  }
  return {
    benchmark: 'rapport',
    startedAt,
    wallMs: Math.round(performance.now() - started),
    scale: opts.scale,
    machine: machine(),
    workloads,
    targets: targets(workloads),
  };
}

// ---- the table ----

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toLocaleString('en-GB', { maximumFractionDigits: 3 }));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`Rapport benchmark, ${r.startedAt} (scale ${r.scale}, ${Math.round(r.wallMs / 1000)} s)`);
  out.push(`${m.nproc} cores, ${m.cpu}, ${m.ramGb} GiB, node ${m.node}, load ${m.loadAverage.join(' ')}`);
  for (const [name, w] of Object.entries(r.workloads) as [WorkloadName, WorkloadReport][]) {
    const c = w.counts;
    out.push('');
    out.push(
      `${name}: ${fmt(c.clients)} clients, ${fmt(c.contacts)} contacts, ${fmt(c.timeline_entries)} timeline entries, ` +
        `${fmt(c.expectation_items)} expectation items, ${fmt(c.follow_ups)} follow-ups` +
        (w.seed.reused ? ' (cached vaults)' : ` (seeded in ${Math.round(w.seed.encryptedMs / 1000)} s, copied to plain SQLite in ${Math.round(w.seed.plainMs / 1000)} s)`),
    );
    const rows = [['metric', 'median', 'p95', 'unit', 'runs', 'plain median', 'plain p95', 'overhead', 'note']];
    for (const name of METRICS) {
      const x = w.metrics[name];
      rows.push([name, fmt(x.median), fmt(x.p95), x.unit, String(x.runs), fmt(x.baseline?.median), fmt(x.baseline?.p95), x.overhead === null ? '–' : `${fmt(x.overhead)}x`, x.note ?? '']);
    }
    out.push(table(rows));
  }
  out.push('');
  out.push('Targets (large vault)');
  const rows = [['target', 'value', 'met']];
  for (const t of r.targets) {
    const what = t.stat === 'overhead' ? `${t.metric} within ${t.target}x of plain` : `${t.metric} ${t.stat} < ${fmt(t.target)}`;
    rows.push([what, t.stat === 'overhead' ? (t.value === null ? '–' : `${fmt(t.value)}x`) : fmt(t.value), t.met === null ? 'not run' : t.met ? 'met' : 'NOT MET']);
  }
  out.push(table(rows));
  return out.join('\n');
}

// ---- the command ----

const USAGE = `Usage: npm run bench -- [--json] [--only typical|large] [--scale <0..1>] [--cache-dir <dir>]
       npm run bench -- --ui [--runs <n>] [--skip-build] [--json] [--cache-dir <dir>]

  --json         print one JSON object on stdout (progress goes to stderr)
  --only NAME    run only the typical or the large workload
  --scale X      shrink every workload by X (0 < X <= 1) for a quick run
  --cache-dir D  where seeded vaults are kept and reused (default .bench-cache)
  --ui           instead, the UI at 1,000 clients in Chromium through the web host: a dossier,
                 the Timeline, Follow-ups and the first search result, from click to content
  --runs N       UI runs to take the median of (default 5)
  --skip-build   UI: use the app already built in out/ (default: build it first)`;

export type Options = (BenchOptions & { json: boolean; ui: false }) | (UiOptions & { json: boolean; ui: true });

export function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      scale: { type: 'string', default: '1' },
      'cache-dir': { type: 'string', default: path.join(ROOT, '.bench-cache') },
      help: { type: 'boolean', short: 'h', default: false },
      ui: { type: 'boolean', default: false },
      runs: { type: 'string', default: '5' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const cacheDir = path.resolve(values['cache-dir']!);
  if (values.ui) {
    if (values.only !== undefined || values.scale !== '1') throw new Error('--only and --scale are for the service benchmark, not --ui.');
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error(`--runs must be a whole number from 1 to 50 (got ${values.runs}).`);
    return { json: values.json!, ui: true, runs, clients: 1_000, events: 20_000, cacheDir, build: !values['skip-build'] };
  }
  if (values.runs !== '5' || values['skip-build']) throw new Error('--runs and --skip-build go with --ui.');
  if (values.only !== undefined && values.only !== 'typical' && values.only !== 'large') throw new Error(`--only must be typical or large (got ${values.only}).`);
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be more than 0 and at most 1 (got ${values.scale}).`);
  return { json: values.json!, ui: false, only: values.only as WorkloadName | undefined, scale, cacheDir };
}

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (opts.ui) {
    // Loaded only here: the service benchmark needs no browser.
    const { formatUiReport, runUiBench } = await import('./ui');
    const ui = await runUiBench(opts);
    process.stdout.write(opts.json ? `${JSON.stringify(ui, null, 2)}\n` : `${formatUiReport(ui)}\n`);
    return;
  }
  const report = await runBench(opts);
  log(`done in ${Math.round(report.wallMs / 1000)} s`);
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
