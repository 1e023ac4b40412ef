/**
 * The sync folder's format (docs/SYNC.md). The folder is untrusted: anyone with the cloud drive can
 * read, edit, copy, rename or delete its files. It holds:
 *
 *   rapport-sync.keys                       the folder's key slots (keyfile.ts, sealed exactly as a vault's)
 *   devices/<device id>/<sequence>.rseg     per device, an append-only series of segments of change records
 *   snapshots/<device id>-<sequence>.rsnap  the whole vault as that device had it after that segment
 *
 * Every segment and snapshot is XChaCha20-Poly1305 under a subkey of the sync root key, with the
 * synced vault's id, the device id and the sequence number as associated data, so a file edited,
 * renamed, moved to another device's folder or made by someone without the key does not open. Each
 * segment carries the hash of the one before it. Files are written to a hidden temporary name, then
 * renamed; anything whose name is not exactly one of the above (the sync engine's temporary files,
 * `.sync-conflict-…` copies, our own temporary files) is ignored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeUtf8, deriveSubkey, encodeUtf8, hash, open, pad, seal, unpad, wipe } from '../vault/crypto';
import { writeFileAtomic } from '../files';

export const KEYS_BASE = 'rapport-sync';
export const KEYS_FILE = `${KEYS_BASE}.keys`;
export const DEVICES_DIR = 'devices';
export const SNAPSHOTS_DIR = 'snapshots';

const DEVICE_RE = /^[0-9a-f]{16}$/;
const SEGMENT_RE = /^(\d{10})\.rseg$/;
const SNAPSHOT_RE = /^([0-9a-f]{16})-(\d{10})\.rsnap$/;
const CONTEXT = 'rsyncseg';

export const isDeviceId = (s: string) => DEVICE_RE.test(s);
const seqText = (seq: number) => String(seq).padStart(10, '0');

export const segmentPath = (folder: string, device: string, seq: number) => path.join(folder, DEVICES_DIR, device, `${seqText(seq)}.rseg`);
export const snapshotPath = (folder: string, device: string, seq: number) => path.join(folder, SNAPSHOTS_DIR, `${device}-${seqText(seq)}.rsnap`);

/** One change: a record inserted (its whole data), a field set or unset, or a record deleted. */
export interface ChangeRecord {
  /** Hybrid logical clock. */
  h: string;
  /** Table. */
  t: string;
  /** Record id. */
  i: string;
  o: 'ins' | 'set' | 'unset' | 'del';
  /** Field (set, unset). */
  f?: string;
  /** Value: the record's data (ins) or the field's (set). */
  v?: unknown;
  /** Owning client, for rows of client child tables (ins). */
  c?: string;
}

export interface SegmentBody {
  /** Hash of this device's previous segment file (null for its first). */
  prev: string | null;
  /** What the writer had applied from each other device: last sequence and newest clock. */
  seen: Record<string, { seq: number; hlc: string }>;
  records: ChangeRecord[];
}

export interface SnapshotBody {
  /** The author's own last segment at the time (its sequence and hash). */
  own: { seq: number; hash: string | null; hlc: string };
  seen: Record<string, { seq: number; hash: string | null; hlc: string }>;
  tables: Record<string, { id: string; version: number; data: string; client_id?: string }[]>;
  clocks: { tbl: string; row_id: string; field: string; hlc: string; device: string; deleted: number }[];
}

const ad = (kind: 'segment' | 'snapshot', syncId: string, device: string, seq: number) =>
  encodeUtf8(JSON.stringify(['rapport-sync', 1, kind, syncId, device, seq]));

function sealBody(root: Uint8Array, id: number, body: unknown, aad: Uint8Array): Uint8Array {
  const key = deriveSubkey(root, id, CONTEXT);
  try {
    return seal(key, pad(new Uint8Array(deflateRawSync(encodeUtf8(JSON.stringify(body))))), aad);
  } finally {
    wipe(key);
  }
}

function openBody<T>(root: Uint8Array, id: number, bytes: Uint8Array, aad: Uint8Array): T | null {
  const key = deriveSubkey(root, id, CONTEXT);
  try {
    const clear = open(key, bytes, aad);
    const unpadded = clear && unpad(clear);
    if (!unpadded) return null;
    return JSON.parse(decodeUtf8(new Uint8Array(inflateRawSync(unpadded)))) as T;
  } catch {
    return null;
  } finally {
    wipe(key);
  }
}

export const fileHash = (bytes: Uint8Array) => Buffer.from(hash(bytes)).toString('base64');

export function sealSegment(root: Uint8Array, syncId: string, device: string, seq: number, body: SegmentBody): Uint8Array {
  return sealBody(root, 1, body, ad('segment', syncId, device, seq));
}

/** The segment's body, or null when it does not authenticate as this device's segment `seq`. */
export function openSegment(root: Uint8Array, syncId: string, device: string, seq: number, bytes: Uint8Array): SegmentBody | null {
  return openBody<SegmentBody>(root, 1, bytes, ad('segment', syncId, device, seq));
}

export function sealSnapshot(root: Uint8Array, syncId: string, device: string, seq: number, body: SnapshotBody): Uint8Array {
  return sealBody(root, 2, body, ad('snapshot', syncId, device, seq));
}

export function openSnapshot(root: Uint8Array, syncId: string, device: string, seq: number, bytes: Uint8Array): SnapshotBody | null {
  return openBody<SnapshotBody>(root, 2, bytes, ad('snapshot', syncId, device, seq));
}

/** Writes a file under a hidden temporary name, fsyncs, renames, fsyncs the folder. */
export function writeSyncFile(file: string, bytes: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, bytes);
}

/** The segments in the folder, per device: sequence numbers, sorted. Anything else is ignored. */
export function listSegments(folder: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const dir = path.join(folder, DEVICES_DIR);
  if (!fs.existsSync(dir)) return out;
  for (const device of fs.readdirSync(dir)) {
    if (!DEVICE_RE.test(device)) continue;
    let names: string[];
    try {
      names = fs.readdirSync(path.join(dir, device));
    } catch {
      continue;
    }
    const seqs = names.flatMap((n) => {
      const m = SEGMENT_RE.exec(n);
      return m && Number(m[1]) >= 1 ? [Number(m[1])] : [];
    });
    out.set(device, seqs.sort((a, b) => a - b));
  }
  return out;
}

export function listSnapshots(folder: string): { device: string; seq: number; file: string }[] {
  const dir = path.join(folder, SNAPSHOTS_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((n) => {
    const m = SNAPSHOT_RE.exec(n);
    return m ? [{ device: m[1], seq: Number(m[2]), file: path.join(dir, n) }] : [];
  });
}
