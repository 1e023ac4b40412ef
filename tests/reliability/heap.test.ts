/**
 * Secrets in memory after lock (best effort in JavaScript).
 *
 * In this process: after vault.lock every data method of the contract answers VAULT_LOCKED and
 * the vault's key buffers are zero.
 *
 * In a child process (--expose-gc): a canary written through every path that decrypts or holds
 * data, then lock and garbage collection; the JavaScript heap snapshot must hold no copy of it,
 * in UTF-8 or UTF-16, while a control canary the child still holds is found. The child's whole
 * memory (/proc/<pid>/mem, where readable) is also searched and the copies found are reported:
 * freed memory is not zeroed by V8, malloc or WebAssembly, so that figure documents what a memory
 * dump after lock could still show (see docs/SECURITY.md). The snapshot is deleted afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { METHOD_NAMES } from '../../src/shared/contract';
import { type ChildBundle, bundleChild } from '../support/childBundle';
import { canaryFor } from '../support/child-heap';
import { specOf, validInput } from '../support/inputs';
import { keysOf, vaultOf } from '../support/internals';
import { seedRecords } from '../support/records';
import { PASSPHRASE, ok, testCore } from '../support/vault';

let bundle: ChildBundle;
let work: string;

beforeAll(() => {
  bundle = bundleChild('tests/support/child-heap.ts', ['--expose-gc']);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-heap-'));
});

afterAll(() => {
  bundle?.remove();
  if (work) fs.rmSync(work, { recursive: true, force: true }); // the snapshot holds clear text
});

/** Occurrences of a string in a buffer, as UTF-8 and as UTF-16LE. */
function occurrences(haystack: Buffer, needle: string): { utf8: number; utf16: number; contexts: string[] } {
  const count = (n: Buffer, contexts?: string[]) => {
    let hits = 0;
    for (let i = haystack.indexOf(n); i >= 0; i = haystack.indexOf(n, i + 1)) {
      hits++;
      if (contexts && contexts.length < 5) {
        contexts.push(haystack.subarray(Math.max(0, i - 60), i + n.length + 60).toString('latin1').replace(/[^\x20-\x7e]/g, '.'));
      }
    }
    return hits;
  };
  const contexts: string[] = [];
  return { utf8: count(Buffer.from(needle, 'utf8'), contexts), utf16: count(Buffer.from(needle, 'utf16le')), contexts };
}

/** Reads every private writable mapping of a live process; returns hits per needle, or null if /proc/<pid>/mem is not readable. */
function scanProcessMemory(pid: number, needles: string[]): { bytes: number; hits: Record<string, number>; regions: Record<string, string[]> } | null {
  let maps: string;
  let fd: number;
  try {
    maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
    fd = fs.openSync(`/proc/${pid}/mem`, 'r');
  } catch {
    return null;
  }
  const hits: Record<string, number> = Object.fromEntries(needles.map((n) => [n, 0]));
  const regions: Record<string, string[]> = Object.fromEntries(needles.map((n) => [n, []]));
  const patterns = needles.flatMap((n) => [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le')].map((b) => ({ n, b })));
  const CHUNK = 8 * 1024 * 1024;
  const OVERLAP = 256;
  const buf = Buffer.alloc(CHUNK + OVERLAP);
  let bytes = 0;
  try {
    for (const line of maps.split('\n')) {
      const m = /^([0-9a-f]+)-([0-9a-f]+) rw-p \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (!m) continue;
      const start = Number.parseInt(m[1], 16);
      const end = Number.parseInt(m[2], 16);
      const name = m[4] || '[anonymous]';
      for (let at = start; at < end; at += CHUNK) {
        const len = Math.min(CHUNK + OVERLAP, end - at);
        let read = 0;
        try {
          read = fs.readSync(fd, buf, 0, len, at);
        } catch {
          break; // unreadable mapping (guard pages and the like)
        }
        bytes += Math.min(read, CHUNK);
        const view = buf.subarray(0, read);
        for (const { n, b } of patterns) {
          for (let i = view.indexOf(b); i >= 0 && i < CHUNK; i = view.indexOf(b, i + 1)) {
            hits[n]++;
            if (!regions[n].includes(name)) regions[n].push(name);
          }
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, hits, regions };
}

test('after lock, every data method answers VAULT_LOCKED and the key buffers are zero', async () => {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await seedRecords(core);
  await ok(core, 'search.query', { q: 'acme' });
  const vault = vaultOf(core)!;
  const buffers = keysOf(vault)!;
  expect(buffers.length).toBeGreaterThanOrEqual(1);
  expect(buffers.every((b) => b.length === 32 && b.some((x) => x !== 0))).toBe(true);

  await ok(core, 'vault.lock', {});
  expect(buffers.map((b) => b.every((x) => x === 0))).toEqual(buffers.map(() => true));
  expect(keysOf(vault)).toBeNull();
  const answers: Record<string, string> = {};
  for (const method of METHOD_NAMES.filter((m) => specOf(m).data)) {
    const r = await core.call(method, validInput(method));
    answers[method] = r.ok ? 'ok' : r.error.code;
  }
  // A method may refuse bad references first (NOT_FOUND for a letter template id), never with data.
  const refused = Object.entries(answers).filter(([, code]) => code === 'VAULT_LOCKED').length;
  expect(Object.entries(answers).filter(([, code]) => code === 'ok')).toEqual([]);
  expect(refused).toBe(Object.keys(answers).length);
  await core.dispose();
});

test('a canary written before lock is not in a heap snapshot after lock (and the control canary is)', { timeout: 180_000 }, async () => {
  const seed = randomBytes(16).toString('hex');
  const canary = canaryFor(seed).digits;
  const control = canaryFor(`${seed}/control`).digits;
  const dataDir = path.join(work, 'data');
  const child: ChildProcess = spawn(process.execPath, [...bundle.args, dataDir, seed, work], {
    env: { ...bundle.env, RAPPORT_HEAP_CHILD: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = new RegExp(`^${prefix} (.*)$`, 'm').exec(out);
        if (m) {
          child.stdout!.off('data', check);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', check);
      void exited.then(() => reject(new Error(`child exited before ${prefix}: ${err}`)));
      check();
    });

  try {
    const report = JSON.parse(await line('LOCKED')) as {
      pid: number;
      gc: boolean;
      keyBuffers: number;
      nonZeroBefore: number;
      nonZeroAfter: number;
      keysGone: boolean;
      refused: Record<string, string>;
      exportBytes: number;
    };
    expect(report.gc).toBe(true);
    expect(report.nonZeroBefore).toBe(report.keyBuffers);
    expect(report.nonZeroAfter).toBe(0);
    expect(report.keysGone).toBe(true);
    expect(Object.values(report.refused)).toEqual(Object.values(report.refused).map(() => 'VAULT_LOCKED'));
    expect(report.exportBytes).toBeGreaterThan(1000);

    const memory = scanProcessMemory(report.pid, [canary]);
    child.stdin!.write('snapshot\n');
    const [file] = (await line('SNAPSHOT')).split(' ');
    const snapshot = fs.readFileSync(file);
    fs.rmSync(file, { force: true }); // clear text: gone before any assertion can fail
    child.stdin!.write('exit\n');
    const { wasmHits, wasmBytes, wasmKeyHits } = JSON.parse(await line('WASM')) as { wasmHits: number; wasmBytes: number; wasmKeyHits: number };
    child.stdin!.end();

    const found = occurrences(snapshot, canary);
    const controlFound = occurrences(snapshot, control);
    const memoryFigure = memory
      ? `${memory.hits[canary]} in the process's ${Math.round(memory.bytes / 1048576)} MiB of writable memory (${memory.regions[canary].join(', ') || 'none'})`
      : 'process memory not readable here';
    console.log(
      `heap: snapshot of ${Math.round(snapshot.length / 1048576)} MiB after lock: canary found ${found.utf8} (UTF-8) + ${found.utf16} (UTF-16) times` +
        `${found.contexts.length ? ` [${found.contexts.join(' | ')}]` : ''}; control canary found ${controlFound.utf8}; ` +
        `${report.keyBuffers} key buffers zeroed; raw memory: canary ${memoryFigure}, of which ${wasmHits} in libsodium's ${Math.round(wasmBytes / 1048576)} MiB WebAssembly heap; ` +
        `key buffers with a copy left in that heap: ${wasmKeyHits} of ${report.keyBuffers}`,
    );
    expect(controlFound.utf8 + controlFound.utf16, 'the search finds a string the child still holds').toBeGreaterThan(0);
    expect({ utf8: found.utf8, utf16: found.utf16, contexts: found.contexts }).toEqual({ utf8: 0, utf16: 0, contexts: [] });
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const f of fs.readdirSync(work)) if (f.endsWith('.heapsnapshot')) fs.rmSync(path.join(work, f), { force: true });
  }
});
