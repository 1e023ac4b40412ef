/**
 * One vault file: its key slots, its keys while unlocked, and encrypted record access.
 *
 * Every record row is (id, version, key_id, data[, clear foreign keys]); `data` is the padded,
 * sealed JSON of the record with associated data naming vault, table, row, column, version and key.
 * An integrity accumulator per table (XOR of keyed hashes of (table, id, version)) and a commit
 * counter are sealed in `vault_state` and updated in the same transaction as every write, so a row
 * deleted, added, or put back at an older version behind Rapport's back is detected.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kysely, Migrator, type Transaction, sql } from 'kysely';
import { RapportError } from '../../shared/errors';
import { passphraseStrength } from '../../shared/passphrase';
import {
  type KdfParams,
  KEY_BYTES,
  SALT_BYTES,
  decodeUtf8,
  deriveFromPassphrase,
  deriveSubkey,
  encodeUtf8,
  equalBytes,
  loadSodium,
  mac,
  open,
  pad,
  randomBytes,
  seal,
  unpad,
  wipe,
} from './crypto';
import {
  CONTEXT_INTEGRITY,
  CONTEXT_RECORDS,
  CONTEXT_RECOVERY,
  CONTEXT_STATE,
  CURRENT_RECORD_KEY_ID,
  type SlotKind,
  VAULT_FORMAT,
  recordAd,
  rowTagInput,
  slotAd,
  stateAd,
} from './format';
import { MIGRATIONS } from './migrations';
import { formatRecoveryKey, parseRecoveryKey } from './recoveryKey';
import { CLIENT_CHILD_TABLES, type ClientChildTableName, type Database, RECORD_TABLES, type RecordTableName } from './schema';
import { Sqlite3Dialect } from './sqlite';
import { fsyncDir, fsyncFile } from '../files';

export interface VaultOptions {
  /** Parameters for new passphrase slots. */
  kdf: KdfParams;
  /** Slots below these are refused as a downgrade. */
  minKdf: KdfParams;
  /**
   * BENCHMARK ONLY: the plain-SQLite baseline of `npm run bench`. Records are stored as unpadded
   * JSON, integrity tags are zero and the key slots are trivial (no Argon2), on the same schema,
   * indexes and code paths. Never set by the app (createCore fixes the production options); only
   * bench/ and tests construct a Vault with it. Such a file is marked in its header and refused by
   * a Vault opened without this flag, and this flag refuses a real vault.
   */
  plaintext?: true;
}

/** Header mark of a plaintext benchmark database (see VaultOptions.plaintext). */
export const PLAINTEXT_CREATED_BY = 'Rapport benchmark baseline: UNENCRYPTED, not a vault';

export interface StoredRecord<T> {
  id: string;
  version: number;
  data: T;
  /**
   * The owning client, for rows of client child tables: from the same row as the data (and bound to
   * it by the associated data), so it can never disagree with what was read, as a second query could.
   */
  clientId?: string;
}

type Executor = Kysely<Database> | Transaction<Database>;

const CHILD_TABLES: ReadonlySet<string> = new Set(CLIENT_CHILD_TABLES);

/** A row as read for decryption; client_id is there for tables that have one. */
interface SealedRow {
  id: string;
  version: number;
  key_id: number;
  data: Uint8Array;
  client_id?: string;
}

/** The columns to read for decryption: child tables add their owning client. */
function sealedColumns(table: string): ('id' | 'version' | 'key_id' | 'data' | 'client_id')[] {
  return CHILD_TABLES.has(table) ? ['id', 'version', 'key_id', 'data', 'client_id'] : ['id', 'version', 'key_id', 'data'];
}
/** A row a committed transaction wrote (version) or deleted (null). */
export interface RowChange {
  table: RecordTableName;
  id: string;
  version: number | null;
}

/** Row versions written by a transaction not yet committed (null: deleted). */
type PendingVersions = Map<string, number | null>;

interface Keys {
  vault: Uint8Array;
  state: Uint8Array;
  integrity: Uint8Array;
  records: Map<number, Uint8Array>;
}

interface IntegrityState {
  counter: number;
  tables: Record<string, Uint8Array>;
}

const ZERO_TAG = () => new Uint8Array(32);

function xorInto(acc: Uint8Array, tag: Uint8Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] ^= tag[i];
}

const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

/**
 * Tables whose integrity is verified before unlock returns: what the first screen reads. The others
 * are verified right after, in the background (see `Vault.verifyInBackground`).
 */
const VERIFIED_AT_UNLOCK: readonly RecordTableName[] = ['clients', 'settings'];
/** Rows per slice of the background scan; the event loop runs other requests between slices. */
const SCAN_SLICE = 1_000;

/**
 * Whole tables kept decrypted in memory while unlocked, because most screens read all of them (the
 * client list; a client's name on every row elsewhere): the identity projection (`Vault.projected`)
 * of each. `all` and `get` give copies; `shared` gives the kept rows themselves, frozen.
 */
const CACHED_TABLES: ReadonlySet<string> = new Set<RecordTableName>(['clients', 'settings']);
const KEEP_WHOLE = (data: unknown) => data;

/** A projection's rows: record id → the record, its data replaced by the projection of it. */
type ProjectedRows = Map<string, StoredRecord<unknown>>;

/** Freezes a kept row and everything in it, so a caller that tries to change shared data fails loudly. */
function frozen<R>(value: R): R {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * One client's rows of a child table, as last read, are kept for this many clients per table while
 * unlocked (the dossiers opened recently: reopening one, or the timeline view reading what the
 * dossier just read, decrypts nothing). A commit that touches the table drops that table's entries.
 */
const CLIENT_READS_KEPT = 8;

const copyOf = <T>(r: StoredRecord<unknown>): StoredRecord<T> => ({ ...r, data: structuredClone(r.data) as T });

const lockedError = () => new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');

/** The integrity scan of one unlock: a promise per table not yet verified, and one for all of them. */
interface Scan {
  pending: Map<string, Promise<void>>;
  all: Promise<void>;
}

function versionKey(table: string, id: string): string {
  return `${table}\u0000${id}`;
}

async function openDatabase(file: string, create: boolean): Promise<Kysely<Database>> {
  const db = new Kysely<Database>({ dialect: new Sqlite3Dialect({ path: file, create }) });
  try {
    // The first query opens the file; a non-SQLite file fails here.
    const [row] = (await sql<{ application_id: number }>`PRAGMA application_id`.execute(db)).rows;
    const appId = row?.application_id ?? 0;
    if (!create && appId !== 1380995156) {
      throw new RapportError('CORRUPT', 'This file is not a Rapport vault.');
    }
    return db;
  } catch (e) {
    await db.destroy().catch(() => undefined);
    throw e;
  }
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const known = new Set(Object.keys(MIGRATIONS));
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db);
  const names = new Set(tables.rows.map((r) => r.name));
  if (names.has('vault_header')) {
    const header = await db.selectFrom('vault_header').select('format').executeTakeFirst();
    if (header && header.format > VAULT_FORMAT) throw tooNew();
  }
  if (names.has('kysely_migration')) {
    const applied = await db.selectFrom('kysely_migration').select('name').execute();
    if (applied.some((m) => !known.has(m.name))) throw tooNew();
  }
  // Unordered: a vault may have a later-numbered migration from a development build; each stands alone.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS }, allowUnorderedMigrations: true });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    if (error instanceof RapportError) throw error;
    throw new RapportError('CORRUPT', `The vault could not be upgraded to this version of Rapport: ${String((error as Error).message ?? error)}`);
  }
}

function tooNew(): RapportError {
  return new RapportError(
    'VAULT_TOO_NEW',
    'This vault was written by a newer version of Rapport. Update Rapport to open it; nothing was changed.',
  );
}

function checkKdf(params: KdfParams, min: KdfParams): void {
  if (params.alg !== 'argon2id13') {
    throw new RapportError('DOWNGRADE', `The vault asks for an unknown key derivation (${params.alg}); refused.`);
  }
  if (params.opsLimit < min.opsLimit || params.memLimit < min.memLimit) {
    throw new RapportError(
      'DOWNGRADE',
      `The vault's passphrase slot asks for weaker key derivation than Rapport accepts ` +
        `(${Math.round(params.memLimit / 1048576)} MiB, ${params.opsLimit} passes; the minimum is ` +
        `${Math.round(min.memLimit / 1048576)} MiB, ${min.opsLimit} passes). It may have been tampered with; refused.`,
    );
  }
}

function requireStrong(passphrase: string): void {
  const s = passphraseStrength(passphrase);
  if (!s.acceptable) throw new RapportError('WEAK_PASSPHRASE', `That passphrase is too weak. ${s.reason}`);
}

function wrapWithPassphrase(
  vaultId: string,
  vaultKey: Uint8Array,
  passphrase: string,
  kdf: KdfParams,
): Database['key_slots'] {
  const salt = randomBytes(SALT_BYTES);
  const kek = deriveFromPassphrase(passphrase, salt, kdf);
  try {
    return {
      kind: 'passphrase',
      kdf_alg: kdf.alg,
      ops_limit: kdf.opsLimit,
      mem_limit: kdf.memLimit,
      salt,
      wrapped: seal(kek, vaultKey, slotAd(vaultId, 'passphrase', kdf)),
    };
  } finally {
    wipe(kek);
  }
}

function wrapWithRecoveryKey(vaultId: string, vaultKey: Uint8Array, recoveryKey: Uint8Array): Database['key_slots'] {
  const kek = deriveSubkey(recoveryKey, 1, CONTEXT_RECOVERY);
  try {
    return {
      kind: 'recovery',
      kdf_alg: null,
      ops_limit: null,
      mem_limit: null,
      salt: null,
      wrapped: seal(kek, vaultKey, slotAd(vaultId, 'recovery', null)),
    };
  } finally {
    wipe(kek);
  }
}

export class Vault {
  private keys: Keys | null = null;
  private state: IntegrityState | null = null;
  /** Version of every record row, as of the last verified scan plus our own writes. */
  private versions = new Map<string, number>();
  /** The integrity scan of the current unlock (null while locked). */
  private scan: Scan | null = null;
  /** Counts unlocks and locks, so a background scan stops when the vault locks under it. */
  private generation = 0;
  /** Projections of whole tables made since unlock (see `projected`): table → projection → rows. */
  private projections = new Map<string, Map<(data: never) => unknown, ProjectedRows>>();
  /** Counts commits, so a full read that raced a commit does not keep what the commit replaced. */
  private commits = 0;
  /** Per child table, the last CLIENT_READS_KEPT clients' rows (oldest first), as promises so concurrent reads share one. */
  private clientReads = new Map<string, Map<string, Promise<StoredRecord<unknown>[]>>>();
  /** Reads in progress (see `reading`), and the background scan's slices waiting for none. */
  private activeReads = 0;
  private readWaiters: (() => void)[] = [];
  /** Set when the background scan found tampering: the vault locked itself and will not unlock again. */
  private integrityFailure: RapportError | null = null;
  /** Told when the background scan finds tampering (the vault has already locked itself). */
  readonly integrityListeners = new Set<(error: RapportError) => void>();

  private constructor(
    readonly path: string,
    private readonly db: Kysely<Database>,
    readonly vaultId: string,
    private readonly options: VaultOptions,
    /** The format the records are written in now (a format-1 vault is upgraded at unlock). */
    private format: number = VAULT_FORMAT,
  ) {}

  get isUnlocked(): boolean {
    return this.keys !== null;
  }

  /** The tampering the background integrity check found since this file was opened, if any. */
  get integrityError(): RapportError | null {
    return this.integrityFailure;
  }

  /** Creates a new vault file, unlocked. Returns the recovery key, to be shown once. */
  static async create(
    file: string,
    passphrase: string,
    options: VaultOptions,
  ): Promise<{ vault: Vault; recoveryKey: string }> {
    requireStrong(passphrase);
    await loadSodium();
    if (fs.existsSync(file)) {
      throw new RapportError('VAULT_EXISTS', 'A vault already exists at that path. Open it instead, or choose another name.');
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const db = await openDatabase(file, true);
    const vaultId = randomUUID();
    const vaultKey = randomBytes(KEY_BYTES);
    const recovery = randomBytes(KEY_BYTES);
    try {
      await migrate(db);
      const vault = new Vault(file, db, vaultId, options);
      // Benchmark-only plaintext mode: trivial slots holding the key itself (see VaultOptions.plaintext).
      const trivial = (kind: SlotKind) => ({ kind, kdf_alg: 'none', ops_limit: null, mem_limit: null, salt: null, wrapped: vaultKey.slice() });
      const passphraseSlot = options.plaintext ? trivial('passphrase') : wrapWithPassphrase(vaultId, vaultKey, passphrase, options.kdf);
      const recoverySlot = options.plaintext ? trivial('recovery') : wrapWithRecoveryKey(vaultId, vaultKey, recovery);
      vault.setKeys(vaultKey);
      const state: IntegrityState = { counter: 0, tables: {} };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('vault_header')
          .values({ id: 1, format: VAULT_FORMAT, vault_id: vaultId, created_by: options.plaintext ? PLAINTEXT_CREATED_BY : 'Rapport' })
          .execute();
        await trx.insertInto('key_slots').values([passphraseSlot, recoverySlot]).execute();
        await trx
          .insertInto('vault_state')
          .values({ id: 1, commit_counter: 0, data: vault.sealState(state) })
          .execute();
      });
      vault.state = state;
      return { vault, recoveryKey: formatRecoveryKey(recovery) };
    } catch (e) {
      await db.destroy().catch(() => undefined);
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
      wipe(vaultKey);
      throw e;
    } finally {
      wipe(recovery);
    }
  }

  /** Opens an existing vault file, locked. */
  static async open(file: string, options: VaultOptions): Promise<Vault> {
    await loadSodium();
    if (!fs.existsSync(file)) throw new RapportError('NO_VAULT', 'There is no vault at that path.');
    const db = await openDatabase(file, false);
    try {
      await migrate(db);
      const header = await db.selectFrom('vault_header').selectAll().executeTakeFirst();
      if (!header) throw new RapportError('CORRUPT', 'The vault has no header: it is damaged or not a Rapport vault.');
      if ((header.created_by === PLAINTEXT_CREATED_BY) !== !!options.plaintext) {
        throw new RapportError(
          'CORRUPT',
          options.plaintext
            ? 'This is a real vault, not a plaintext benchmark database: refused.'
            : 'This file is an unencrypted benchmark database, not a Rapport vault: refused.',
        );
      }
      return new Vault(file, db, header.vault_id, options, header.format);
    } catch (e) {
      await db.destroy().catch(() => undefined);
      throw e;
    }
  }

  async unlock(passphrase: string): Promise<void> {
    const vaultKey = await this.openPassphraseSlot(passphrase);
    await this.activate(vaultKey);
  }

  /** Unlocks with the recovery key and sets a new passphrase, in one transaction. */
  async unlockWithRecoveryKey(recoveryText: string, newPassphrase: string): Promise<void> {
    const parsed = parseRecoveryKey(recoveryText);
    if (!parsed.ok) throw new RapportError('WRONG_RECOVERY_KEY', parsed.reason);
    requireStrong(newPassphrase);
    const slot = await this.db.selectFrom('key_slots').selectAll().where('kind', '=', 'recovery').executeTakeFirst();
    if (!slot) throw new RapportError('CORRUPT', 'This vault has no recovery slot.');
    const kek = deriveSubkey(parsed.key, 1, CONTEXT_RECOVERY);
    wipe(parsed.key);
    const vaultKey = open(kek, slot.wrapped, slotAd(this.vaultId, 'recovery', null));
    wipe(kek);
    if (!vaultKey) throw new RapportError('WRONG_RECOVERY_KEY', 'This recovery key does not open this vault.');
    await this.activate(vaultKey);
    await this.replaceSlot(wrapWithPassphrase(this.vaultId, vaultKey, newPassphrase, this.options.kdf));
  }

  /** Rewraps the passphrase slot (one UPDATE, so a crash leaves the old or the new one). */
  async changePassphrase(current: string, next: string): Promise<void> {
    const keys = this.requireKeys();
    requireStrong(next);
    const check = await this.openPassphraseSlot(current);
    const same = equalBytes(check, keys.vault);
    wipe(check);
    if (!same) throw new RapportError('WRONG_PASSPHRASE', 'The current passphrase is not right.');
    await this.replaceSlot(wrapWithPassphrase(this.vaultId, keys.vault, next, this.options.kdf));
  }

  /** Checks the passphrase against the open vault (for a plain export); throws WRONG_PASSPHRASE. Writes nothing. */
  async verifyPassphrase(passphrase: string): Promise<void> {
    const keys = this.requireKeys();
    const check = await this.openPassphraseSlot(passphrase);
    const same = equalBytes(check, keys.vault);
    wipe(check);
    if (!same) throw new RapportError('WRONG_PASSPHRASE', 'That passphrase does not open this vault.');
  }

  /** Replaces the recovery slot with a new key; the old recovery key stops working. */
  async newRecoveryKey(passphrase: string): Promise<string> {
    const keys = this.requireKeys();
    const check = await this.openPassphraseSlot(passphrase);
    wipe(check);
    const recovery = randomBytes(KEY_BYTES);
    try {
      await this.replaceSlot(wrapWithRecoveryKey(this.vaultId, keys.vault, recovery));
      return formatRecoveryKey(recovery);
    } finally {
      wipe(recovery);
    }
  }

  /** Wipes the keys and drops everything decrypted. */
  lock(): void {
    if (this.keys) {
      wipe(this.keys.vault, this.keys.state, this.keys.integrity, ...this.keys.records.values());
    }
    this.keys = null;
    if (this.state) for (const acc of Object.values(this.state.tables)) wipe(acc);
    this.state = null;
    this.versions = new Map();
    this.scan = null;
    this.generation++;
    for (const resume of this.readWaiters.splice(0)) resume(); // a scan waiting for reads stops at once
    this.projections = new Map();
    this.clientReads = new Map();
  }

  /**
   * Resolves when every table's integrity has been verified since unlock; rejects with CORRUPT
   * (naming the table) if one does not match, or VAULT_LOCKED if the vault locks first.
   */
  verified(): Promise<void> {
    this.requireKeys();
    return this.scan?.all ?? Promise.resolve();
  }

  /**
   * Writes a consistent copy of the vault (still encrypted: it opens with the same passphrase or
   * recovery key) with VACUUM INTO, to a temporary name, fsynced, then renamed into place.
   */
  async backupTo(file: string): Promise<void> {
    await this.verified(); // never back up a vault that is not known to be intact
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
    try {
      await sql`VACUUM INTO ${tmp}`.execute(this.db);
      fs.chmodSync(tmp, 0o600);
      fsyncFile(tmp);
      fs.renameSync(tmp, file);
      fsyncDir(path.dirname(file));
    } catch (e) {
      for (const suffix of ['', '-journal', '-wal']) fs.rmSync(tmp + suffix, { force: true });
      if (e instanceof RapportError && e.code !== 'IO_ERROR') throw e;
      // SQLite's I/O errors (VACUUM INTO) say "the vault file"; here it is the backup that failed.
      const code = e instanceof RapportError ? (/\((SQLITE_\w+)\)/.exec(e.message)?.[1] ?? (/disk is full/i.test(e.message) ? 'SQLITE_FULL' : undefined)) : (e as NodeJS.ErrnoException).code;
      if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
        throw new RapportError('IO_ERROR', 'The disk is full: the backup was not written. Free some space and try again. The vault is unchanged.');
      }
      throw new RapportError('IO_ERROR', `The backup could not be written${code ? ` (${code})` : ''}. Check that the folder exists and can be written to. The vault is unchanged.`);
    }
  }

  /**
   * Decrypts every record of every table from the file (not what is kept in memory), a slice at a
   * time; throws CORRUPT naming the first that fails. Returns counts.
   */
  async verifyAll(): Promise<Record<string, number>> {
    await this.verified();
    const counts: Record<string, number> = {};
    for (const table of RECORD_TABLES) {
      counts[table] = 0;
      for await (const slice of this.slices(table)) counts[table] += slice.length;
    }
    return counts;
  }

  async close(): Promise<void> {
    this.lock();
    await this.db.destroy();
  }

  // ---- records ----

  /** Reads one record, or null if there is none. */
  async get<T>(
    table: RecordTableName,
    id: string,
    executor: Executor = this.db,
    pending?: PendingVersions,
  ): Promise<StoredRecord<T> | null> {
    return this.reading(table, async () => {
      const kept = executor === this.db ? this.projections.get(table)?.get(KEEP_WHOLE) : undefined;
      if (kept) {
        const rec = kept.get(id);
        return rec ? copyOf<T>(rec) : null;
      }
      const row = (await executor
        .selectFrom(table)
        .select(sealedColumns(table) as never)
        .where('id', '=', id)
        .executeTakeFirst()) as SealedRow | undefined;
      return row ? this.decryptRow<T>(table, row, pending) : null;
    });
  }

  /** Reads every record of a table, or those whose clear foreign key column has the value. */
  async all<T>(
    table: RecordTableName,
    where?: { column: 'client_id'; value: string },
    executor: Executor = this.db,
    pending?: PendingVersions,
  ): Promise<StoredRecord<T>[]> {
    return this.reading(table, async () => {
      if (where && executor === this.db && CHILD_TABLES.has(table)) {
        return (await this.clientRead(table, where.value)).map((r) => copyOf<T>(r));
      }
      if (!where && executor === this.db && CACHED_TABLES.has(table)) {
        return (await this.projected(table, KEEP_WHOLE)).map((r) => copyOf<T>(r));
      }
      let q = executor.selectFrom(table).select(sealedColumns(table) as never);
      if (where) q = q.where(sql.ref(where.column), '=', where.value);
      const rows = (await q.execute()) as SealedRow[];
      return rows.map((row) => this.decryptRow<T>(table, row, pending));
    });
  }

  /**
   * Every record of a table kept whole in memory (CACHED_TABLES), shared and frozen rather than
   * copied: for the hot paths that only read them (the client list). Anything else uses `all`.
   */
  shared<T>(table: 'clients' | 'settings'): Promise<readonly StoredRecord<T>[]> {
    return this.projected(table, KEEP_WHOLE as (data: never) => T);
  }

  /**
   * Every record of a table with its data replaced by `project(data)`, kept in memory while
   * unlocked: the first call decrypts the table, later ones answer from memory, and each commit
   * updates the kept rows it wrote. For figures over whole tables (quarterly review signals) that
   * need a few fields of every row: keep projections small, and define each once (module level),
   * since it is kept per function. The rows returned are shared and frozen.
   */
  projected<P, T = never>(table: RecordTableName, project: (data: T) => P): Promise<readonly StoredRecord<P>[]> {
    return this.reading(table, async () => {
      const kept = this.projections.get(table)?.get(project);
      if (kept) return [...kept.values()] as StoredRecord<P>[];
      const [generation, commits] = [this.generation, this.commits];
      // In slices: only a thousand rows are decrypted in full at a time, never the whole table.
      const records: StoredRecord<P>[] = [];
      for await (const slice of this.slices<T>(table)) {
        for (const r of slice) records.push(frozen({ ...r, data: project(r.data) }));
      }
      if (generation === this.generation && commits === this.commits) {
        let byProjection = this.projections.get(table);
        if (!byProjection) this.projections.set(table, (byProjection = new Map()));
        byProjection.set(project, new Map(records.map((r) => [r.id, r])));
      }
      return records;
    });
  }

  /**
   * Reads every record of a table in slices of `size` rows (rowid order), letting other requests run
   * between slices: for building in-memory structures (the search index) without holding every
   * decrypted row at once. Not a snapshot: a commit between slices may or may not be seen, so a
   * caller that must be exact also follows `commitListeners`.
   */
  async *slices<T>(table: RecordTableName, size = SCAN_SLICE): AsyncGenerator<StoredRecord<T>[]> {
    await this.tableVerified(table);
    const columns = sql.join(sealedColumns(table).map((c) => sql.ref(c)));
    for (let after = 0; ; ) {
      const { rows } = await sql<SealedRow & { rowid: number }>`
        SELECT rowid, ${columns} FROM ${sql.table(table)} WHERE rowid > ${after} ORDER BY rowid LIMIT ${size}`.execute(this.db);
      if (rows.length === 0) return;
      yield rows.map((row) => this.decryptRow<T>(table, row));
      if (rows.length < size) return;
      after = rows[rows.length - 1].rowid;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One client's rows of a child table: from CLIENT_READS_KEPT recent reads, or read and kept. */
  private clientRead(table: RecordTableName, clientId: string): Promise<StoredRecord<unknown>[]> {
    let kept = this.clientReads.get(table);
    if (!kept) this.clientReads.set(table, (kept = new Map()));
    let read = kept.get(clientId);
    if (read) {
      kept.delete(clientId); // most recently used last
    } else {
      read = this.db
        .selectFrom(table)
        .select(sealedColumns(table) as never)
        .where(sql.ref('client_id'), '=', clientId)
        .execute()
        .then((rows) => (rows as SealedRow[]).map((row) => this.decryptRow<unknown>(table, row)));
      const mine = read;
      read.catch(() => {
        if (kept.get(clientId) === mine) kept.delete(clientId);
      });
      if (kept.size >= CLIENT_READS_KEPT) kept.delete(kept.keys().next().value!);
    }
    kept.set(clientId, read);
    return read;
  }

  /** Ids of the rows of a table whose clear column has the value (no decryption). */
  async ids(table: RecordTableName, column: 'client_id', value: string, executor: Executor = this.db): Promise<string[]> {
    this.requireKeys();
    const rows = await executor.selectFrom(table).select('id').where(sql.ref(column), '=', value).execute();
    return rows.map((r) => r.id);
  }

  /** Counts rows per value of a clear foreign key column (no decryption). */
  async countBy(table: 'contacts' | 'timeline_entries', column: 'client_id'): Promise<{ key: string; count: number }[]> {
    this.requireKeys();
    const result = await sql<{ key: string; count: number }>`
      SELECT ${sql.ref(column)} AS key, count(*) AS count FROM ${sql.table(table)} GROUP BY 1`.execute(this.db);
    return result.rows;
  }

  /** Which client each row of a child table belongs to (no decryption). */
  async clientIdsOf(table: ClientChildTableName): Promise<Map<string, string>> {
    this.requireKeys();
    const rows = await this.db.selectFrom(table).select(['id', 'client_id']).execute();
    return new Map(rows.map((r) => [r.id, r.client_id]));
  }


  /** Listeners told, after each commit, which rows changed (version null: deleted). */
  readonly commitListeners = new Set<(changes: RowChange[]) => void>();

  /** Runs a write transaction (BEGIN IMMEDIATE): all of it commits, or none of it. */
  async write<R>(fn: (w: Writer) => Promise<R>): Promise<R> {
    await this.verified(); // a write builds on the integrity state: every table must be verified first
    const writer = await this.db.transaction().execute(async (trx) => {
      const current = this.state!;
      const w = new Writer(this, trx, {
        counter: current.counter,
        tables: Object.fromEntries(Object.entries(current.tables).map(([k, v]) => [k, v.slice()])),
      });
      w.result = await fn(w);
      w.state.counter += 1;
      await trx
        .updateTable('vault_state')
        .set({ commit_counter: w.state.counter, data: this.sealState(w.state) })
        .where('id', '=', 1)
        .execute();
      return w;
    });
    // Committed: adopt the new integrity state, row versions and cached records.
    this.state = writer.state;
    this.commits++;
    const changes: RowChange[] = [];
    for (const [key, version] of writer.versionChanges) {
      if (version === null) this.versions.delete(key);
      else this.versions.set(key, version);
      const [table, id] = key.split('\u0000') as [RecordTableName, string];
      changes.push({ table, id, version });
      this.clientReads.delete(table);
      const projections = this.projections.get(table);
      if (!projections) continue;
      if (version === null) {
        for (const rows of projections.values()) rows.delete(id);
        continue;
      }
      const written = writer.written.get(key)!;
      const data = JSON.parse(written.json) as never;
      const owner = written.clientId === undefined ? {} : { clientId: written.clientId };
      for (const [project, rows] of projections) rows.set(id, frozen({ id, version, data: project(data), ...owner }));
    }
    for (const listener of this.commitListeners) listener(changes);
    return writer.result as R;
  }

  /** The commit counter (for tests and diagnostics). */
  get commitCounter(): number {
    return this.requireState().counter;
  }

  // ---- internals used by Writer ----

  /** @internal */
  encryptRow(
    table: string,
    id: string,
    version: number,
    data: unknown,
    owner: string | null,
    format = this.format,
  ): { key_id: number; data: Uint8Array; json: string } {
    const keys = this.requireKeys();
    const json = JSON.stringify(data);
    if (this.options.plaintext) return { key_id: 0, data: encodeUtf8(json), json }; // benchmark baseline only
    const keyId = CURRENT_RECORD_KEY_ID;
    const plain = pad(encodeUtf8(json));
    try {
      const ad = recordAd(this.vaultId, table, id, 'data', version, keyId, owner, format);
      return { key_id: keyId, data: seal(this.recordKey(keys, keyId), plain, ad), json };
    } finally {
      wipe(plain);
    }
  }

  /** @internal */
  rowTag(table: string, id: string, version: number): Uint8Array {
    if (this.options.plaintext) {
      this.requireKeys();
      return ZERO_TAG(); // benchmark baseline only
    }
    return mac(this.requireKeys().integrity, rowTagInput(table, id, version));
  }

  /** @internal */
  knownVersion(table: string, id: string, pending?: PendingVersions): number | null | undefined {
    const key = versionKey(table, id);
    return pending?.has(key) ? pending.get(key) : this.versions.get(key);
  }

  /** @internal */
  decryptRow<T>(
    table: string,
    row: SealedRow,
    pending?: PendingVersions,
  ): StoredRecord<T> {
    const keys = this.requireKeys();
    const key = versionKey(table, row.id);
    const expected = pending?.has(key) ? pending.get(key) : this.versions.get(key);
    if (expected !== row.version) {
      throw new RapportError(
        'CORRUPT',
        `Record ${row.id} in ${table} does not match what Rapport last wrote: ` +
          `it was added, removed or put back from an older copy outside Rapport.`,
      );
    }
    const owner = row.client_id === undefined ? {} : { clientId: row.client_id };
    if (this.options.plaintext) return { id: row.id, version: row.version, data: JSON.parse(decodeUtf8(row.data)) as T, ...owner }; // benchmark baseline only
    const plain = open(
      this.recordKey(keys, row.key_id),
      row.data,
      recordAd(this.vaultId, table, row.id, 'data', row.version, row.key_id, row.client_id ?? null, this.format),
    );
    const unpadded = plain ? unpad(plain) : null;
    if (!unpadded) {
      throw new RapportError(
        'CORRUPT',
        `Record ${row.id} in ${table} failed authentication: it was changed, moved or replaced outside Rapport.`,
      );
    }
    try {
      return { id: row.id, version: row.version, data: JSON.parse(decodeUtf8(unpadded)) as T, ...owner };
    } finally {
      wipe(plain);
    }
  }

  // ---- private ----

  /** Waits until the table's integrity is verified (at once, once the background scan is past it). */
  private async tableVerified(table: string): Promise<void> {
    this.requireKeys();
    const pending = this.scan?.pending.get(table);
    if (pending) await pending;
  }

  /**
   * Runs a read of a verified table, counted as in progress: the background integrity scan waits
   * between its slices while any is (`readsDone`), so a request made just after unlock is answered
   * before the rest of the scan rather than slice by slice alongside it.
   */
  private async reading<R>(table: string, read: () => Promise<R>): Promise<R> {
    await this.tableVerified(table);
    this.activeReads++;
    try {
      return await read();
    } finally {
      if (--this.activeReads === 0) for (const resume of this.readWaiters.splice(0)) resume();
    }
  }

  /** Resolves when no read is in progress. */
  private readsDone(): Promise<void> {
    return this.activeReads === 0 ? Promise.resolve() : new Promise((resolve) => this.readWaiters.push(resolve));
  }

  private requireKeys(): Keys {
    if (!this.keys) throw lockedError();
    return this.keys;
  }

  private requireState(): IntegrityState {
    this.requireKeys();
    return this.state!;
  }

  private recordKey(keys: Keys, keyId: number): Uint8Array {
    let key = keys.records.get(keyId);
    if (!key) {
      key = deriveSubkey(keys.vault, keyId, CONTEXT_RECORDS);
      keys.records.set(keyId, key);
    }
    return key;
  }

  private setKeys(vaultKey: Uint8Array): void {
    this.keys = {
      vault: vaultKey,
      state: deriveSubkey(vaultKey, 1, CONTEXT_STATE),
      integrity: deriveSubkey(vaultKey, 1, CONTEXT_INTEGRITY),
      records: new Map(),
    };
  }

  private sealState(state: IntegrityState): Uint8Array {
    const json = JSON.stringify({
      counter: state.counter,
      tables: Object.fromEntries(Object.entries(state.tables).map(([k, v]) => [k, toHex(v)])),
    });
    return seal(this.requireKeys().state, encodeUtf8(json), stateAd(this.vaultId));
  }

  private async openPassphraseSlot(passphrase: string): Promise<Uint8Array> {
    const slot = await this.db.selectFrom('key_slots').selectAll().where('kind', '=', 'passphrase').executeTakeFirst();
    if (slot && this.options.plaintext) return slot.wrapped.slice(); // benchmark baseline only: a trivial slot
    if (!slot || !slot.salt || slot.ops_limit === null || slot.mem_limit === null) {
      throw new RapportError('CORRUPT', 'This vault has no passphrase slot.');
    }
    const params: KdfParams = { alg: slot.kdf_alg as 'argon2id13', opsLimit: slot.ops_limit, memLimit: slot.mem_limit };
    checkKdf(params, this.options.minKdf);
    const kek = deriveFromPassphrase(passphrase, slot.salt, params);
    const vaultKey = open(kek, slot.wrapped, slotAd(this.vaultId, 'passphrase', params));
    wipe(kek);
    if (!vaultKey) throw new RapportError('WRONG_PASSPHRASE', 'That passphrase does not open this vault.');
    return vaultKey;
  }

  private async replaceSlot(slot: Database['key_slots']): Promise<void> {
    const kind = slot.kind as SlotKind;
    await this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('key_slots')
        .set({ ...slot })
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (res.numUpdatedRows !== 1n) throw new RapportError('CORRUPT', `This vault has no ${kind} slot.`);
    });
  }

  /**
   * Rewrites every record in the current format (same version and key, new associated data) and
   * records the new format in the header, in one transaction. Runs at unlock, after the integrity
   * check, on a vault written by an older Rapport.
   */
  private async upgradeRecords(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of RECORD_TABLES) {
        const rows = (await trx.selectFrom(table).select(sealedColumns(table) as never).execute()) as SealedRow[];
        for (const row of rows) {
          const { data } = this.decryptRow(table, row);
          const sealed = this.encryptRow(table, row.id, row.version, data, row.client_id ?? null, VAULT_FORMAT).data;
          await trx.updateTable(table).set({ data: sealed } as never).where('id', '=', row.id).execute();
        }
      }
      await trx.updateTable('vault_header').set({ format: VAULT_FORMAT }).where('id', '=', 1).execute();
    });
    this.format = VAULT_FORMAT;
  }

  /**
   * Takes the vault key, verifies the integrity state record and the tables the first screen reads,
   * and unlocks; the other tables are verified in the background (`verifyInBackground`).
   */
  private async activate(vaultKey: Uint8Array): Promise<void> {
    this.lock();
    if (this.integrityFailure) {
      wipe(vaultKey);
      throw this.integrityFailure;
    }
    this.setKeys(vaultKey);
    const generation = this.generation;
    try {
      const row = await this.db.selectFrom('vault_state').selectAll().executeTakeFirst();
      const plain = row ? open(this.keys!.state, row.data, stateAd(this.vaultId)) : null;
      if (!row || !plain) {
        throw new RapportError('CORRUPT', 'The vault_state record failed authentication: the vault was changed outside Rapport.');
      }
      const parsed = JSON.parse(decodeUtf8(plain)) as { counter: number; tables: Record<string, string> };
      if (parsed.counter !== row.commit_counter) {
        throw new RapportError('CORRUPT', 'The vault_state record was changed outside Rapport.');
      }
      const state: IntegrityState = {
        counter: parsed.counter,
        tables: Object.fromEntries(Object.entries(parsed.tables).map(([k, v]) => [k, fromHex(v)])),
      };
      this.state = state;
      this.scan = this.verifyInBackground(state, generation);
      // Unlock answers once the tables of the first screen are verified; a failure there fails it.
      await Promise.all(VERIFIED_AT_UNLOCK.map((t) => this.scan!.pending.get(t)));
      if (this.format < VAULT_FORMAT && !this.options.plaintext) {
        await this.scan.all;
        await this.upgradeRecords();
      }
    } catch (e) {
      if (generation === this.generation) this.lock();
      throw e;
    }
  }

  /**
   * Verifies each table's integrity accumulator against its rows (a keyed tag per (table, id,
   * version)), first the tables of the first screen, then the others in slices that leave the event
   * loop to other requests. Until its table is verified, a read of it waits (`tableVerified`), and a
   * write waits for all of them, so nothing unverified is ever returned or built upon. A mismatch
   * locks the vault, remembers the failure (this vault will not unlock again until restored) and
   * tells `integrityListeners`.
   */
  private verifyInBackground(state: IntegrityState, generation: number): Scan {
    const order = [...VERIFIED_AT_UNLOCK, ...RECORD_TABLES.filter((t) => !VERIFIED_AT_UNLOCK.includes(t))];
    const settle = new Map<string, { resolve: () => void; reject: (e: unknown) => void }>();
    const pending = new Map<string, Promise<void>>();
    for (const table of order) {
      const p = new Promise<void>((resolve, reject) => settle.set(table, { resolve, reject }));
      p.catch(() => undefined); // rejections reach whoever awaits the table; none are unhandled
      pending.set(table, p);
    }
    const run = async () => {
      for (const [i, table] of order.entries()) {
        try {
          await this.verifyTable(table, state, generation, i >= VERIFIED_AT_UNLOCK.length);
        } catch (e) {
          for (const t of order.slice(i)) settle.get(t)!.reject(e);
          if (generation === this.generation && e instanceof RapportError && e.code === 'CORRUPT' && i >= VERIFIED_AT_UNLOCK.length) {
            this.integrityFailure = e;
            this.lock();
            for (const listener of this.integrityListeners) listener(e);
          }
          throw e;
        }
        pending.delete(table);
        settle.get(table)!.resolve();
      }
    };
    const all = run();
    all.catch(() => undefined);
    return { pending, all };
  }

  private async verifyTable(table: RecordTableName, state: IntegrityState, generation: number, inSlices: boolean): Promise<void> {
    const acc = ZERO_TAG();
    let after = 0;
    for (;;) {
      if (inSlices) await this.readsDone();
      if (generation !== this.generation) throw lockedError();
      const { rows } = await sql<{ rowid: number; id: string; version: number }>`
        SELECT rowid, id, version FROM ${sql.table(table)} WHERE rowid > ${after} ORDER BY rowid
        ${inSlices ? sql`LIMIT ${SCAN_SLICE}` : sql``}`.execute(this.db);
      if (generation !== this.generation) throw lockedError();
      for (const r of rows) {
        xorInto(acc, this.rowTag(table, r.id, r.version));
        this.versions.set(versionKey(table, r.id), r.version);
      }
      if (!inSlices || rows.length < SCAN_SLICE) break;
      after = rows[rows.length - 1].rowid;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!equalBytes(acc, state.tables[table] ?? ZERO_TAG())) {
      throw new RapportError(
        'CORRUPT',
        `The ${table} table does not match what Rapport last wrote: rows were removed, added or ` +
          `put back from an older copy outside Rapport. Restore the vault from a backup.`,
      );
    }
  }
}

/** The operations of one write transaction. Keeps the integrity accumulator in step with each row. */
export class Writer {
  result: unknown;
  readonly versionChanges: PendingVersions = new Map();
  /** What each row written holds now (the JSON a read would decrypt), for the kept projections at commit. */
  readonly written = new Map<string, { json: string; clientId?: string }>();

  constructor(
    private readonly vault: Vault,
    readonly trx: Transaction<Database>,
    readonly state: IntegrityState,
  ) {}

  get<T>(table: RecordTableName, id: string): Promise<StoredRecord<T> | null> {
    return this.vault.get<T>(table, id, this.trx, this.versionChanges);
  }

  all<T>(table: RecordTableName, where?: { column: 'client_id'; value: string }): Promise<StoredRecord<T>[]> {
    return this.vault.all<T>(table, where, this.trx, this.versionChanges);
  }

  ids(table: RecordTableName, column: 'client_id', value: string): Promise<string[]> {
    return this.vault.ids(table, column, value, this.trx);
  }

  async insert(table: RecordTableName, id: string, data: unknown, clear: Record<string, string> = {}): Promise<number> {
    const version = 1;
    const { json, ...sealed } = this.vault.encryptRow(table, id, version, data, clear.client_id ?? null);
    await this.trx
      .insertInto(table)
      .values({ id, version, ...sealed, ...clear } as never)
      .execute();
    this.tag(table, id, version);
    this.changed(table, id, version, { json, ...(clear.client_id === undefined ? {} : { clientId: clear.client_id }) });
    return version;
  }

  /** Replaces a record's data. With expectedVersion, a concurrent change gives CONFLICT. */
  async update(table: RecordTableName, id: string, data: unknown, expectedVersion?: number): Promise<number> {
    const row = (await this.trx
      .selectFrom(table)
      .select((CHILD_TABLES.has(table) ? ['version', 'client_id'] : ['version']) as never)
      .where('id', '=', id)
      .executeTakeFirst()) as { version: number; client_id?: string } | undefined;
    if (!row) throw new RapportError('NOT_FOUND', `No such record in ${table}.`);
    this.checkKnown(table, id, row.version);
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      throw new RapportError('CONFLICT', 'This record was changed since you opened it. Reload it and try again.');
    }
    const version = row.version + 1;
    const { json, ...sealed } = this.vault.encryptRow(table, id, version, data, row.client_id ?? null);
    await this.trx
      .updateTable(table)
      .set({ version, ...sealed } as never)
      .where('id', '=', id)
      .where('version', '=', row.version)
      .execute();
    this.tag(table, id, row.version);
    this.tag(table, id, version);
    this.changed(table, id, version, { json, ...(row.client_id === undefined ? {} : { clientId: row.client_id }) });
    return version;
  }

  async remove(table: RecordTableName, id: string): Promise<void> {
    const row = await this.trx.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
    if (!row) throw new RapportError('NOT_FOUND', `No such record in ${table}.`);
    this.checkKnown(table, id, row.version);
    await this.trx.deleteFrom(table).where('id', '=', id).execute();
    this.tag(table, id, row.version);
    this.versionChanges.set(versionKey(table, id), null);
    this.written.delete(versionKey(table, id));
  }

  private changed(table: string, id: string, version: number, written: { json: string; clientId?: string }): void {
    const key = versionKey(table, id);
    this.versionChanges.set(key, version);
    this.written.set(key, written);
  }

  private checkKnown(table: string, id: string, version: number): void {
    if (this.vault.knownVersion(table, id, this.versionChanges) !== version) {
      throw new RapportError('CORRUPT', `Record ${id} in ${table} was changed outside Rapport.`);
    }
  }

  private tag(table: string, id: string, version: number): void {
    const acc = (this.state.tables[table] ??= ZERO_TAG());
    xorInto(acc, this.vault.rowTag(table, id, version));
  }
}
