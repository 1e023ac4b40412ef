// Static scan of the Electron code (src/, or the folder given) with Doyensec's electronegativity. Fails on any HIGH or
// CRITICAL finding not explained in EXPLAINED below; prints every finding.
//
// The scan runs through the tool's own runner and its findings are read in memory: its CSV report
// is written with two racing asynchronous writes (header, then rows appended), so now and then it
// came out garbled or without its rows; its SARIF report leaves out the severity.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Findings reviewed and accepted, with the reason (check id -> why). */
const EXPLAINED = {};

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js');
const input = path.resolve(process.argv[2] ?? 'src');
const { issues, errors } = await run(
  { input, isRelative: true, isVerbose: false, electronVersionOverride: '45.0.0', parserPlugins: [] },
  false,
);
if (errors.length > 0) {
  for (const e of errors) console.error(`electronegativity could not check ${e.file}: ${e.message ?? e.sample ?? ''}`);
  process.exit(1);
}
const findings = issues.map((i) => ({
  check: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  where: `${i.file}:${i.location.line}:${i.location.column}`,
  description: i.description,
}));
const out = path.resolve('artifacts/electronegativity.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(findings, null, 2));
const blocking = findings.filter((f) => /HIGH|CRITICAL/.test(f.severity) && !(f.check in EXPLAINED));
for (const f of findings) console.log(`${f.severity.padEnd(8)} ${f.confidence.padEnd(10)} ${f.check} ${f.where}`);
console.log(`electronegativity: ${findings.length} findings, ${blocking.length} high or critical unexplained`);
if (blocking.length > 0) process.exit(1);
