/**
 * `npm run bench -- --ui`: issue 13's UI targets, measured in Chromium through the web host on a
 * 1,000-client vault. Each run reloads the page (so nothing is served from the page's query cache)
 * and times, from the click (or the typing) to the content being visible:
 *
 * - a dossier: its heading, then the first row of its timeline;
 * - the Timeline section: its first entry;
 * - Follow-ups: the Today section's first follow-up (or its "nothing due" line);
 * - search: the first result.
 *
 * Times are taken in this process around Playwright's waits, so they include a few milliseconds of
 * Playwright's own round trips. The seeded vault is kept in the cache folder and reused.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Locator, type Page } from '@playwright/test';
import { median } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PASSPHRASE = 'bench ui passphrase 1000 clients';
const log = (msg: string) => process.stderr.write(`[bench ui ${Math.round(process.uptime())}s] ${msg}\n`);

export interface UiOptions {
  runs: number;
  clients: number;
  events: number;
  cacheDir: string;
  /** Build the app first (out/main/webhost.js); off when it is known to be fresh. */
  build: boolean;
}

/** Issue 13's targets, ms from the click to the content. */
export const UI_TARGETS = {
  dossier: 300,
  dossierTimeline: null,
  timeline: 1000,
  followUps: 500,
  search: 300,
} as const satisfies Record<string, number | null>;

export type UiMetric = keyof typeof UI_TARGETS;

export const UI_LABELS: Record<UiMetric, string> = {
  dossier: 'dossier: click a client to its heading',
  dossierTimeline: 'dossier: click a client to its first timeline row',
  timeline: 'Timeline section: click to the first entry',
  followUps: 'Follow-ups: click to the first follow-up',
  search: 'search: typing to the first result',
};

export interface UiReport {
  benchmark: 'rapport-ui';
  startedAt: string;
  vault: { clients: number; events: number };
  runs: number;
  loadAverage: { before: number[]; after: number[] };
  metrics: Record<UiMetric, { median: number | null; min: number | null; max: number | null; samples: number[]; target: number | null; met: boolean | null }>;
}

/** Median, range and the target's verdict for each metric's samples. */
export function summarise(samples: Record<UiMetric, number[]>): UiReport['metrics'] {
  const out = {} as UiReport['metrics'];
  for (const name of Object.keys(UI_TARGETS) as UiMetric[]) {
    const xs = samples[name];
    const target = UI_TARGETS[name];
    const m = xs.length ? median(xs) : null;
    out[name] = {
      median: m === null ? null : Math.round(m),
      min: xs.length ? Math.round(Math.min(...xs)) : null,
      max: xs.length ? Math.round(Math.max(...xs)) : null,
      samples: xs.map(Math.round),
      target,
      met: m === null || target === null ? null : m < target,
    };
  }
  return out;
}

/** Debian's Chromium where present, as playwright.config.ts does; override with RAPPORT_CHROMIUM. */
function chromiumPath(): string | undefined {
  if (process.env.RAPPORT_CHROMIUM) return process.env.RAPPORT_CHROMIUM;
  return fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** The seeded vault (and its key file) in the cache, made on first use. */
function seededVault(opts: UiOptions): string {
  const dir = path.join(opts.cacheDir, `ui-${opts.clients}c-${opts.events}e`);
  const vault = path.join(dir, 'vault.rapport');
  if (fs.existsSync(path.join(dir, 'done'))) return vault;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  log(`seeding ${opts.clients} clients and ${opts.events} timeline entries (once; kept in ${dir})`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/seed.ts', '--vault', vault, '--clients', String(opts.clients), '--events', String(opts.events)],
    { cwd: ROOT, env: { ...process.env, RAPPORT_PASSPHRASE: PASSPHRASE }, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr}`);
  fs.writeFileSync(path.join(dir, 'done'), '');
  return vault;
}

/** Starts the web host on a copy of the vault; resolves with its address and a stop function. */
async function startHost(vault: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-ui-'));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  for (const suffix of ['', '.keys']) fs.copyFileSync(vault + suffix, path.join(dataDir, 'vault.rapport' + suffix));
  const urlFile = path.join(dir, 'url');
  let output = '';
  const proc = spawn(process.execPath, ['out/main/webhost.js', '--data-dir', dataDir, '--url-file', urlFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (d) => (output += String(d)));
  proc.stderr?.on('data', (d) => (output += String(d)));
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(urlFile)) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`the web host did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: fs.readFileSync(urlFile, 'utf8').trim(),
    stop: async () => {
      proc.kill('SIGTERM');
      if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Milliseconds from `act` to `until` being visible. */
async function timed(act: () => Promise<void>, until: Locator): Promise<number> {
  const t0 = performance.now();
  await act();
  await until.first().waitFor({ state: 'visible', timeout: 120_000 });
  return performance.now() - t0;
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

/** A fresh page on the client list: nothing in the page's query cache. */
async function freshList(page: Page): Promise<Locator> {
  await page.reload();
  const table = page.getByRole('table', { name: 'Clients' });
  await table.locator('tbody tr[aria-rowindex]').first().waitFor({ timeout: 120_000 });
  return table;
}

export async function runUiBench(opts: UiOptions): Promise<UiReport> {
  const startedAt = new Date().toISOString();
  if (opts.build) {
    log('building the app (electron-vite build)');
    const b = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('the build failed');
  }
  const vault = seededVault(opts);
  const host = await startHost(vault);
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const samples: Record<UiMetric, number[]> = { dossier: [], dossierTimeline: [], timeline: [], followUps: [], search: [] };
  const before = os.loadavg().map((x) => Math.round(x * 100) / 100);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('table', { name: 'Clients' }).locator('tbody tr[aria-rowindex]').first().waitFor({ timeout: 120_000 });
    for (let run = 0; run < opts.runs; run++) {
      log(`run ${run + 1} of ${opts.runs}`);
      // A different client each run, from the rows in view.
      let table = await freshList(page);
      const button = table.locator('tbody tr[aria-rowindex]').nth(run % 8).getByRole('button').first();
      const name = (await button.textContent())!.trim();
      const heading = page.getByRole('heading', { level: 1, name, exact: true });
      const t0 = performance.now();
      await button.click();
      await heading.waitFor({ timeout: 120_000 });
      samples.dossier.push(performance.now() - t0);
      await page.getByRole('list', { name: 'Client timeline' }).getByRole('listitem').or(page.getByText('Nothing on the timeline yet')).first().waitFor({ timeout: 120_000 });
      samples.dossierTimeline.push(performance.now() - t0);

      await freshList(page);
      samples.timeline.push(await timed(() => nav(page, 'Timeline').click(), page.getByRole('list', { name: 'Timeline' }).getByRole('listitem')));

      await freshList(page);
      const today = page.getByRole('region', { name: 'Today' });
      samples.followUps.push(await timed(() => nav(page, 'Follow-ups').click(), today.getByRole('listitem').or(today.getByText('Nothing due today'))));

      table = await freshList(page);
      const query = name.split(/\s+/)[0];
      const search = page.getByRole('textbox', { name: 'Search' });
      await search.click();
      samples.search.push(await timed(() => search.fill(query), page.getByRole('region', { name: 'Search results' }).locator('button[data-hit]')));
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  return {
    benchmark: 'rapport-ui',
    startedAt,
    vault: { clients: opts.clients, events: opts.events },
    runs: opts.runs,
    loadAverage: { before, after: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    metrics: summarise(samples),
  };
}

export function formatUiReport(r: UiReport): string {
  const rows = [['metric', 'median ms', 'min', 'max', 'target', 'met']];
  for (const [name, m] of Object.entries(r.metrics) as [UiMetric, UiReport['metrics'][UiMetric]][]) {
    rows.push([UI_LABELS[name], String(m.median ?? '–'), String(m.min ?? '–'), String(m.max ?? '–'), m.target === null ? '–' : `< ${m.target}`, m.met === null ? '–' : m.met ? 'met' : 'NOT MET']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `Rapport UI benchmark, ${r.startedAt}: ${r.vault.clients} clients, ${r.vault.events} timeline entries, ${r.runs} runs, web host in Chromium`,
    `load average before ${r.loadAverage.before.join(' ')}, after ${r.loadAverage.after.join(' ')} (${os.cpus().length} cores)`,
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}
