/**
 * Child process for tests/reliability/heap.test.ts (run bundled, with --expose-gc):
 *
 *   node --expose-gc child-heap.cjs <dataDir> <seed> <snapshotDir>
 *
 * Creates a vault, writes a canary (derived from <seed>, so it exists in this process only as
 * what the API handled) through every path that decrypts or holds data: clients, contacts, facts,
 * timeline, follow-ups, search, dossier, letter text, import preview, a delete
 * kept for undo, a plain export. Locks through the API, checks that every key buffer is now zero
 * and that data calls answer VAULT_LOCKED, collects garbage, and prints `LOCKED {...}`; waits for
 * a line on stdin (the parent reads this process's memory meanwhile), writes a heap snapshot while
 * holding a second, control canary (which the search must find), prints `SNAPSHOT <file>`; at the
 * next line counts the copies left in libsodium's WebAssembly heap, prints `WASM {...}` and exits. Runs only with RAPPORT_HEAP_CHILD=1 (the test imports canaryFor).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import v8 from 'node:v8';
import { RapportCore } from '../../src/main/core';
import { loadSodium } from '../../src/main/vault/crypto';
import type { Result } from '../../src/shared/errors';
import { keysOf, stopTimers, vaultOf } from './internals';
import { TEST_VAULT_OPTIONS } from './options';

/**
 * The canary for a seed (the parent computes the same): `CANARY` and 26 random hex digits. Searches
 * look for the digits alone, which any copy holds, even a V8 cons string (a concatenation kept as
 * its two parts, which a heap snapshot lists separately).
 */
export function canaryFor(seed: string): { canary: string; digits: string } {
  const digits = createHash('sha256').update(seed).digest('hex').slice(0, 26).toUpperCase();
  return { canary: `CANARY${digits}`, digits };
}

const PASS = 'heap test pelican marmalade 42 orbit';

/** Inputs cross a structured clone, as Electron's IPC does (fresh, flat strings in this process). */
async function call<T>(core: RapportCore, method: string, input: unknown): Promise<T> {
  const r = (await core.call(method, structuredClone(input))) as Result<T>;
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Writes and reads the canary everywhere; returns one result that holds it (the control). */
async function useCanary(core: RapportCore, seed: string): Promise<unknown> {
  const { canary } = canaryFor(seed);
  const client = await call<{ id: string }>(core, 'clients.create', { kind: 'organisation', name: `Client ${canary}`, notes: `Notes ${canary}` });
  const contact = await call<{ id: string }>(core, 'contacts.create', { clientId: client.id, name: `Contact ${canary}`, role: canary });
  await call(core, 'facts.add', { clientId: client.id, contactId: contact.id, type: 'health', text: `Fact ${canary}`, sensitivity: 'private' });
  await call(core, 'timeline.add', { clientId: client.id, kind: 'meeting', occurredAt: '2026-11-20T10:00:00Z', summary: `Meeting ${canary}`, body: `Body ${canary}` });
  await call(core, 'followUps.create', { clientId: client.id, reason: `Follow ${canary}`, dueOn: '2026-12-01' });
  await call(core, 'search.query', { q: canary.slice(0, 12) });
  await call(core, 'clients.dossier', { id: client.id });
  await call(core, 'clients.list', {});
  await call(core, 'letters.plainText', { templateId: 'builtin:check-in', clientId: client.id, contactId: contact.id });
  await call(core, 'import.preview', { format: 'csv', text: `Name,E-mail\r\nImported ${canary},x@example.com\r\n`, mapping: { name: 'Name', email: 'E-mail' } });
  const doomed = await call<{ id: string }>(core, 'clients.create', { kind: 'person', name: `Deleted ${canary}` });
  await call(core, 'clients.delete', { id: doomed.id }); // kept decrypted for undo until lock
  return call(core, 'export.plain', { passphrase: PASS, confirmUnencrypted: true, format: 'json' });
}

function nonZero(b: Uint8Array): boolean {
  return b.some((x) => x !== 0);
}

async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 6; i++) {
    gc?.();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 20));
  }
}

function nextLine(): Promise<void> {
  return new Promise((resolve) => process.stdin.once('data', () => resolve()));
}

async function main(): Promise<void> {
  const [dataDir, seed, snapshotDir] = process.argv.slice(2);
  const core = new RapportCore(
    { dataDir, host: { platform: 'web', choose: async () => ({ supported: false, path: null }) } },
    TEST_VAULT_OPTIONS,
  );
  await core.start();
  stopTimers(core);
  const sodium = await loadSodium();
  await call(core, 'vault.create', { passphrase: PASS });

  const exportBytes = JSON.stringify(await useCanary(core, seed)).length;
  const vault = vaultOf(core)!;
  const buffers = keysOf(vault)!;
  const nonZeroBefore = buffers.filter(nonZero).length;
  const keyCopies = buffers.map((b) => Buffer.from(b)); // outside the WebAssembly heap, for the last count

  await call(core, 'vault.lock', {});
  const nonZeroAfter = buffers.filter(nonZero).length;
  const refused: Record<string, string> = {};
  for (const [method, input] of [
    ['clients.list', {}],
    ['search.query', { q: 'client' }],
    ['export.plain', { passphrase: PASS, confirmUnencrypted: true, format: 'json' }],
    ['timeline.query', {}],
    ['settings.get', {}],
  ] as const) {
    const r = await core.call(method, input);
    refused[method] = r.ok ? 'ok' : r.error.code;
  }
  await collectGarbage();
  const report = {
    pid: process.pid,
    gc: typeof (globalThis as { gc?: unknown }).gc === 'function',
    keyBuffers: buffers.length,
    nonZeroBefore,
    nonZeroAfter,
    keysGone: keysOf(vault) === null,
    refused,
    exportBytes,
  };
  process.stdout.write(`LOCKED ${JSON.stringify(report)}\n`);
  await nextLine();

  // The control: a canary this process still holds must be found by the same search.
  const control = [canaryFor(`${seed}/control`).canary];
  const file = v8.writeHeapSnapshot(path.join(snapshotDir, 'locked.heapsnapshot'));
  process.stdout.write(`SNAPSHOT ${file} ${control.length}\n`);
  await nextLine();

  // Last (so the needle itself is in neither the snapshot nor the memory the parent read): copies
  // left in libsodium's WebAssembly heap, which its wrappers free without zeroing.
  const heap = (sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
  const wasm = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
  const needle = Buffer.from(canaryFor(seed).digits);
  let wasmHits = 0;
  for (let i = wasm.indexOf(needle); i >= 0; i = wasm.indexOf(needle, i + 1)) wasmHits++;
  const wasmKeyHits = keyCopies.filter((k) => wasm.includes(k)).length;
  process.stdout.write(`WASM ${JSON.stringify({ wasmHits, wasmBytes: wasm.length, wasmKeyHits })}\n`);
  await core.dispose();
  process.exit(0);
}

if (process.env.RAPPORT_HEAP_CHILD === '1') {
  main().catch((e: unknown) => {
    process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  });
}
