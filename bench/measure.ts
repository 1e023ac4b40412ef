/**
 * Measures one seeded vault (encrypted, or its plain-SQLite twin) through the service layer the API
 * uses. Runs in a process of its own, so peak_rss_mb is this vault's alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ClientRecord, listClients } from '../src/main/services/clients';
import type { ServiceDeps } from '../src/main/services/deps';
import { getDossier } from '../src/main/services/dossier';
import { quarterOf } from '../src/main/services/engagements';
import { computeSignals } from '../src/main/services/reviews';
import { commitImport } from '../src/main/services/importing/commit';
import { BatchRegistry } from '../src/main/services/letters';
import { exportLetter } from '../src/main/services/letters/letters';
import { runBatch } from '../src/main/services/letters/batch';
import { ImportPreviews, previewImport } from '../src/main/services/importing/preview';
import { search } from '../src/main/services/search';
import { DEFAULT_DIRECTION, sortClients } from '../src/renderer/src/screens/clients/sortClients';
import { type EntryRecord, addEntry, queryTimeline } from '../src/main/services/timeline';
import { DEFAULT_KDF, deriveFromPassphrase, loadSodium, randomBytes } from '../src/main/vault/crypto';
import { Vault } from '../src/main/vault/vault';
import { BENCH_KDF, BENCH_NOW, type MetricName, PASSPHRASE } from './config';
import { type Mode, type SeededMeta, rng, vaultOptions } from './common';
import { IMPORT_MAPPING } from './importCsv';
import { median, round } from './stats';

export interface RawMetric {
  /** One number per repetition (null: not measured). */
  samples: number[] | null;
  note?: string;
}

export interface MeasureResult {
  mode: Mode;
  metrics: Record<MetricName, RawMetric>;
  queries: { text: string; kind: string }[];
  /** Results per query of the first round (a sanity check that the plain and encrypted runs agree). */
  hits: number[];
}

export interface RepeatPolicy {
  min: number;
  max: number;
  budgetMs: number;
}

/** Runs fn at least `min` times, then until `max` runs or the budget is spent; returns ms per run. */
export async function repeatRuns(fn: (i: number) => unknown, p: RepeatPolicy): Promise<number[]> {
  const out: number[] = [];
  const start = performance.now();
  while (out.length < p.max && (out.length < p.min || performance.now() - start < p.budgetMs)) {
    const t = performance.now();
    await fn(out.length);
    out.push(performance.now() - t);
  }
  return out;
}

const WORD = /[\p{L}\p{N}]{4,}/gu;
const STOP = new Set(['that', 'this', 'with', 'from', 'have', 'they', 'their', 'about', 'will', 'were', 'been', 'what', 'when', 'which', 'would', 'there', 'after', 'before', 'into', 'over', 'also', 'them']);
const words = (text: string) => (text.match(WORD) ?? []).filter((w) => !STOP.has(w.toLowerCase()));

/** 50 mixed queries from the vault's own data: names, personal facts, timeline words, prefixes. */
export async function buildQueries(vault: Vault, clients: { id: string; data: ClientRecord }[]): Promise<{ text: string; kind: string }[]> {
  const random = rng(4242);
  const pickOne = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const sample = [...clients].sort((a, b) => (a.id < b.id ? -1 : 1));
  const few = Array.from({ length: Math.min(25, sample.length) }, () => pickOne(sample));
  const entries: EntryRecord[] = [];
  const contacts: string[] = [];
  const facts: string[] = [];
  for (const c of few) {
    for (const e of await vault.all<EntryRecord>('timeline_entries', { column: 'client_id', value: c.id })) entries.push(e.data);
    for (const p of await vault.all<{ name: string }>('contacts', { column: 'client_id', value: c.id })) contacts.push(p.data.name);
    for (const f of await vault.all<{ text: string }>('facts', { column: 'client_id', value: c.id })) facts.push(f.data.text);
  }
  let factSource = 'facts';
  if (facts.length === 0) {
    // No personal facts in this vault yet: promises and follow-ups stand in for them.
    factSource = 'expectation items and follow-ups (no facts seeded)';
    for (const c of few) {
      for (const i of await vault.all<{ text: string }>('expectation_items', { column: 'client_id', value: c.id })) facts.push(i.data.text);
      for (const f of await vault.all<{ reason: string }>('follow_ups', { column: 'client_id', value: c.id })) facts.push(f.data.reason);
    }
  }
  const q: { text: string; kind: string }[] = [];
  const add = (kind: string, text: string | undefined) => text && q.push({ kind, text });
  for (let i = 0; i < 10; i++) add('client name', pickOne(sample).data.name);
  for (let i = 0; i < 6 && contacts.length; i++) add('contact name', pickOne(contacts).split(' ').at(-1));
  for (let i = 0; i < 10 && facts.length; i++) add(`fact (${factSource})`, pickOne(words(pickOne(facts))));
  for (let i = 0; i < 10 && entries.length; i++) add('timeline word', pickOne(words(pickOne(entries).body || pickOne(entries).summary)));
  for (let i = 0; i < 4 && entries.length; i++) add('timeline words', words(pickOne(entries).summary).slice(0, 2).join(' '));
  for (let i = 0; i < 6; i++) add('name prefix', pickOne(words(pickOne(sample).data.name))?.slice(0, 3));
  for (let i = 0; i < 4 && entries.length; i++) add('word prefix', pickOne(words(pickOne(entries).summary))?.slice(0, 4));
  while (q.length < 50) add('client name', pickOne(sample).data.name);
  return q.slice(0, 50);
}

/** With `quick` (tiny scales, tests), every metric runs only a couple of times. */
export async function measureVault(
  file: string,
  meta: SeededMeta,
  importFile: string,
  log: (msg: string) => void,
  quick = false,
): Promise<MeasureResult> {
  const mode = meta.mode;
  const tag = `${meta.workload.name}/${mode}`;
  const large = meta.workload.clients >= 1_000;
  const repeat = (fn: (i: number) => unknown, p: RepeatPolicy) =>
    repeatRuns(fn, quick ? { min: Math.min(p.min, 2), max: Math.min(p.max, 2), budgetMs: 0 } : p);
  const rssAtStart = process.memoryUsage().rss;
  await loadSodium();
  const metrics = {} as Record<MetricName, RawMetric>;
  const vault = await Vault.open(file, vaultOptions(mode));
  const deps: ServiceDeps = { vault, clock: { now: () => BENCH_NOW } };
  try {
    let kdfGrowth = 0;
    // unlock_kdf_ms: the production parameters, whatever this bench vault's own slot uses.
    if (mode === 'encrypted') {
      log(`${tag}: unlock_kdf_ms`);
      const salt = randomBytes(16);
      const before = process.memoryUsage().rss;
      metrics.unlock_kdf_ms = { samples: await repeat(() => deriveFromPassphrase(PASSPHRASE, salt, DEFAULT_KDF), { min: 3, max: 3, budgetMs: 0 }) };
      kdfGrowth = process.memoryUsage().rss - before;
    } else {
      metrics.unlock_kdf_ms = { samples: null, note: 'plain SQLite derives no key' };
    }
    // The bench slot's own derivation (8 KiB, 1 pass) is subtracted from each unlock.
    const salt = randomBytes(16);
    const cheapKdf = mode === 'encrypted' ? median(await repeat(() => deriveFromPassphrase(PASSPHRASE, salt, BENCH_KDF), { min: 20, max: 20, budgetMs: 0 })) : 0;

    log(`${tag}: unlock_to_list_ms`);
    const unlockList = await repeat(
      async () => {
        vault.lock();
        await vault.unlock(PASSPHRASE);
        // The list screen's default order, as the renderer sorts it.
        const page = sortClients(await listClients(deps), 'lastContact', DEFAULT_DIRECTION.lastContact).slice(0, 100);
        if (page.length === 0) throw new Error('empty client list');
      },
      { min: 3, max: 10, budgetMs: large ? 15_000 : 5_000 },
    );
    metrics.unlock_to_list_ms = { samples: unlockList.map((t) => t - cheapKdf) };

    log(`${tag}: client_list_ms`);
    const wanted = new Set(['onboarding', 'active', 'issue-resolution']);
    metrics.client_list_ms = {
      samples: await repeat(
        async () => {
          sortClients(
            (await listClients(deps)).filter((c) => wanted.has(c.stage)),
            'lastContact',
            DEFAULT_DIRECTION.lastContact,
          );
        },
        { min: 5, max: 30, budgetMs: 8_000 },
      ),
    };

    log(`${tag}: dossier_open_ms`);
    const id = meta.dossierClientId;
    const dossierSamples = await repeat(
      async () => {
        // What the dossier screen asks for at once: the dossier, and its timeline view's first page.
        const [dossier, timeline] = await Promise.all([getDossier(deps, { id }), queryTimeline(deps, { clientId: id, limit: 100 }).then((t) => t.entries)]);
        if (!dossier.client || timeline.length === 0) throw new Error('empty dossier');
      },
      { min: 5, max: 30, budgetMs: 8_000 },
    );
    metrics.dossier_open_ms = {
      samples: dossierSamples,
      note: `reopening; the first open since unlock (nothing of this client read yet): ${round(dossierSamples[0])} ms`,
    };

    log(`${tag}: add_entry_ms`);
    const clients = await vault.all<ClientRecord>('clients');
    const targets = [...clients].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, 40);
    metrics.add_entry_ms = {
      samples: await repeat(
        (i) =>
          addEntry(deps, {
            clientId: targets[i % targets.length].id,
            kind: 'call',
            occurredAt: BENCH_NOW.toISOString(),
            summary: `Benchmark call ${i}`,
            body: 'Talked through the quarterly figures and the renewal.',
          }),
        { min: 10, max: 40, budgetMs: 6_000 },
      ),
    };

    log(`${tag}: review_signals_ms`);
    const ids = clients.map((c) => c.id);
    const quarter = quarterOf(BENCH_NOW.toISOString().slice(0, 10));
    const reviewSamples = await repeat(
      async () => {
        const signals = await computeSignals(deps, ids, quarter);
        if (signals.length !== ids.length) throw new Error('signals missing');
      },
      { min: 3, max: 10, budgetMs: large ? 20_000 : 5_000 },
    );
    metrics.review_signals_ms = {
      samples: reviewSamples,
      note: `the first review since unlock (its pages not yet read and decrypted): ${round(reviewSamples[0])} ms`,
    };

    // search_ms: FTS5 in the database (migration 0003): no index to build, the first query is timed too.
    log(`${tag}: search_ms`);
    const queries = await buildQueries(vault, clients);
    const hits: number[] = [];
    const searchTimes: number[] = [];
    const start = performance.now();
    for (let round = 0; round < (quick ? 1 : 5) && (round < 2 || performance.now() - start < 10_000); round++) {
      for (const query of queries) {
        const t = performance.now();
        const groups = await search(vault, query.text);
        searchTimes.push(performance.now() - t);
        if (round === 0) hits.push(groups.reduce((n, g) => n + g.hits.length, 0));
      }
    }
    metrics.search_ms = { samples: searchTimes, note: `the first query after unlock: ${round(searchTimes[0])} ms` };

    // letters_per_s: a batch of PDF letters (render, write with fsync, record on the timeline), as the API does.
    log(`${tag}: letters_per_s`);
    const letterDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-letters-'));
    try {
      const letterDeps = { ...deps, batches: new BatchRegistry() };
      const batchSize = quick ? 5 : 40;
      const letterClients = targets.slice(0, batchSize).map((c) => c.id);
      // Warm-up, not timed: loads the PDF renderer and parses the fonts once, as the app's first letter does.
      await exportLetter(letterDeps, { templateId: 'builtin:check-in', clientId: letterClients[0], format: 'pdf', path: path.join(letterDir, 'warm-up.pdf'), allowMissing: true });
      const single = await repeat(
        (i) => exportLetter(letterDeps, { templateId: 'builtin:check-in', clientId: letterClients[i % letterClients.length], format: 'pdf', path: path.join(letterDir, `single-${i}.pdf`), allowMissing: true }),
        { min: 3, max: 10, budgetMs: 4_000 },
      );
      const batchMs = await repeat(
        () => runBatch(letterDeps, { templateId: 'builtin:check-in', clientIds: letterClients, folder: fs.mkdtempSync(path.join(letterDir, 'batch-')), format: 'pdf', allowMissing: true }),
        { min: 1, max: 3, budgetMs: 20_000 },
      );
      metrics.letters_per_s = {
        samples: batchMs.map((ms) => letterClients.length / (ms / 1000)),
        note: `batches of ${letterClients.length}; one letter at a time: ${round(1000 / median(single))} letters/s (median ${Math.round(median(single))} ms)`,
      };
    } finally {
      fs.rmSync(letterDir, { recursive: true, force: true });
    }
    // import_rows_per_s: a 10,000-row CSV, previewed then committed (one transaction), as the API does.
    log(`${tag}: import_rows_per_s`);
    const text = fs.readFileSync(importFile, 'utf8');
    const rows = text.trimEnd().split('\n').length - 1;
    const previews = new ImportPreviews();
    const importMs = await repeat(
      async () => {
        const preview = await previewImport(deps, previews, { format: 'csv', text, mapping: IMPORT_MAPPING });
        if (!preview.previewId) throw new Error('the import preview needs a column mapping');
        const report = await commitImport(deps, previews, { previewId: preview.previewId });
        const { created, merged, skipped } = report.counts;
        if (created + merged + skipped !== rows) throw new Error(`handled ${created + merged + skipped} of ${rows} rows`);
      },
      { min: 1, max: 1, budgetMs: 0 },
    );
    metrics.import_rows_per_s = { samples: importMs.map((ms) => rows / (ms / 1000)), note: `${rows.toLocaleString('en-GB')}-row CSV, preview + commit, one run` };
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    metrics.peak_rss_mb = {
      samples: [process.resourceUsage().maxRSS / 1024],
      note:
        `${mb(rssAtStart)} MB at start (node, tsx, modules)` +
        (kdfGrowth > 0 ? `; Argon2id grew libsodium's WebAssembly heap by ${mb(kdfGrowth)} MB, never given back` : ''),
    };
    return { mode, metrics, queries, hits };
  } finally {
    await vault.close();
  }
}
