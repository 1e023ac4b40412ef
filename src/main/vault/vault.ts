/**
 * One vault (format 3): a page-encrypted SQLite file and its key file beside it (keyfile.ts).
 *
 * Without the database key the file is random bytes. Every page carries a Poly1305 tag, so a page
 * that was edited, moved or truncated fails to read (CORRUPT), never answers wrong. The key file
 * holds the key slots; the database records their generations and a commit counter, so an older
 * key file, or an older database put back, is refused.
 *
 * Two connections while unlocked: a writer (every write transaction, BEGIN IMMEDIATE, serialised)
 * and a reader (everything else), so a long write that yields (an import) does not hold up reads.
 * Records are JSON in `data`, with id, version and client_id as real columns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { RapportError } from '../../shared/errors';
import { passphraseStrength } from '../../shared/passphrase';
import { KEY_BYTES, type KdfParams, loadSodium, equalBytes, randomBytes, wipe } from './crypto';
import { type Connection, isPlainSqlite, kyselyOver, openConnection, sqliteError } from './database';
import { type Open, VAULT_FORMAT, closeOpen, initialiseDatabase, migrate, tooNew } from './initialise';
import {
  type KeyFile,
  type SlotKind,
  counterOf,
  keyFileOf,
  keyFileText,
  openPassphraseSlot,
  openRecoverySlot,
  passphraseSlot,
  readKeyFile,
  recoverySlot,
  slotOf,
  withCounter,
  withSlot,
  writeKeyFile,
} from './keyfile';
import { formatRecoveryKey, parseRecoveryKey } from './recoveryKey';
import { pageDigest } from './pages';
import { type Database, type RecordTableName, isClientChild, RECORD_TABLES } from './schema';
import { PLAINTEXT_CREATED_BY, legacyHeader } from './format2/reader';
import { convertLegacyVault } from './convert';
import { type RekeyProgress, abandonRekey, copyInto, rekeyDbOf, rekeyKeysOf, settleRekey, verifyCopy } from './rekey';
import { fsyncDir, fsyncFile, writeFileAtomic } from '../files';

export { PLAINTEXT_CREATED_BY, VAULT_FORMAT };
export type { RekeyProgress };

export interface VaultOptions {
  /** Parameters for new passphrase slots. */
  kdf: KdfParams;
  /** Slots below these are refused as a downgrade. */
  minKdf: KdfParams;
  /**
   * BENCHMARK ONLY: the plain-SQLite baseline of `npm run bench`: the same schema and code paths in
   * an unencrypted file with no key file. Never set by the app (createCore fixes the production
   * options). Such a file is marked in its header and refused by a Vault opened without this flag,
   * and this flag refuses a real vault.
   */
  plaintext?: true;
}

export interface StoredRecord<T> {
  id: string;
  version: number;
  data: T;
  /** The owning client, for rows of client child tables. */
  clientId?: string;
}

type Executor = Kysely<Database>;

/**
 * Told of every row change inside the write transaction that makes it, before the transaction
 * commits (sync's change capture, src/main/sync/capture.ts): whatever it writes commits or rolls
 * back with the change itself.
 */
export interface ChangeHook {
  inserted(trx: Executor, table: RecordTableName, id: string, data: unknown, clientId: string | null): Promise<void>;
  /** Before the row is replaced: the hook may read the old data. */
  updating(trx: Executor, table: RecordTableName, id: string, data: unknown): Promise<void>;
  removed(trx: Executor, table: RecordTableName, id: string): Promise<void>;
}

/** After a commit, the key file's copy of the commit counter is brought up to date within this long. */
const COUNTER_FLUSH_MS = 1_000;

const lockedError = () => new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');

function requireStrong(passphrase: string): void {
  const s = passphraseStrength(passphrase);
  if (!s.acceptable) throw new RapportError('WEAK_PASSPHRASE', `That passphrase is too weak. ${s.reason}`);
}

function columnsOf(table: string): ('id' | 'version' | 'data' | 'client_id')[] {
  return isClientChild(table) ? ['id', 'version', 'data', 'client_id'] : ['id', 'version', 'data'];
}

function toRecord<T>(row: { id: string; version: number; data: string; client_id?: string }): StoredRecord<T> {
  const rec: StoredRecord<T> = { id: row.id, version: row.version, data: JSON.parse(row.data) as T };
  if (row.client_id !== undefined) rec.clientId = row.client_id;
  return rec;
}

export class Vault {
  private db: Open | null = null;
  /** The key slots (null for the benchmark baseline, and for a format-1/2 file until it is converted). */
  private keys: KeyFile | null;
  /** A format-1/2 file: converted to format 3 by the first unlock. */
  private legacy: boolean;
  private counter = 0;
  private counterTimer: NodeJS.Timeout | null = null;
  /** A rekey under way: writes wait for it, then run on the re-encrypted file. */
  private rekeying: Promise<unknown> | null = null;
  /** Set when a read found the file damaged: the vault locked itself and will not unlock again. */
  private integrityFailure: RapportError | null = null;
  /** Told when a read finds the vault damaged (it has already locked itself). */
  readonly integrityListeners = new Set<(error: RapportError) => void>();
  /** Sees each row change inside its transaction (sync's change capture), when set. */
  changeHook: ChangeHook | null = null;

  private constructor(
    readonly path: string,
    private id: string,
    private readonly options: VaultOptions,
    keys: KeyFile | null,
    legacy: boolean,
  ) {
    this.keys = keys;
    this.legacy = legacy;
  }

  get vaultId(): string {
    return this.id;
  }

  get isUnlocked(): boolean {
    return this.db !== null;
  }

  /** The damage a read found since this file was opened, if any. */
  get integrityError(): RapportError | null {
    return this.integrityFailure;
  }

  /** Whether the file is a format-1/2 vault that the next unlock converts. */
  get needsConversion(): boolean {
    return this.legacy;
  }

  /** Creates a new vault (database and key file), unlocked. Returns the recovery key, to be shown once. */
  static async create(file: string, passphrase: string, options: VaultOptions): Promise<{ vault: Vault; recoveryKey: string }> {
    requireStrong(passphrase);
    await loadSodium();
    if (fs.existsSync(file)) {
      throw new RapportError('VAULT_EXISTS', 'A vault already exists at that path. Open it instead, or choose another name.');
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const vaultId = randomUUID();
    const dbKey = options.plaintext ? null : randomBytes(KEY_BYTES);
    const recovery = randomBytes(KEY_BYTES);
    // Built under a temporary name and renamed: a crash leaves no half-made vault at `file`.
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.creating`);
    try {
      const created = await initialiseDatabase(tmp, dbKey, { vaultId, createdBy: options.plaintext ? PLAINTEXT_CREATED_BY : 'Rapport' });
      closeOpen(created);
      let keys: KeyFile | null = null;
      if (dbKey) {
        keys = {
          rapport: 'vault-keys',
          format: 3,
          vaultId,
          cipher: 'chacha20',
          slots: [await passphraseSlot(vaultId, dbKey, passphrase, options.kdf, 0), recoverySlot(vaultId, dbKey, recovery, 0)],
          counter: null,
        };
        keys = withCounter(keys, dbKey, 0);
        writeKeyFile(file, keys);
      }
      fsyncFile(tmp);
      fs.renameSync(tmp, file);
      fsyncDir(path.dirname(file));
      const vault = new Vault(file, vaultId, options, keys, false);
      await vault.activate(dbKey ?? new Uint8Array(0));
      return { vault, recoveryKey: formatRecoveryKey(recovery) };
    } catch (e) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(tmp + suffix, { force: true });
      wipe(dbKey);
      throw e;
    } finally {
      wipe(recovery);
    }
  }

  /** Opens an existing vault, locked: reads its key file (or, for a format-1/2 file, its header). */
  static async open(file: string, options: VaultOptions): Promise<Vault> {
    await loadSodium();
    if (!fs.existsSync(file)) throw new RapportError('NO_VAULT', 'There is no vault at that path.');
    if (!fs.statSync(file).isFile()) throw new RapportError('CORRUPT', 'That is not a Rapport vault file.');
    if (isPlainSqlite(file)) {
      const header = legacyHeader(file);
      const plaintext = header.createdBy === PLAINTEXT_CREATED_BY;
      if (plaintext !== !!options.plaintext) {
        throw new RapportError(
          'CORRUPT',
          options.plaintext
            ? 'This is a real vault, not a plaintext benchmark database: refused.'
            : 'This file is an unencrypted benchmark database, not a Rapport vault: refused.',
        );
      }
      if (header.format > VAULT_FORMAT) throw tooNew();
      return new Vault(file, header.vaultId, options, null, !plaintext);
    }
    if (options.plaintext) throw new RapportError('CORRUPT', 'This is a real vault, not a plaintext benchmark database: refused.');
    settleRekey(file);
    if (!fs.existsSync(keyFileOf(file))) {
      throw new RapportError(
        'CORRUPT',
        `This file is not a Rapport vault, or its key file (${path.basename(keyFileOf(file))}) is missing: a vault is the .rapport file and its .keys file together.`,
      );
    }
    const keys = readKeyFile(file);
    return new Vault(file, keys.vaultId, options, keys, false);
  }

  async unlock(passphrase: string): Promise<void> {
    if (this.integrityFailure) throw this.integrityFailure;
    if (this.options.plaintext) return this.activate(new Uint8Array(0));
    if (this.legacy) return this.convert({ passphrase }, passphrase);
    const keys = this.requireKeyFile();
    await this.activate(await openPassphraseSlot(keys, passphrase, this.options.minKdf, this.options.kdf));
  }

  /** Unlocks with the recovery key and sets a new passphrase. */
  async unlockWithRecoveryKey(recoveryText: string, newPassphrase: string): Promise<void> {
    if (this.integrityFailure) throw this.integrityFailure;
    const parsed = parseRecoveryKey(recoveryText);
    if (!parsed.ok) throw new RapportError('WRONG_RECOVERY_KEY', parsed.reason);
    try {
      requireStrong(newPassphrase);
      if (this.legacy) return await this.convert({ recoveryKey: parsed.key }, newPassphrase);
      const keys = this.requireKeyFile();
      await this.activate(openRecoverySlot(keys, parsed.key));
    } finally {
      wipe(parsed.key);
    }
    await this.replaceSlot('passphrase', (key, generation) => passphraseSlot(this.id, key, newPassphrase, this.options.kdf, generation));
  }

  /** Rewraps the passphrase slot under a new passphrase (a new generation: the old key file stops working). */
  async changePassphrase(current: string, next: string): Promise<void> {
    const open = this.requireOpen();
    requireStrong(next);
    await this.checkPassphrase(current, open.key, 'The current passphrase is not right.');
    await this.replaceSlot('passphrase', (key, generation) => passphraseSlot(this.id, key, next, this.options.kdf, generation));
  }

  /** Checks the passphrase against the open vault (for a plain export); throws WRONG_PASSPHRASE. Writes nothing. */
  async verifyPassphrase(passphrase: string): Promise<void> {
    await this.checkPassphrase(passphrase, this.requireOpen().key, 'That passphrase does not open this vault.');
  }

  /** Replaces the recovery slot with a new key; the old recovery key stops working. */
  async newRecoveryKey(passphrase: string): Promise<string> {
    await this.checkPassphrase(passphrase, this.requireOpen().key, 'That passphrase does not open this vault.');
    const recovery = randomBytes(KEY_BYTES);
    try {
      await this.replaceSlot('recovery', async (key, generation) => recoverySlot(this.id, key, recovery, generation));
      return formatRecoveryKey(recovery);
    } finally {
      wipe(recovery);
    }
  }

  /**
   * Re-encrypts the whole vault under a new random database key (see rekey.ts), so that a copy of
   * the files taken before, together with the passphrase or recovery key of that time, opens
   * nothing written from now on. Every slot is re-wrapped at its next generation; the recovery slot
   * gets a new recovery key (returned, to be shown once): the old kit stops working. Writes made
   * meanwhile wait for the end; reads go on. On any failure the vault is left as it was.
   */
  async rekey(passphrase: string, onProgress: (p: RekeyProgress) => void = () => undefined): Promise<string> {
    if (this.options.plaintext) throw new RapportError('INVALID_INPUT', 'The benchmark baseline has no key to change.');
    if (this.rekeying) throw new RapportError('CONFLICT', 'The vault is already being re-encrypted.');
    await this.checkPassphrase(passphrase, this.requireOpen().key, 'That passphrase does not open this vault.');
    const run = this.runRekey(passphrase, onProgress);
    this.rekeying = run;
    try {
      return await run;
    } finally {
      this.rekeying = null;
    }
  }

  private async runRekey(passphrase: string, onProgress: (p: RekeyProgress) => void): Promise<string> {
    const open = this.requireOpen();
    const keys = this.requireKeyFile();
    const newDb = rekeyDbOf(this.path);
    const generations = { passphrase: slotOf(keys, 'passphrase').generation + 1, recovery: slotOf(keys, 'recovery').generation + 1 };
    const newKey = randomBytes(KEY_BYTES);
    const recovery = randomBytes(KEY_BYTES);
    let swapped = false;
    try {
      abandonRekey(this.path);
      closeOpen(await initialiseDatabase(newDb, newKey, { vaultId: this.id, createdBy: 'Rapport' }));
      // Held for the whole rekey: writes queue behind it (they wait in write(), see `rekeying`).
      const counts = await this.guard(() => open.w.connection().execute(() => copyInto(open.writer, newDb, newKey, generations, onProgress)));
      onProgress({ phase: 'verifying', done: 0, total: 1 });
      await verifyCopy(newDb, newKey, this.id, counts);
      fsyncFile(newDb);
      const slots = [await passphraseSlot(this.id, newKey, passphrase, this.options.kdf, generations.passphrase), recoverySlot(this.id, newKey, recovery, generations.recovery)];
      if (this.db !== open) throw lockedError();
      const next = withCounter({ ...keys, slots }, newKey, this.counter);
      // From here to the end nothing awaits: no request runs between the swap's steps.
      writeFileAtomic(rekeyKeysOf(this.path), keyFileText(next));
      onProgress({ phase: 'keys', done: 1, total: 1 });
      this.swapIn(newDb, next, newKey, onProgress);
      swapped = true;
      onProgress({ phase: 'done', done: 1, total: 1 });
      return formatRecoveryKey(recovery);
    } catch (e) {
      if (!swapped) {
        abandonRekey(this.path);
        wipe(newKey);
      }
      throw e;
    } finally {
      wipe(recovery);
    }
  }

  /** Closes the old file, renames the new database and then the new key file into place, and opens it. */
  private swapIn(newDb: string, keys: KeyFile, key: Uint8Array, onProgress: (p: RekeyProgress) => void): void {
    const open = this.requireOpen();
    if (this.counterTimer) clearTimeout(this.counterTimer);
    this.counterTimer = null;
    this.db = null;
    closeOpen(open);
    if (fs.existsSync(`${this.path}-wal`) && fs.statSync(`${this.path}-wal`).size > 0) {
      // The old file's WAL was not folded in, because another connection (another program) has the
      // file open: swapping now could mix the two files. Reopen it as it was, and give up.
      this.db = this.reopen(open.key);
      throw new RapportError('CONFLICT', 'The vault is open in another program, so it could not be re-encrypted now. Nothing was changed; close the other program and try again.');
    }
    fs.rmSync(`${this.path}-shm`, { force: true });
    fs.renameSync(newDb, this.path);
    fsyncDir(path.dirname(this.path));
    onProgress({ phase: 'swapped', done: 1, total: 1 });
    fs.renameSync(rekeyKeysOf(this.path), keyFileOf(this.path));
    fsyncDir(path.dirname(this.path));
    this.keys = keys;
    wipe(open.key);
    this.db = this.reopen(key);
  }

  private reopen(key: Uint8Array): Open {
    const writer = openConnection(this.path, { key });
    try {
      const reader = openConnection(this.path, { key });
      return { writer, reader, w: kyselyOver(writer), r: kyselyOver(reader), key };
    } catch (e) {
      writer.close();
      throw e;
    }
  }

  /**
   * Closes the database and wipes the key. Safe to call when locked. Before the key is wiped, the
   * key file records the commit counter and the page digest of the closed file (see `sealClosed`).
   */
  lock(): void {
    this.closeAndSeal(true);
  }

  async close(): Promise<void> {
    this.closeAndSeal(true);
  }

  /** Closes; with `seal`, records the closed file in the key file (never for a file found damaged). */
  private closeAndSeal(seal: boolean): void {
    const open = this.db;
    if (!open) return;
    if (this.counterTimer) clearTimeout(this.counterTimer);
    this.counterTimer = null;
    this.db = null;
    let closed = true;
    try {
      closeOpen(open);
    } catch {
      closed = false; // dropped all the same; the WAL keeps what committed
    }
    try {
      if (seal) this.sealClosed(open.key, closed);
    } finally {
      wipe(open.key);
    }
  }

  /** Records the counter, and the page digest of a cleanly closed file (no WAL left), in the key file. */
  private sealClosed(key: Uint8Array, closed: boolean): void {
    if (!this.keys) return;
    try {
      const clean = closed && !fs.existsSync(`${this.path}-wal`);
      const next = withCounter(this.keys, key, this.counter, clean ? pageDigest(this.path, key) : null);
      writeKeyFile(this.path, next);
      this.keys = next;
    } catch {
      // Best effort (a full disk): the next unlock then checks less, and the database holds every commit.
    }
  }

  /**
   * Writes a consistent copy of the vault, still encrypted under the same key (VACUUM INTO), with a
   * copy of its key file beside it: temporary names, fsynced, renamed (key file first), folder fsynced.
   */
  async backupTo(file: string): Promise<void> {
    const open = this.requireOpen();
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
    const tmpKeys = `${tmp}.keys`;
    try {
      open.reader.prepare('VACUUM INTO ?').run(tmp);
      fs.chmodSync(tmp, 0o600);
      fsyncFile(tmp);
      // Both files complete under temporary names before either takes the backup's name, so a
      // failure never leaves a backup's key file beside another backup's database.
      if (this.keys) {
        fs.writeFileSync(tmpKeys, keyFileText(withCounter(this.keys, open.key, this.counter, pageDigest(tmp, open.key))), { mode: 0o600, flag: 'wx' });
        fsyncFile(tmpKeys);
      }
      fs.renameSync(tmp, file);
      if (this.keys) fs.renameSync(tmpKeys, keyFileOf(file));
      fsyncDir(path.dirname(file));
    } catch (e) {
      for (const suffix of ['', '-journal', '-wal', '.keys']) fs.rmSync(tmp + suffix, { force: true });
      if (e instanceof RapportError && e.code !== 'IO_ERROR') throw e;
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /disk is full/i.test(String((e as Error).message))) {
        throw new RapportError('IO_ERROR', 'The disk is full: the backup was not written. Free some space and try again. The vault is unchanged.');
      }
      throw new RapportError('IO_ERROR', `The backup could not be written${code ? ` (${code})` : ''}. Check that the folder exists and can be written to. The vault is unchanged.`);
    }
  }

  /**
   * Reads every page of the file (SQLite's integrity check: each page's tag is verified as it is
   * read) and parses every record. Throws CORRUPT; returns the number of rows per table.
   */
  async verifyAll(): Promise<Record<string, number>> {
    return this.guard(async () => {
      const open = this.requireOpen();
      const result = open.reader.pragma('integrity_check') as { integrity_check: string }[];
      if (result.length !== 1 || result[0].integrity_check !== 'ok' || (open.reader.pragma('foreign_key_check') as unknown[]).length > 0) {
        throw new RapportError('CORRUPT', 'The vault file is damaged: its integrity check failed. Restore it from a backup.');
      }
      const counts: Record<string, number> = {};
      for (const table of RECORD_TABLES) {
        counts[table] = 0;
        for (const row of open.reader.prepare(`SELECT data FROM ${table}`).iterate() as IterableIterator<{ data: string }>) {
          JSON.parse(row.data);
          counts[table]++;
        }
      }
      return counts;
    });
  }

  // ---- records ----

  /** Reads one record, or null if there is none. */
  async get<T>(table: RecordTableName, id: string, executor?: Executor): Promise<StoredRecord<T> | null> {
    return this.guard(async () => {
      const row = await (executor ?? this.requireOpen().r)
        .selectFrom(table)
        .select(columnsOf(table) as never)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toRecord<T>(row as never) : null;
    });
  }

  /** Reads every record of a table, or those of one client. */
  async all<T>(table: RecordTableName, where?: { column: 'client_id'; value: string }, executor?: Executor): Promise<StoredRecord<T>[]> {
    return this.guard(async () => {
      let q = (executor ?? this.requireOpen().r).selectFrom(table).select(columnsOf(table) as never);
      if (where) q = q.where(sql.ref(where.column), '=', where.value);
      const rows = await q.execute();
      return rows.map((row) => toRecord<T>(row as never));
    });
  }

  /**
   * Runs typed queries on the reader connection, in one read transaction: every query sees the same
   * committed state. For services' SQL (filters, aggregates, pages) that reads no whole table.
   */
  async read<R>(fn: (db: Executor) => Promise<R>): Promise<R> {
    return this.guard(() =>
      this.requireOpen().r.connection().execute(async (conn) => {
        await sql`BEGIN`.execute(conn);
        try {
          return await fn(conn);
        } finally {
          await sql`COMMIT`.execute(conn).catch(() => undefined);
        }
      }),
    );
  }

  /**
   * Runs synchronous reads on the reader connection (prepared statements of better-sqlite3), for
   * queries Kysely does not express well (full-text search). Damage found is handled as in any read.
   */
  async readNative<R>(fn: (db: Connection) => R): Promise<R> {
    return this.guard(async () => fn(this.requireOpen().reader));
  }

  /** Ids of the rows of a table that belong to a client. */
  async ids(table: RecordTableName, column: 'client_id', value: string, executor?: Executor): Promise<string[]> {
    return this.guard(async () => {
      const rows = await (executor ?? this.requireOpen().r).selectFrom(table).select('id').where(sql.ref(column), '=', value).execute();
      return rows.map((r) => r.id);
    });
  }

  /** Counts rows per client. */
  async countBy(table: 'contacts' | 'timeline_entries', column: 'client_id'): Promise<{ key: string; count: number }[]> {
    return this.guard(async () => {
      const result = await sql<{ key: string; count: number }>`
        SELECT ${sql.ref(column)} AS key, count(*) AS count FROM ${sql.table(table)} GROUP BY 1`.execute(this.requireOpen().r);
      return result.rows;
    });
  }

  /** Which client each row of a child table belongs to. */
  async clientIdsOf(table: RecordTableName): Promise<Map<string, string>> {
    return this.guard(async () => {
      const rows = (await this.requireOpen().r.selectFrom(table).select(['id', 'client_id'] as never).execute()) as { id: string; client_id: string }[];
      return new Map(rows.map((r) => [r.id, r.client_id]));
    });
  }

  /** Runs a write transaction (BEGIN IMMEDIATE on the writer): all of it commits, or none of it. */
  async write<R>(fn: (w: Writer) => Promise<R>): Promise<R> {
    while (this.rekeying) await this.rekeying.catch(() => undefined);
    const open = this.requireOpen();
    const writer = await this.guard(() =>
      open.w.connection().execute(async (conn) => {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        try {
          const w = new Writer(this, conn, open.writer);
          w.result = await fn(w);
          await conn.updateTable('vault_state').set({ commit_counter: sql`commit_counter + 1` }).where('id', '=', 1).execute();
          await sql`COMMIT`.execute(conn);
          return w;
        } catch (e) {
          if (open.writer.inTransaction) await sql`ROLLBACK`.execute(conn).catch(() => undefined);
          throw e;
        }
      }),
    );
    this.counter++;
    this.scheduleCounterFlush();
    return writer.result as R;
  }

  /** The commit counter (for tests and diagnostics). */
  get commitCounter(): number {
    this.requireOpen();
    return this.counter;
  }

  // ---- private ----

  private requireOpen(): Open {
    if (!this.db) throw lockedError();
    return this.db;
  }

  private requireKeyFile(): KeyFile {
    if (!this.keys) throw new RapportError('CORRUPT', "This vault's key file is missing.");
    return this.keys;
  }

  /** Runs a database step; SQLite's errors become typed ones, and damage locks the vault for good. */
  private async guard<R>(step: () => Promise<R>): Promise<R> {
    try {
      return await step();
    } catch (e) {
      const err = sqliteError(e);
      if (err instanceof RapportError && err.code === 'CORRUPT' && this.db) {
        this.integrityFailure = err;
        this.closeAndSeal(false);
        for (const listener of this.integrityListeners) listener(err);
      }
      throw err;
    }
  }

  private async checkPassphrase(passphrase: string, key: Uint8Array, message: string): Promise<void> {
    if (this.options.plaintext) return;
    let check: Uint8Array;
    try {
      check = await openPassphraseSlot(this.requireKeyFile(), passphrase, this.options.minKdf, this.options.kdf);
    } catch (e) {
      if (e instanceof RapportError && e.code === 'WRONG_PASSPHRASE') throw new RapportError('WRONG_PASSPHRASE', message);
      throw e;
    }
    const same = equalBytes(check, key);
    wipe(check);
    if (!same) throw new RapportError('WRONG_PASSPHRASE', message);
  }

  /**
   * Writes a new slot of one kind at the next generation: first the key file (atomically), then the
   * generation in the database. A crash between leaves a key file newer than the database, which
   * the next unlock accepts and records; an older key file put back is refused.
   */
  private async replaceSlot(kind: SlotKind, make: (key: Uint8Array, generation: number) => Promise<import('./keyfile').Slot>): Promise<void> {
    if (this.options.plaintext) return;
    const open = this.requireOpen();
    const keys = this.requireKeyFile();
    const slot = await make(open.key, slotOf(keys, kind).generation + 1);
    const next = withCounter(withSlot(keys, slot), open.key, this.counter);
    writeKeyFile(this.path, next);
    this.keys = next;
    await this.recordGenerations(next);
  }

  private async recordGenerations(keys: KeyFile): Promise<void> {
    await this.write((w) => writeGenerations(w.trx, keys));
  }

  /** Writes the commit counter into the key file soon after commits, so a rolled-back database is noticed. */
  private scheduleCounterFlush(): void {
    if (!this.keys || this.counterTimer) return;
    this.counterTimer = setTimeout(() => {
      this.counterTimer = null;
      try {
        this.flushCounter();
      } catch {
        // The key file could not be written now (disk full): the next flush, or lock, tries again.
      }
    }, COUNTER_FLUSH_MS);
    this.counterTimer.unref?.();
  }

  private flushCounter(): void {
    if (this.counterTimer) clearTimeout(this.counterTimer);
    this.counterTimer = null;
    const open = this.db;
    if (!open || !this.keys || (this.keys.counter?.value === this.counter && !this.keys.counter.pages)) return;
    const next = withCounter(this.keys, open.key, this.counter);
    try {
      writeKeyFile(this.path, next);
      this.keys = next;
    } catch {
      // Best effort (a full disk): the database still holds every commit.
    }
  }

  /** Converts a format-1/2 file in place (see convert.ts), then unlocks the result. */
  private async convert(creds: { passphrase: string } | { recoveryKey: Uint8Array }, passphrase: string): Promise<void> {
    const { key, keys } = await convertLegacyVault(this.path, creds, passphrase, this.options);
    this.keys = keys;
    this.legacy = false;
    this.id = keys.vaultId;
    await this.activate(key);
  }

  /**
   * Opens the database with the key, brings its schema up to date, and checks it against the key
   * file: the same vault, slot generations not older than recorded, commit counter not older than
   * the key file's.
   */
  private async activate(key: Uint8Array): Promise<void> {
    await this.close();
    const dbKey = this.options.plaintext ? null : key;
    let writer: Connection | null = null;
    let reader: Connection | null = null;
    try {
      // Before anything opens the file: whether its pages are the ones Rapport closed it with.
      const pagesChanged = this.keys ? this.pagesChanged(this.keys, key) : false;
      writer = openConnection(this.path, { key: dbKey });
      const w = kyselyOver(writer);
      const header = await w.selectFrom('vault_header').selectAll().executeTakeFirst();
      const state = await w.selectFrom('vault_state').selectAll().executeTakeFirst();
      if (!header || !state || header.vault_id !== this.id) {
        throw new RapportError('CORRUPT', 'The vault file does not belong with its key file. Restore the vault from a backup.');
      }
      if (header.format > VAULT_FORMAT) throw tooNew();
      if (this.keys) await this.checkAgainstKeyFile(w, this.keys, key, state, pagesChanged);
      await migrate(w);
      reader = openConnection(this.path, { key: dbKey });
      this.counter = state.commit_counter;
      this.db = { writer, reader, w, r: kyselyOver(reader), key };
    } catch (e) {
      reader?.close();
      writer?.close();
      wipe(key);
      const err = sqliteError(e);
      // Damage found at unlock is remembered, like damage found later: the unlock screen says why.
      if (err instanceof RapportError && err.code === 'CORRUPT') this.integrityFailure = err;
      throw err;
    }
  }

  /** Whether a cleanly closed file holds other pages than the ones Rapport closed it with. */
  private pagesChanged(keys: KeyFile, key: Uint8Array): boolean {
    const { pages } = counterOf(keys, key);
    const wal = `${this.path}-wal`;
    if (!pages || (fs.existsSync(wal) && fs.statSync(wal).size > 0)) return false;
    return !equalBytes(pageDigest(this.path, key), pages);
  }

  private async checkAgainstKeyFile(w: Kysely<Database>, keys: KeyFile, key: Uint8Array, state: Database['vault_state'], pagesChanged: boolean): Promise<void> {
    const recorded = { passphrase: state.passphrase_generation, recovery: state.recovery_generation };
    for (const kind of ['passphrase', 'recovery'] as const) {
      if (slotOf(keys, kind).generation < recorded[kind]) {
        throw new RapportError(
          'DOWNGRADE',
          `The vault's key file is older than the vault: its ${kind} slot was replaced since, and an older copy was put back. ` +
            'Refused, because an old passphrase or recovery key must not open the vault. Restore the key file from a recent backup.',
        );
      }
    }
    if (pagesChanged) {
      throw new RapportError(
        'CORRUPT',
        'The vault file was changed outside Rapport since it was last closed: some of its pages are not the ones Rapport wrote (put back from an older copy, or altered). Restore it from a backup.',
      );
    }
    if (counterOf(keys, key).value > state.commit_counter) {
      throw new RapportError(
        'CORRUPT',
        'The vault is older than its key file: it was rolled back to an earlier copy, or changes are missing from it. Restore it from a backup.',
      );
    }
    if (slotOf(keys, 'passphrase').generation > recorded.passphrase || slotOf(keys, 'recovery').generation > recorded.recovery) {
      // A key change was written to the key file, and the crash came before the database recorded it.
      await writeGenerations(w, keys);
    }
  }
}

/** Records in the database the generation of each slot of the key file. */
async function writeGenerations(db: Kysely<Database>, keys: KeyFile): Promise<void> {
  await db
    .updateTable('vault_state')
    .set({ passphrase_generation: slotOf(keys, 'passphrase').generation, recovery_generation: slotOf(keys, 'recovery').generation })
    .where('id', '=', 1)
    .execute();
}

/**
 * The writer connection's INSERT statement for each record table, prepared once: an import inserts
 * tens of thousands of rows, and compiling and preparing each through Kysely cost more than SQLite's
 * own work. better-sqlite3 keeps a statement with its connection, so the cache goes with it on lock.
 */
type InsertStatement = ReturnType<Connection['prepare']>;
const insertStatements = new WeakMap<Connection, Map<RecordTableName, InsertStatement>>();

function insertStatement(connection: Connection, table: RecordTableName): InsertStatement {
  let byTable = insertStatements.get(connection);
  if (!byTable) insertStatements.set(connection, (byTable = new Map()));
  let statement = byTable.get(table);
  if (!statement) {
    const columns = columnsOf(table);
    statement = connection.prepare(`INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    byTable.set(table, statement);
  }
  return statement;
}

/** The operations of one write transaction, on the writer connection. */
export class Writer {
  result: unknown;

  constructor(
    private readonly vault: Vault,
    readonly trx: Kysely<Database>,
    /** The same connection as `trx`, for the prepared inserts. */
    private readonly connection: Connection,
  ) {}

  get<T>(table: RecordTableName, id: string): Promise<StoredRecord<T> | null> {
    return this.vault.get<T>(table, id, this.trx);
  }

  all<T>(table: RecordTableName, where?: { column: 'client_id'; value: string }): Promise<StoredRecord<T>[]> {
    return this.vault.all<T>(table, where, this.trx);
  }

  ids(table: RecordTableName, column: 'client_id', value: string): Promise<string[]> {
    return this.vault.ids(table, column, value, this.trx);
  }

  async insert(table: RecordTableName, id: string, data: unknown, clear: Record<string, string> = {}): Promise<number> {
    const version = 1;
    const row = isClientChild(table) ? { id, version, data: JSON.stringify(data), client_id: clear.client_id } : { id, version, data: JSON.stringify(data) };
    if (isClientChild(table) && typeof clear.client_id !== 'string') throw new RapportError('INVALID_INPUT', `A ${table} record needs its client.`);
    insertStatement(this.connection, table).run(row);
    await this.vault.changeHook?.inserted(this.trx, table, id, data, isClientChild(table) ? clear.client_id : null);
    return version;
  }

  /** Replaces a record's data. With expectedVersion, a concurrent change gives CONFLICT. */
  async update(table: RecordTableName, id: string, data: unknown, expectedVersion?: number): Promise<number> {
    const row = await this.trx.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
    if (!row) throw new RapportError('NOT_FOUND', `No such record in ${table}.`);
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      throw new RapportError('CONFLICT', 'This record was changed since you opened it. Reload it and try again.');
    }
    const version = row.version + 1;
    await this.vault.changeHook?.updating(this.trx, table, id, data);
    await this.trx
      .updateTable(table)
      .set({ version, data: JSON.stringify(data) } as never)
      .where('id', '=', id)
      .execute();
    return version;
  }

  async remove(table: RecordTableName, id: string): Promise<void> {
    const res = await this.trx.deleteFrom(table).where('id', '=', id).executeTakeFirst();
    if (res.numDeletedRows !== 1n) throw new RapportError('NOT_FOUND', `No such record in ${table}.`);
    await this.vault.changeHook?.removed(this.trx, table, id);
  }
}
