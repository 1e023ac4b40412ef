/**
 * Argon2id in a short-lived worker thread: its 256 MiB heap belongs to that worker and is given back
 * to the system when the worker exits, and the thread that asked (the core's) stays free meanwhile.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { KEY_BYTES, type KdfParams, encodeUtf8, wipe } from './crypto';

const SODIUM_PATH = createRequire(__filename).resolve('libsodium-wrappers-sumo');

// Plain CommonJS, run with eval so the bundler needs no entry of its own for it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodium);
sodium.ready.then(() => {
  const pw = new Uint8Array(workerData.passphrase);
  try {
    const key = sodium.crypto_pwhash(workerData.bytes, pw, new Uint8Array(workerData.salt), workerData.ops, workerData.mem, sodium.crypto_pwhash_ALG_ARGON2ID13);
    parentPort.postMessage({ key }, [key.buffer]);
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  } finally {
    sodium.memzero(pw);
  }
});
`;

/** Argon2id of the passphrase (NFC), run in a worker that exits afterwards. */
export function deriveKeyInWorker(passphrase: string, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  const pw = encodeUtf8(passphrase.normalize('NFC'));
  const transfer = pw.buffer.slice(pw.byteOffset, pw.byteOffset + pw.byteLength) as ArrayBuffer;
  wipe(pw);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sodium: SODIUM_PATH, passphrase: transfer, salt: salt.slice().buffer, ops: params.opsLimit, mem: params.memLimit, bytes: KEY_BYTES },
      transferList: [transfer],
      // The Argon2 memory lives in the wasm heap; nothing else of size is allocated here.
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    worker.once('message', (m: { key?: Uint8Array; error?: string }) => {
      void worker.terminate();
      if (m.key) resolve(new Uint8Array(m.key.buffer, m.key.byteOffset, m.key.byteLength));
      else reject(new Error(`Key derivation failed: ${m.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`Key derivation worker stopped (${code}).`));
    });
  });
}
