// Static scan of the Electron code with Doyensec's electronegativity. Fails on any HIGH or
// CRITICAL finding not explained in EXPLAINED below; prints every finding.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Findings reviewed and accepted, with the reason (check id -> why). */
const EXPLAINED = {};

const out = path.resolve('artifacts/electronegativity.csv');
fs.mkdirSync(path.dirname(out), { recursive: true });
execFileSync(
  process.execPath,
  [path.resolve('node_modules/@doyensec/electronegativity/dist/index.js'), '-i', 'src', '-e', '45.0.0', '-r', '-v', 'false', '-o', out],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const rows = fs
  .readFileSync(out, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));
const blocking = rows.filter(([check, severity]) => /HIGH|CRITICAL/.test(severity) && !(check in EXPLAINED));
for (const [check, severity, confidence, file, location] of rows) {
  console.log(`${severity.replace(/"/g, '').padEnd(8)} ${confidence.replace(/"/g, '').padEnd(10)} ${check} ${file.replace(/"/g, '')}:${location.replace(/"/g, '')}`);
}
console.log(`electronegativity: ${rows.length} findings, ${blocking.length} high or critical unexplained`);
if (blocking.length > 0) process.exit(1);
