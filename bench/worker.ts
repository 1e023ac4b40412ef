/**
 * One step of the benchmark in a process of its own (started by bench/run.ts; stdout is unused,
 * progress goes to stderr, results to a JSON file):
 *
 *   worker.ts seed <workload.json> <encrypted|plain> <vault file> <meta.json out>
 *   worker.ts twin <encrypted vault> <its meta.json> <plain vault file> <meta.json out>
 *   worker.ts measure <vault file> <meta.json> <import.csv> <result.json out> [quick|full]
 */
import fs from 'node:fs';
import type { Workload } from './config';
import { measureVault } from './measure';
import type { Mode, SeededMeta } from './common';
import { buildVault } from './seed';
import { buildPlainTwin } from './twin';

const log = (msg: string) => process.stderr.write(`[bench ${Math.round(process.uptime())}s] ${msg}\n`);

async function main(argv: string[]): Promise<void> {
  const [step, ...args] = argv;
  if (step === 'seed') {
    const [workloadFile, mode, vaultFile, metaOut] = args;
    const workload = JSON.parse(fs.readFileSync(workloadFile, 'utf8')) as Workload;
    const meta = await buildVault(vaultFile, workload, mode as Mode, log);
    fs.writeFileSync(metaOut, JSON.stringify(meta, null, 2));
  } else if (step === 'twin') {
    const [encFile, encMetaFile, plainFile, metaOut] = args;
    const encMeta = JSON.parse(fs.readFileSync(encMetaFile, 'utf8')) as SeededMeta;
    const meta = await buildPlainTwin(encFile, encMeta, plainFile, log);
    fs.writeFileSync(metaOut, JSON.stringify(meta, null, 2));
  } else if (step === 'measure') {
    const [vaultFile, metaFile, importFile, out, speed] = args;
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as SeededMeta;
    const result = await measureVault(vaultFile, meta, importFile, log, speed === 'quick');
    fs.writeFileSync(out, JSON.stringify(result));
  } else {
    throw new Error(`unknown step ${step}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
