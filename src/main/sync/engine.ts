/**
 * Sync between a person's devices through a folder that an existing sync engine keeps in step
 * (docs/SYNC.md). Publishing turns the outbox into this device's next segment; pulling applies
 * other devices' segments in causal and clock order, one transaction per segment, last writer
 * wins per field, and a concurrent edit of one text field keeps both sides (the loser goes to
 * sync_conflicts). What cannot be applied (a gap, a file that does not authenticate, a broken
 * chain) is reported by name and never applied.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { RapportError } from '../../shared/errors';
import { KEY_BYTES, type KdfParams, loadSodium, randomBytes, wipe } from '../vault/crypto';
import { type KeyFile, openPassphraseSlot, openRecoverySlot, passphraseSlot, readKeyFile, recoverySlot, writeKeyFile } from '../vault/keyfile';
import { type RecordTableName, RECORD_TABLES, CLIENT_CHILD_TABLES, isClientChild } from '../vault/schema';
import type { Vault, Writer } from '../vault/vault';
import { recomputeLastContact } from '../services/timeline';
import { ChangeCapture } from './capture';
import {
  type ChangeRecord,
  KEYS_BASE,
  KEYS_FILE,
  type SegmentBody,
  type SnapshotBody,
  fileHash,
  listSegments,
  listSnapshots,
  openSegment,
  openSnapshot,
  sealSegment,
  sealSnapshot,
  segmentPath,
  snapshotPath,
  writeSyncFile,
} from './format';
import { HlcClock } from './hlc';
import { type SyncDb, type SyncStateTable, syncDb } from './tables';

/** Records per segment at most (a larger outbox becomes several segments). */
const SEGMENT_RECORDS = 5_000;
/** A device writes a snapshot after this many segments of its own. */
export const SNAPSHOT_EVERY = 50;

export interface SyncProblem {
  kind: 'gap' | 'unauthentic' | 'broken-chain' | 'waiting';
  device: string;
  seq: number;
  message: string;
}

export interface PullReport {
  segments: number;
  records: number;
  problems: SyncProblem[];
}

export interface SyncStatus {
  folder: string;
  deviceId: string;
  paused: boolean;
  lastSyncedAt: string | null;
  /** Local changes not yet written to the folder. */
  waiting: number;
  devices: { id: string; lastSeq: number; lastActivity: string | null; thisDevice: boolean }[];
  conflicts: number;
  problems: SyncProblem[];
}

export interface SyncConflict {
  id: string;
  table: string;
  recordId: string;
  field: string;
  kept: unknown;
  lost: unknown;
  foundAt: string;
}

const newDeviceId = () => Buffer.from(randomBytes(8)).toString('hex');
const TABLES: ReadonlySet<string> = new Set(RECORD_TABLES);
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

async function readState(db: SyncDb): Promise<SyncStateTable | undefined> {
  return db.selectFrom('sync_state').selectAll().where('id', '=', 1).executeTakeFirst();
}

/** Opens the folder's key slots with the passphrase or recovery key: the sync root key. */
export async function openFolderKeys(folder: string, secret: { passphrase: string } | { recoveryKey: Uint8Array }, minKdf: KdfParams): Promise<{ keys: KeyFile; root: Uint8Array }> {
  await loadSodium(); // a device joining has opened no vault yet
  if (!fs.existsSync(path.join(folder, KEYS_FILE))) throw new RapportError('NOT_FOUND', 'That folder holds no synced Rapport vault (no rapport-sync.keys in it).');
  const keys = readKeyFile(path.join(folder, KEYS_BASE));
  const root = 'passphrase' in secret ? await openPassphraseSlot(keys, secret.passphrase, minKdf) : openRecoverySlot(keys, secret.recoveryKey);
  return { keys, root };
}

export class SyncEngine {
  private problems: SyncProblem[] = [];
  /** When the last sync pass finished (this session). */
  private lastPass: string | null = null;

  private constructor(
    private readonly vault: Vault,
    readonly syncId: string,
    private deviceId: string,
    private readonly root: Uint8Array,
    readonly folder: string,
    readonly capture: ChangeCapture,
    private readonly now: () => Date,
  ) {}

  /** Starts capturing changes on an unlocked vault that has sync on; null when it has not. */
  static async attach(vault: Vault, now: () => Date = () => new Date()): Promise<SyncEngine | null> {
    const found = await vault.read(async (r) => {
      const db = syncDb(r);
      const st = await readState(db);
      if (!st) return null;
      const outbox = await db.selectFrom('sync_outbox').select(sql<string>`max(hlc)`.as('h')).executeTakeFirst();
      const cursors = await db.selectFrom('sync_cursors').select(sql<string>`max(max_hlc)`.as('h')).executeTakeFirst();
      const last = [st.hlc, outbox?.h ?? '', cursors?.h ?? ''].reduce((a, b) => (b > a ? b : a), '');
      return { st, last };
    });
    if (!found) return null;
    const { st, last } = found;
    const capture = new ChangeCapture(new HlcClock(st.device_id, last, () => now().getTime()));
    vault.changeHook = capture;
    return new SyncEngine(vault, st.sync_id, st.device_id, new Uint8Array(st.root_key), st.folder, capture, now);
  }

  /**
   * Turns sync on into an empty folder: a new sync root key, wrapped by the folder's own key slots
   * (the vault's passphrase, and the recovery key when given), kept in the database; then a first
   * snapshot of everything.
   */
  static async enable(
    vault: Vault,
    opts: { folder: string; passphrase: string; kdf: KdfParams; recoveryKey?: Uint8Array; now?: () => Date },
  ): Promise<SyncEngine> {
    if (await vault.read((r) => readState(syncDb(r)))) throw new RapportError('CONFLICT', 'Sync is already on for this vault.');
    await vault.verifyPassphrase(opts.passphrase);
    if (!fs.existsSync(opts.folder) || !fs.statSync(opts.folder).isDirectory()) throw new RapportError('NOT_FOUND', 'That sync folder does not exist.');
    if (fs.existsSync(path.join(opts.folder, KEYS_FILE))) {
      throw new RapportError('CONFLICT', 'That folder already holds a synced vault. Choose an empty folder, or join that vault from a new device.');
    }
    const syncId = randomUUID();
    const deviceId = newDeviceId();
    const root = randomBytes(KEY_BYTES);
    const slots = [await passphraseSlot(syncId, root, opts.passphrase, opts.kdf, 0)];
    if (opts.recoveryKey) slots.push(recoverySlot(syncId, root, opts.recoveryKey, 0));
    const keys: KeyFile = { rapport: 'vault-keys', format: 3, vaultId: syncId, cipher: 'chacha20', slots, counter: null };
    writeKeyFile(path.join(opts.folder, KEYS_BASE), keys);
    await vault.write((w) =>
      syncDb(w.trx)
        .insertInto('sync_state')
        .values({ id: 1, sync_id: syncId, device_id: deviceId, root_key: root, folder: opts.folder, next_seq: 1, last_hash: null, hlc: '', pending: null, paused: 0, last_synced_at: null, retired: '[]' })
        .execute(),
    );
    wipe(root);
    const engine = (await SyncEngine.attach(vault, opts.now))!;
    await engine.writeSnapshot();
    return engine;
  }

  get device(): string {
    return this.deviceId;
  }

  /** Stops capturing (on lock or when sync is turned off) and wipes the root key. */
  detach(): void {
    if (this.vault.changeHook === this.capture) this.vault.changeHook = null;
    wipe(this.root);
  }

  /** Publishes what is waiting, then applies what other devices wrote. */
  async syncNow(): Promise<PullReport> {
    const st = await this.state();
    if (st.paused) return { segments: 0, records: 0, problems: this.problems };
    let published = 0;
    while ((await this.publish()) !== null) published++;
    const report = await this.pull();
    this.lastPass = this.now().toISOString();
    // Recorded in the vault only when something moved: an idle pass writes nothing.
    if (published > 0 || report.segments > 0) {
      await this.vault.write((w) => syncDb(w.trx).updateTable('sync_state').set({ last_synced_at: this.lastPass }).where('id', '=', 1).execute());
    }
    return report;
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.vault.write((w) => syncDb(w.trx).updateTable('sync_state').set({ paused: paused ? 1 : 0 }).where('id', '=', 1).execute());
  }

  // ---- publishing ----

  /**
   * Writes the next segment from the outbox; returns its sequence number, or null when nothing
   * waits. The segment is first recorded as pending (its hash), then written under a temporary
   * name and renamed, then the outbox is emptied: a crash between leaves a pending entry that the
   * next call adopts (the file is there, same hash) or redoes (it is not).
   */
  async publish(): Promise<number | null> {
    let st = await this.state();
    st = await this.checkOwnSeries(st);
    if (st.pending) {
      const pending = JSON.parse(st.pending) as { seq: number; hash: string; outboxLast: number };
      const file = segmentPath(this.folder, this.deviceId, pending.seq);
      if (fs.existsSync(file) && fileHash(fs.readFileSync(file)) === pending.hash) {
        await this.finishPublish(pending);
        return pending.seq;
      }
      await this.vault.write((w) => syncDb(w.trx).updateTable('sync_state').set({ pending: null }).where('id', '=', 1).execute());
    }
    const prepared = await this.vault.write(async (w) => {
      const db = syncDb(w.trx);
      const now = (await readState(db))!;
      const rows = await db.selectFrom('sync_outbox').selectAll().orderBy('seq').limit(SEGMENT_RECORDS).execute();
      if (rows.length === 0) return null;
      const records: ChangeRecord[] = rows.map((r) => {
        const rec: ChangeRecord = { h: r.hlc, t: r.tbl, i: r.row_id, o: r.op };
        if (r.field !== null) rec.f = r.field;
        if (r.value !== null) rec.v = JSON.parse(r.value);
        if (r.client_id !== null) rec.c = r.client_id;
        return rec;
      });
      const seen: SegmentBody['seen'] = {};
      for (const c of await db.selectFrom('sync_cursors').selectAll().execute()) seen[c.device_id] = { seq: c.seq, hlc: c.max_hlc };
      const seq = now.next_seq;
      const bytes = sealSegment(this.root, this.syncId, this.deviceId, seq, { prev: now.last_hash, seen, records });
      const pending = { seq, hash: fileHash(bytes), outboxLast: rows[rows.length - 1].seq };
      await db.updateTable('sync_state').set({ pending: JSON.stringify(pending) }).where('id', '=', 1).execute();
      return { bytes, pending };
    });
    if (!prepared) return null;
    writeSyncFile(segmentPath(this.folder, this.deviceId, prepared.pending.seq), prepared.bytes);
    await this.finishPublish(prepared.pending);
    if (prepared.pending.seq % SNAPSHOT_EVERY === 0) await this.writeSnapshot();
    return prepared.pending.seq;
  }

  private async finishPublish(p: { seq: number; hash: string; outboxLast: number }): Promise<void> {
    await this.vault.write(async (w) => {
      const db = syncDb(w.trx);
      await db.deleteFrom('sync_outbox').where('seq', '<=', p.outboxLast).execute();
      await db
        .updateTable('sync_state')
        .set({ next_seq: p.seq + 1, last_hash: p.hash, pending: null, hlc: this.capture.clock.current() })
        .where('id', '=', 1)
        .execute();
    });
  }

  /**
   * A vault restored from an old backup (or copied to a second machine) finds segments of its own
   * device id that it does not remember writing. It never writes those sequence numbers again: it
   * takes a new device id, and treats the old one as another device, whose later segments it applies.
   */
  private async checkOwnSeries(st: SyncStateTable): Promise<SyncStateTable> {
    const own = listSegments(this.folder).get(this.deviceId) ?? [];
    const pending = st.pending ? (JSON.parse(st.pending) as { seq: number; hash: string }) : null;
    const unknown = own.filter((seq) => {
      if (seq < st.next_seq) return false;
      if (pending && seq === pending.seq) {
        const file = segmentPath(this.folder, this.deviceId, seq);
        return fileHash(fs.readFileSync(file)) !== pending.hash;
      }
      return true;
    });
    const lastFile = segmentPath(this.folder, this.deviceId, st.next_seq - 1);
    const forked = st.next_seq > 1 && fs.existsSync(lastFile) && fileHash(fs.readFileSync(lastFile)) !== st.last_hash;
    if (unknown.length === 0 && !forked) return st;
    const old = this.deviceId;
    const fresh = newDeviceId();
    await this.vault.write(async (w) => {
      const db = syncDb(w.trx);
      const retired = [...(JSON.parse(st.retired) as string[]), old];
      await db
        .insertInto('sync_cursors')
        .values({ device_id: old, seq: forked ? 0 : st.next_seq - 1, hash: forked ? null : st.last_hash, max_hlc: forked ? '' : this.capture.clock.current(), last_seen_at: null })
        .onConflict((oc) => oc.column('device_id').doNothing())
        .execute();
      await db
        .updateTable('sync_state')
        .set({ device_id: fresh, next_seq: 1, last_hash: null, pending: null, retired: JSON.stringify(retired) })
        .where('id', '=', 1)
        .execute();
    });
    this.deviceId = fresh;
    this.capture.clock.device = fresh;
    return this.state();
  }

  // ---- applying ----

  /** Applies every segment of other devices that can be applied now; reports what cannot. */
  async pull(onSegment?: (applied: { device: string; seq: number; records: number }) => void): Promise<PullReport> {
    const problems: SyncProblem[] = [];
    const blocked = new Set<string>();
    const cache = new Map<string, { body: SegmentBody; hash: string }>();
    let segments = 0;
    let records = 0;
    const listing = listSegments(this.folder);
    for (;;) {
      const cursors = new Map((await this.vault.read((r) => syncDb(r).selectFrom('sync_cursors').selectAll().execute())).map((c) => [c.device_id, c]));
      const ready: { device: string; seq: number; body: SegmentBody; hash: string }[] = [];
      for (const [device, seqs] of listing) {
        if (device === this.deviceId || blocked.has(device)) continue;
        const cursor = cursors.get(device);
        const next = (cursor?.seq ?? 0) + 1;
        if (!seqs.includes(next)) {
          const later = seqs.find((s) => s > next);
          if (later !== undefined) {
            problems.push({ kind: 'gap', device, seq: next, message: `Segment ${next} of device ${device} is missing (segment ${later} is there): waiting for it before applying that device's changes.` });
            blocked.add(device);
          }
          continue;
        }
        const key = `${device}/${next}`;
        let got = cache.get(key);
        if (!got) {
          let bytes: Uint8Array;
          try {
            bytes = fs.readFileSync(segmentPath(this.folder, device, next));
          } catch {
            continue; // removed since listed: the next pull sees the folder again
          }
          const body = openSegment(this.root, this.syncId, device, next, bytes);
          if (!body || !Array.isArray(body.records)) {
            problems.push({
              kind: 'unauthentic',
              device,
              seq: next,
              message: `Segment ${next} of device ${device} does not authenticate: it was edited, renamed, moved or written without the key. Not applied; that device's later changes wait.`,
            });
            blocked.add(device);
            continue;
          }
          got = { body, hash: fileHash(bytes) };
          cache.set(key, got);
        }
        if ((got.body.prev ?? null) !== (cursor?.hash ?? null)) {
          problems.push({
            kind: 'broken-chain',
            device,
            seq: next,
            message: `Segment ${next} of device ${device} does not follow the segment applied before it (its chain hash differs): the series was replaced or replayed. Not applied.`,
          });
          blocked.add(device);
          continue;
        }
        const missing = Object.entries(got.body.seen ?? {}).find(([d, s]) => d !== this.deviceId && (cursors.get(d)?.seq ?? 0) < s.seq);
        if (missing) {
          const [d, s] = missing;
          if (!(listing.get(d) ?? []).includes(s.seq) || blocked.has(d)) {
            problems.push({ kind: 'waiting', device, seq: next, message: `Segment ${next} of device ${device} builds on segment ${s.seq} of device ${d}, which is not here yet: waiting.` });
            blocked.add(device);
          }
          continue;
        }
        ready.push({ device, seq: next, ...got });
      }
      if (ready.length === 0) break;
      const first = (b: SegmentBody) => b.records[0]?.h ?? '';
      ready.sort((a, b) => (first(a.body) < first(b.body) ? -1 : first(a.body) > first(b.body) ? 1 : 0));
      const pick = ready[0];
      const n = await this.applySegment(pick.device, pick.seq, pick.hash, pick.body);
      records += n;
      onSegment?.({ device: pick.device, seq: pick.seq, records: n });
      cache.delete(`${pick.device}/${pick.seq}`);
      segments++;
    }
    this.problems = problems;
    return { segments, records, problems };
  }

  /** Applies one segment in one transaction, with its cursor: applied once, or not at all. */
  private async applySegment(device: string, seq: number, hash: string, body: SegmentBody): Promise<number> {
    const recs = [...body.records].sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    return this.vault.write(async (w) => {
      const db = syncDb(w.trx);
      const cursor = await db.selectFrom('sync_cursors').selectAll().where('device_id', '=', device).executeTakeFirst();
      if ((cursor?.seq ?? 0) >= seq) return 0;
      this.capture.suppressed = true;
      try {
        const touched = new Set<string>();
        for (const rec of recs) {
          if (!TABLES.has(rec.t) || typeof rec.i !== 'string' || typeof rec.h !== 'string') continue;
          this.capture.clock.observe(rec.h);
          // Search's FTS5 indexes follow through their triggers, as for a local write.
          await this.applyRecord(db, rec, device, body.seen ?? {}, touched);
        }
        for (const clientId of touched) if (await w.get('clients', clientId)) await recomputeLastContact(w as Writer, clientId);
        const maxHlc = recs.reduce((m, r) => (r.h > m ? r.h : m), cursor?.max_hlc ?? '');
        await db
          .insertInto('sync_cursors')
          .values({ device_id: device, seq, hash, max_hlc: maxHlc, last_seen_at: this.now().toISOString() })
          .onConflict((oc) => oc.column('device_id').doUpdateSet({ seq, hash, max_hlc: maxHlc, last_seen_at: this.now().toISOString() }))
          .execute();
        return recs.length;
      } finally {
        this.capture.suppressed = false;
      }
    });
  }

  /** Applies one record; returns the row's new version (null: deleted), or undefined when nothing changed. */
  private async applyRecord(db: SyncDb, rec: ChangeRecord, from: string, seen: SegmentBody['seen'], touched: Set<string>): Promise<number | null | undefined> {
    const table = rec.t as RecordTableName;
    const clock = (field: string) =>
      db.selectFrom('sync_clocks').selectAll().where('tbl', '=', table).where('row_id', '=', rec.i).where('field', '=', field).executeTakeFirst();
    const setClock = (field: string, deleted = 0) =>
      db
        .insertInto('sync_clocks')
        .values({ tbl: table, row_id: rec.i, field, hlc: rec.h, device: from, deleted })
        .onConflict((oc) => oc.columns(['tbl', 'row_id', 'field']).doUpdateSet({ hlc: rec.h, device: from, deleted }))
        .execute();
    const row = (await db
      .selectFrom(table)
      .select(isClientChild(table) ? (['data', 'version', 'client_id'] as never) : ['data', 'version'])
      .where('id', '=', rec.i)
      .executeTakeFirst()) as { data: string; version: number; client_id?: string } | undefined;
    const exists = await clock('');
    if (row && table === 'timeline_entries' && row.client_id) touched.add(row.client_id);

    if (rec.o === 'del') {
      if (exists && exists.hlc >= rec.h) return undefined; // re-inserted (undone) after this delete, or already applied
      if (row) {
        if (table === 'clients') for (const child of CLIENT_CHILD_TABLES) await db.deleteFrom(child).where('client_id', '=', rec.i).execute();
        await db.deleteFrom(table).where('id', '=', rec.i).execute();
      }
      await db.deleteFrom('sync_clocks').where('tbl', '=', table).where('row_id', '=', rec.i).execute();
      await setClock('', 1);
      return row ? null : undefined;
    }

    if (rec.o === 'ins') {
      if (exists && exists.hlc >= rec.h) return undefined; // deleted or re-inserted later, or already applied
      const data = rec.v as Record<string, unknown>;
      if (isClientChild(table)) {
        if (typeof rec.c !== 'string') return undefined;
        if (!(await db.selectFrom('clients').select('id').where('id', '=', rec.c).executeTakeFirst())) {
          await this.conflict(db, table, rec.i, '(record)', null, data, '', rec.h);
          return undefined;
        }
        if (table === 'timeline_entries') touched.add(rec.c);
      }
      if (row) {
        // The same record inserted again (an undo on one device while the other edited it): field by field.
        for (const [f, v] of Object.entries(data ?? {})) await this.applyField(db, table, { ...rec, o: 'set', f, v }, from, seen, row);
        await setClock('', 0);
        return this.versionOf(db, table, rec.i);
      }
      // No row and no clock of it: no field clocks either (they go with the row's delete).
      if (exists) await db.deleteFrom('sync_clocks').where('tbl', '=', table).where('row_id', '=', rec.i).execute();
      const values = { id: rec.i, version: 1, data: JSON.stringify(data ?? {}), ...(isClientChild(table) ? { client_id: rec.c } : {}) };
      await db.insertInto(table).values(values as never).execute();
      await setClock('', 0);
      return 1;
    }

    // set / unset one field
    if (!row || (exists && exists.deleted)) return undefined; // deleted here: a delete wins over a concurrent edit
    await this.applyField(db, table, rec, from, seen, row);
    return this.versionOf(db, table, rec.i);
  }

  private async versionOf(db: SyncDb, table: RecordTableName, id: string): Promise<number | null> {
    const now = await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
    return now ? now.version : null;
  }

  private async applyField(db: SyncDb, table: RecordTableName, rec: ChangeRecord, from: string, seen: SegmentBody['seen'], row: { data: string }): Promise<void> {
    const field = rec.f!;
    const cur =
      (await db.selectFrom('sync_clocks').selectAll().where('tbl', '=', table).where('row_id', '=', rec.i).where('field', '=', field).executeTakeFirst()) ??
      (await db.selectFrom('sync_clocks').selectAll().where('tbl', '=', table).where('row_id', '=', rec.i).where('field', '=', '').executeTakeFirst());
    const fresh = await db.selectFrom(table).select('data').where('id', '=', rec.i).executeTakeFirst();
    const data = JSON.parse((fresh ?? row).data) as Record<string, unknown>;
    const local = data[field];
    const remote = rec.o === 'unset' ? undefined : rec.v;
    const concurrent = !!cur && cur.device !== from && (seen[cur.device]?.hlc ?? '') < cur.hlc;
    // Text both sides wrote; not a time stamp (updatedAt and the like), where the later simply wins.
    const bothText = typeof local === 'string' && typeof remote === 'string' && local !== remote && !/At$/.test(field);
    if (cur && cur.hlc >= rec.h) {
      if (cur.hlc !== rec.h && concurrent && bothText) await this.conflict(db, table, rec.i, field, local, remote, cur.hlc, rec.h);
      return;
    }
    if (concurrent && bothText) await this.conflict(db, table, rec.i, field, remote, local, rec.h, cur!.hlc);
    // An edit made having seen both sides of a clash recorded here (the other device resolved it,
    // or edited on after seeing both) settles it.
    const sawEdit = (h: string) => h.endsWith(`-${from}`) || (seen[h.slice(h.lastIndexOf('-') + 1)]?.hlc ?? '') >= h;
    for (const c of await db.selectFrom('sync_conflicts').select(['id', 'kept_hlc', 'lost_hlc']).where('tbl', '=', table).where('row_id', '=', rec.i).where('field', '=', field).execute()) {
      if (sawEdit(c.kept_hlc) && sawEdit(c.lost_hlc)) await db.deleteFrom('sync_conflicts').where('id', '=', c.id).execute();
    }
    if (remote === undefined) delete data[field];
    else data[field] = remote;
    await db
      .updateTable(table)
      .set({ data: JSON.stringify(data), version: sql`version + 1` } as never)
      .where('id', '=', rec.i)
      .execute();
    await db
      .insertInto('sync_clocks')
      .values({ tbl: table, row_id: rec.i, field, hlc: rec.h, device: from, deleted: 0 })
      .onConflict((oc) => oc.columns(['tbl', 'row_id', 'field']).doUpdateSet({ hlc: rec.h, device: from, deleted: 0 }))
      .execute();
  }

  private async conflict(db: SyncDb, table: string, rowId: string, field: string, kept: unknown, lost: unknown, keptHlc: string, lostHlc: string): Promise<void> {
    await db
      .insertInto('sync_conflicts')
      .values({ id: randomUUID(), tbl: table, row_id: rowId, field, kept: json(kept), lost: json(lost), kept_hlc: keptHlc, lost_hlc: lostHlc, found_at: this.now().toISOString() })
      .execute();
  }

  // ---- conflicts ----

  async conflicts(): Promise<SyncConflict[]> {
    const rows = await this.vault.read((r) => syncDb(r).selectFrom('sync_conflicts').selectAll().orderBy('found_at').execute());
    return rows.map((c) => ({
      id: c.id,
      table: c.tbl,
      recordId: c.row_id,
      field: c.field,
      kept: c.kept === null ? null : JSON.parse(c.kept),
      lost: c.lost === null ? null : JSON.parse(c.lost),
      foundAt: c.found_at,
    }));
  }

  /**
   * Resolves a conflict: keep what is there, take the other version, or a merged text. A change
   * of the field is an ordinary local edit (captured, so it reaches the other devices).
   */
  async resolveConflict(id: string, choice: { keep: 'kept' | 'lost' } | { merged: string }): Promise<void> {
    await this.vault.write(async (w) => {
      const db = syncDb(w.trx);
      const c = await db.selectFrom('sync_conflicts').selectAll().where('id', '=', id).executeTakeFirst();
      if (!c) throw new RapportError('NOT_FOUND', 'That conflict was already resolved.');
      await db.deleteFrom('sync_conflicts').where('id', '=', id).execute();
      if ('keep' in choice && choice.keep === 'kept') return;
      const value = 'merged' in choice ? choice.merged : c.lost === null ? null : JSON.parse(c.lost);
      const table = c.tbl as RecordTableName;
      if (c.field === '(record)') return; // a record added to a client deleted here: nothing to put back into
      const rec = await w.get<Record<string, unknown>>(table, c.row_id);
      if (!rec) throw new RapportError('NOT_FOUND', 'The record of that conflict was deleted since.');
      await w.update(table, c.row_id, { ...rec.data, [c.field]: value });
    });
  }

  // ---- snapshots and status ----

  /** Writes a snapshot of the whole vault, after this device's last segment. */
  async writeSnapshot(): Promise<void> {
    const { body, seq } = await this.vault.read(async (r) => {
      const db = syncDb(r);
      const st = (await readState(db))!;
      const tables: SnapshotBody['tables'] = {};
      for (const t of RECORD_TABLES) tables[t] = (await db.selectFrom(t).selectAll().execute()) as SnapshotBody['tables'][string];
      const clocks = await db.selectFrom('sync_clocks').selectAll().execute();
      const seen: SnapshotBody['seen'] = {};
      for (const c of await db.selectFrom('sync_cursors').selectAll().execute()) seen[c.device_id] = { seq: c.seq, hash: c.hash, hlc: c.max_hlc };
      // Changes still in the outbox are in the tables: the snapshot's clocks cover them, and they
      // arrive again in this device's next segment, which applies as a no-op.
      const body: SnapshotBody = { own: { seq: st.next_seq - 1, hash: st.last_hash, hlc: this.capture.clock.current() }, seen, tables, clocks };
      return { body, seq: st.next_seq - 1 };
    });
    writeSyncFile(snapshotPath(this.folder, this.deviceId, seq), sealSnapshot(this.root, this.syncId, this.deviceId, seq, body));
  }

  async status(): Promise<SyncStatus> {
    return this.vault.read(async (r) => {
      const db = syncDb(r);
      const st = (await readState(db))!;
      const waiting = await db.selectFrom('sync_outbox').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      const conflicts = await db.selectFrom('sync_conflicts').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      const cursors = await db.selectFrom('sync_cursors').selectAll().orderBy('device_id').execute();
      return {
        folder: st.folder,
        deviceId: st.device_id,
        paused: st.paused === 1,
        lastSyncedAt: this.lastPass ?? st.last_synced_at,
        waiting: Number(waiting?.n ?? 0),
        devices: [
          { id: st.device_id, lastSeq: st.next_seq - 1, lastActivity: this.lastPass ?? st.last_synced_at, thisDevice: true },
          ...cursors.map((c) => ({ id: c.device_id, lastSeq: c.seq, lastActivity: c.last_seen_at, thisDevice: false })),
        ],
        conflicts: Number(conflicts?.n ?? 0),
        problems: this.problems,
      };
    });
  }

  private async state(): Promise<SyncStateTable> {
    const st = await this.vault.read((r) => readState(syncDb(r)));
    if (!st) throw new RapportError('NOT_FOUND', 'Sync is not on for this vault.');
    return st;
  }
}

/**
 * Joins a synced vault from a new device: opens the folder's key slots, creates a new local vault
 * (page-encrypted, its own keys) with the passphrase, loads the newest snapshot that authenticates,
 * then applies the newer segments. Reports progress as it goes.
 */
export async function joinSyncedVault(opts: {
  folder: string;
  passphrase: string;
  recoveryKey?: Uint8Array;
  vaultFile: string;
  create: (file: string, passphrase: string) => Promise<{ vault: Vault; recoveryKey: string }>;
  minKdf: KdfParams;
  onProgress?: (p: { step: 'keys' | 'snapshot' | 'segments'; done: number; total: number }) => void;
  now?: () => Date;
}): Promise<{ vault: Vault; recoveryKey: string; engine: SyncEngine; report: PullReport }> {
  const progress = opts.onProgress ?? (() => undefined);
  progress({ step: 'keys', done: 0, total: 1 });
  const { keys, root } = await openFolderKeys(opts.folder, opts.recoveryKey ? { recoveryKey: opts.recoveryKey } : { passphrase: opts.passphrase }, opts.minKdf);
  const syncId = keys.vaultId;
  let snapshot: { device: string; body: SnapshotBody } | null = null;
  for (const s of listSnapshots(opts.folder).sort((a, b) => fs.statSync(b.file).mtimeMs - fs.statSync(a.file).mtimeMs)) {
    const body = openSnapshot(root, syncId, s.device, s.seq, fs.readFileSync(s.file));
    if (body && (!snapshot || body.own.hlc > snapshot.body.own.hlc)) snapshot = { device: s.device, body };
  }
  if (!snapshot) {
    wipe(root);
    throw new RapportError('CORRUPT', 'The sync folder holds no snapshot that authenticates: it cannot be joined. Let another device write one (open it there), then try again.');
  }
  let created: { vault: Vault; recoveryKey: string };
  try {
    created = await opts.create(opts.vaultFile, opts.passphrase);
  } catch (e) {
    wipe(root);
    throw e;
  }
  const { vault, recoveryKey } = created;
  try {
    await loadSnapshot(vault, snapshot, syncId, root, opts.folder, progress);
  } catch (e) {
    // Nothing half-made stays behind: the new vault goes, and the join can be tried again.
    await vault.close().catch(() => undefined);
    for (const f of [opts.vaultFile, `${opts.vaultFile}.keys`, `${opts.vaultFile}-wal`, `${opts.vaultFile}-shm`]) fs.rmSync(f, { force: true });
    throw e;
  } finally {
    wipe(root);
  }
  const engine = (await SyncEngine.attach(vault, opts.now))!;
  const waiting = [...listSegments(opts.folder).entries()].reduce((n, [, seqs]) => n + seqs.length, 0);
  let applied = 0;
  progress({ step: 'segments', done: 0, total: waiting });
  const report = await engine.pull(() => progress({ step: 'segments', done: ++applied, total: waiting }));
  progress({ step: 'segments', done: waiting, total: waiting });
  return { vault, recoveryKey, engine, report };
}

/** Fills a new vault from a snapshot, in one transaction, and records sync as on. */
async function loadSnapshot(
  vault: Vault,
  snapshot: { device: string; body: SnapshotBody },
  syncId: string,
  root: Uint8Array,
  folder: string,
  progress: (p: { step: 'keys' | 'snapshot' | 'segments'; done: number; total: number }) => void,
): Promise<void> {
  const snap = snapshot.body;
  const total = Object.values(snap.tables).reduce((n, rows) => n + rows.length, 0);
  let done = 0;
  await vault.write(async (w) => {
    const db = syncDb(w.trx);
    // Parents before children, many rows per statement.
    const CHUNK = 200;
    for (const t of [...RECORD_TABLES].reverse()) {
      const rows = snap.tables[t] ?? [];
      for (let i = 0; i < rows.length; i += CHUNK) {
        await db.insertInto(t).values(rows.slice(i, i + CHUNK) as never).execute();
        done += Math.min(CHUNK, rows.length - i);
        progress({ step: 'snapshot', done, total });
      }
    }
    for (let i = 0; i < snap.clocks.length; i += CHUNK) await db.insertInto('sync_clocks').values(snap.clocks.slice(i, i + CHUNK)).execute();
    const cursors = { ...snap.seen, [snapshot.device]: snap.own };
    for (const [device, c] of Object.entries(cursors)) {
      if (c.seq > 0) await db.insertInto('sync_cursors').values({ device_id: device, seq: c.seq, hash: c.hash, max_hlc: c.hlc, last_seen_at: null }).execute();
    }
    await db
      .insertInto('sync_state')
      .values({ id: 1, sync_id: syncId, device_id: newDeviceId(), root_key: root, folder, next_seq: 1, last_hash: null, hlc: snap.own.hlc, pending: null, paused: 0, last_synced_at: null, retired: '[]' })
      .execute();
  });
  progress({ step: 'snapshot', done: total, total });
}
