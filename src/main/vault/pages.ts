/**
 * A keyed digest of which version of every page a closed database file holds.
 *
 * Each page is sealed with a fresh random nonce and a Poly1305 tag in its last 32 bytes, so those
 * bytes change whenever the page is written. Page MACs alone cannot tell a page put back from an
 * older copy of the same vault (same key, same page number) from the current one; this digest,
 * kept in the key file under a MAC, can: a file whose pages are not the ones Rapport closed it
 * with is refused at the next unlock. It describes a file with no WAL beside it (a clean close).
 */
import fs from 'node:fs';
import { deriveSubkey, sodiumLoaded, wipe } from './crypto';

const CONTEXT_PAGES = 'rapportp';
/** The nonce and tag SQLite3MultipleCiphers' ChaCha20-Poly1305 keeps at the end of each page. */
const PAGE_TRAILER = 32;
const CHUNK_PAGES = 1024;

export function pageDigest(file: string, dbKey: Uint8Array): Uint8Array {
  const sodium = sodiumLoaded();
  const key = deriveSubkey(dbKey, 1, CONTEXT_PAGES);
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(24);
    fs.readSync(fd, head, 0, 24, 0);
    // Bytes 16-17 of the header stay in clear: the page size (1 means 65536).
    const raw = head.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw || 4096;
    const state = sodium.crypto_generichash_init(key, 32);
    const sizeBytes = Buffer.alloc(8);
    sizeBytes.writeBigUInt64BE(BigInt(size));
    sodium.crypto_generichash_update(state, sizeBytes);
    const chunk = Buffer.alloc(pageSize * CHUNK_PAGES);
    for (let at = 0; at < size; at += chunk.length) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, at);
      const pages = Math.ceil(n / pageSize);
      const trailers = Buffer.alloc(pages * PAGE_TRAILER);
      for (let p = 0; p < pages; p++) {
        const end = Math.min((p + 1) * pageSize, n);
        chunk.copy(trailers, p * PAGE_TRAILER, Math.max(end - PAGE_TRAILER, p * pageSize), end);
      }
      sodium.crypto_generichash_update(state, trailers);
    }
    return sodium.crypto_generichash_final(state, 32);
  } finally {
    fs.closeSync(fd);
    wipe(key);
  }
}
