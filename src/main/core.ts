/**
 * The host-independent heart of the main process: which vault is open, its lock state, the idle
 * timer, the API handlers and the events the renderer hears. The Electron shell and the web host
 * both wrap one of these; neither adds behaviour of its own beyond windows, dialogs and transport.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RapportError, isRapportError } from '../shared/errors';
import type { AppEvent, AppStatus, BackupStatus, Settings } from '../shared/types';
import { type Clock, systemClock } from './clock';
import { type Handlers, type Router, createRouter } from './router';
import type { ServiceDeps } from './services/deps';
import { createClient, deleteClient, getClient, goingCold, listClients, updateClient } from './services/clients';
import { createContact, deleteContact, listContacts, updateContact } from './services/contacts';
import { getPerson } from './services/person';
import { addDate, deleteDate, updateDate } from './services/dates';
import { getDossier } from './services/dossier';
import { addFact, deleteFact, updateFact } from './services/facts';
import {
  completeFollowUp,
  createFollowUp,
  dropFollowUp,
  followUpsToday,
  pageFollowUps,
  snoozeFollowUp,
} from './services/followups';
import { handOver } from './services/handovers';
import { search } from './services/search';
import { DEFAULT_SETTINGS, getSettings, updateSettings } from './services/settings';
import { UndoStore, type UndoEntry, restoreRows } from './services/snapshot';
import { addEntry, deleteEntry, listTimeline, markLetterSent, queryTimeline, updateEntry } from './services/timeline';
import { recordWarmth, updateWarmth } from './services/warmth';
import { ImportPreviews, previewImport } from './services/importing/preview';
import { commitImport } from './services/importing/commit';
import { importJson } from './services/importing/json';
import { exportPlain } from './services/exporting/plain';
import { exportCalendar } from './services/exporting/calendar';
import {
  annotateReview,
  discardReview,
  finishReview,
  getReview,
  listReviews,
  recordReview,
  reviewTrends,
  startReview,
} from './services/reviews';
import { listChecklists, listTemplates, setStage, toggleChecklistItem, updateTemplate } from './services/checklists';
import {
  addItem,
  changeItemState,
  clientPromises,
  createEngagement,
  deleteItem,
  promisesNeedingAttention,
  updateEngagement,
  updateItem,
} from './services/engagements';
import { DEFAULT_KDF, MIN_KDF } from './vault/crypto';
import { Vault, type VaultOptions } from './vault/vault';
import { legacyCopyPath } from './vault/convert';
import { writeFileAtomic } from './files';
import { VAULT_EXTENSION, resolveVaultPath } from './paths';
import { backupFileName, backupIntoFolder, removeVaultFiles, replaceVault, verifiedCopy } from './backup';
import { type Reminder, dueReminders } from './reminders';
import { BatchRegistry, type LetterDeps, letterHandlers } from './services/letters';
import { ChoiceRegistry } from './choices';
import type { ChoicePurpose, FileChoice } from '../shared/choices';
import type { SyncConflictView, SyncStatusView } from '../shared/sync';
import { SyncEngine, joinSyncedVault } from './sync/engine';
import { parseRecoveryKey } from './vault/recoveryKey';

/** A dialog main shows: what for, and the file name to suggest when saving. */
export interface ChoiceRequest {
  purpose: ChoicePurpose;
  defaultName?: string;
}

/** What only the host can do (native dialogs, desktop notifications). */
export interface Host {
  platform: 'electron' | 'web';
  /** Shows main's own file or folder dialog; `path` is null when cancelled. */
  choose(request: ChoiceRequest): Promise<{ supported: boolean; path: string | null }>;
  /** Shows a desktop notification (the web host logs that one was due, without its text). */
  notify?(reminder: Reminder): void;
  /** Withdraws every notification still on screen (called on lock). */
  clearNotifications?(): void;
  /** The system clipboard (the web host has none: the page uses the browser's). */
  clipboard?: { writeText(text: string): unknown; readText(): string | Promise<string>; clear(): void };
}

/** Methods that only read: they do not count as user activity. */
const READ_ONLY_METHOD =
  /\.(get|list|status|query|today|attention|dossier|goingCold|trends|forClient|templates|preview|inspect|batchPreview|plainText|legacyCopy)$/;

/** How often, while unlocked with sync on, Rapport writes its changes to the sync folder and reads the others'. */
export const SYNC_POLL_MS = 1_500;

const SYNC_OFF: SyncStatusView = { on: false, folderName: null, paused: false, lastSyncedAt: null, waiting: 0, devices: [], conflicts: 0, problems: [], error: null };
const asText = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));

/** How long a copied sensitive value may stay on the clipboard. */
export const CLIPBOARD_CLEAR_MS = 30_000;

export interface CoreOptions {
  /** The app's data folder: config and the default vault live here. */
  dataDir: string;
  /** Vault to open at start; otherwise the last one used, or `<dataDir>/vault.rapport`. */
  vaultPath?: string;
  host: Host;
  clock?: Clock;
}


/** The production core: default KDF parameters, which nothing the app runs can change. */
export function createCore(options: CoreOptions): RapportCore {
  return new RapportCore(options, { kdf: DEFAULT_KDF, minKdf: MIN_KDF });
}

type Listener = (event: AppEvent) => void;

export class RapportCore {
  readonly call: Router;
  private vault: Vault | null = null;
  /** Decrypted data held only while unlocked: undo snapshots. */
  private readonly undo = new UndoStore();
  /** Import previews waiting for import.commit (decrypted matches inside): dropped on lock. */
  private readonly imports = new ImportPreviews();
  /** Files and folders chosen in main's dialogs, by the opaque ids the renderer holds. */
  private readonly choices = new ChoiceRegistry();
  /** Letter batches running now, so they can be cancelled. */
  private readonly letterBatches = new BatchRegistry();
  /** The sensitive value last copied, while it may still be on the clipboard. */
  private copied: { text: string; timer: NodeJS.Timeout } | null = null;
  /** Reminders already shown since the last unlock. */
  private readonly reminded = new Set<string>();
  /** Why the vault found at start could not be opened (too new, damaged), answered to calls that need it. */
  private openError: RapportError | null = null;
  private vaultPath: string;
  private readonly clock: Clock;
  private readonly listeners = new Set<Listener>();
  private lastActivity: number;
  private autoLockMinutes = DEFAULT_SETTINGS.autoLockMinutes;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Sync between devices: the engine while unlocked with sync on, its timer, the pass under way. */
  private sync: SyncEngine | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private syncPass: Promise<void> | null = null;
  private syncError: string | null = null;
  /** Serialises vault switches so a call never sees a half-opened vault. */
  private opening: Promise<void> = Promise.resolve();

  /** Not for the app: tests pass cheaper KDF parameters here. The app uses createCore(). */
  constructor(
    private readonly options: CoreOptions,
    private readonly vaultOptions: VaultOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.lastActivity = this.clock.now().getTime();
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.vaultPath = path.resolve(options.vaultPath ?? this.readConfig().lastVaultPath ?? this.defaultVaultPath());
    this.call = this.instrument(createRouter(this.handlers()));
  }

  /** Opens the vault file if there is one (locked). Call once after construction. */
  async start(): Promise<void> {
    try {
      await this.switchTo(this.vaultPath);
    } catch (e) {
      // The app still starts, so the person sees why (for example VAULT_TOO_NEW) and can open
      // or create another vault; nothing is written to the file that failed to open.
      if (!isRapportError(e)) throw e;
      this.openError = e;
    }
    this.idleTimer = setInterval(() => {
      this.checkIdle();
      void this.checkReminders();
      void this.checkBackup().catch(() => undefined);
    }, 15_000);
    this.idleTimer.unref();
  }

  async dispose(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.stopSync();
    await this.opening;
    await this.vault?.close();
    this.vault = null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Locks now (menu, shortcut, suspend, screen lock, idle). Safe to call when already locked. */
  lock(reason: Extract<AppEvent, { type: 'locked' }>['reason']): void {
    if (!this.vault?.isUnlocked) return;
    this.vault.lock();
    this.dropDecrypted();
    this.emit({ type: 'locked', reason });
  }

  /** Locks when the user has been idle longer than the auto-lock setting. */
  checkIdle(): void {
    if (!this.vault?.isUnlocked) return;
    const idleMs = this.clock.now().getTime() - this.lastActivity;
    if (idleMs >= this.autoLockMinutes * 60_000) this.lock('idle');
  }

  /** Shows each due follow-up and today's important dates once per unlock. */
  async checkReminders(): Promise<void> {
    const notify = this.options.host.notify;
    if (!notify || !this.vault?.isUnlocked) return;
    try {
      for (const r of await dueReminders(this.deps())) {
        if (this.reminded.has(r.key) || !this.vault?.isUnlocked) continue;
        this.reminded.add(r.key);
        notify(r);
      }
    } catch {
      // Locked while reading, or a record failed to decrypt: the next check (or the UI) reports it.
    }
  }

  /** Runs the automatic backup when one is due (unlocked, a folder set, the last one old enough). */
  async checkBackup(): Promise<string | null> {
    if (!this.vault?.isUnlocked) return null;
    const settings = await getSettings(this.deps());
    if (!backupStatus(settings, this.clock.now()).overdue) return null;
    return (await this.backupNow(settings, null)).path;
  }

  /** Shows main's dialog for a purpose and keeps what was chosen under a new opaque id. */
  private async chooseFile(purpose: ChoicePurpose, suggestedName?: string): Promise<FileChoice> {
    const defaultName = purpose === 'backup-save' ? backupFileName(this.vaultPath, this.clock.now()) : suggestedName;
    const r = await this.options.host.choose({ purpose, defaultName });
    if (!r.supported || !r.path) return { supported: r.supported, choice: null };
    return { supported: true, choice: this.choices.add(purpose, r.path) };
  }

  /** The target of a backup: a choice id from files.choose (folder or file), or the remembered folder. */
  private async backupNow(settings: Settings, choiceId: string | null): Promise<{ path: string; at: string }> {
    const vault = this.requireVault();
    const at = this.clock.now();
    let file: string;
    if (choiceId) {
      const target = this.choices.take(choiceId, ['backup-folder', 'backup-save']);
      file = target.purpose === 'backup-folder' ? path.join(target.path, backupFileName(vault.path, at)) : target.path;
      if (!fs.existsSync(path.dirname(file))) throw new RapportError('NOT_FOUND', `The folder ${path.dirname(file)} does not exist.`);
      await vault.backupTo(file);
    } else {
      if (!settings.backupFolder) throw new RapportError('INVALID_INPUT', 'Choose a backup folder in Settings first.');
      file = await backupIntoFolder(vault, settings.backupFolder, settings.keepBackups, at);
    }
    await updateSettings(this.deps(), { lastBackupAt: at.toISOString() });
    return { path: file, at: at.toISOString() };
  }

  status(): AppStatus {
    return {
      state: !this.vault ? (this.openError ? 'locked' : 'no-vault') : this.vault.isUnlocked ? 'unlocked' : 'locked',
      vaultPath: this.vaultPath,
      vaultName: path.basename(this.vaultPath),
      platform: this.options.host.platform,
      autoLockMinutes: this.vault?.isUnlocked ? this.autoLockMinutes : null,
      recoveryKeyConfirmed: null,
      integrityError: this.vault?.integrityError?.message ?? null,
    };
  }

  // ---- private ----

  /** Copies a sensitive value; it leaves the clipboard after 30 s (or on lock) if still there. */
  copySensitive(text: string): { supported: boolean } {
    const clipboard = this.options.host.clipboard;
    if (!clipboard) return { supported: false };
    void this.forgetCopied(false);
    void clipboard.writeText(text);
    const timer = setTimeout(() => void this.forgetCopied(true), CLIPBOARD_CLEAR_MS);
    timer.unref?.();
    this.copied = { text, timer };
    return { supported: true };
  }

  private async forgetCopied(clear: boolean): Promise<void> {
    const copied = this.copied;
    if (!copied) return;
    this.copied = null;
    clearTimeout(copied.timer);
    const clipboard = this.options.host.clipboard;
    if (clear && clipboard && (await clipboard.readText()) === copied.text) clipboard.clear();
  }

  /** The vault locked itself: its background integrity check found it changed outside Rapport. */
  private readonly onIntegrityFailure = () => {
    this.dropDecrypted();
    this.emit({ type: 'locked', reason: 'corrupt' });
  };

  /** Makes `vault` the current one, told when it locks itself over a failed integrity check. */
  private adopt(vault: Vault | null): void {
    vault?.integrityListeners.add(this.onIntegrityFailure);
    this.vault = vault;
  }

  private dropDecrypted(): void {
    this.stopSync();
    void this.forgetCopied(true);
    this.undo.clear();
    this.imports.clear();
    this.reminded.clear();
    this.options.host.clearNotifications?.();
  }

  /** Starts sync for the unlocked vault if it has sync on: capture at once, then a pass every SYNC_POLL_MS. */
  private async startSync(engine?: SyncEngine): Promise<void> {
    this.stopSync();
    const vault = this.vault;
    if (!vault?.isUnlocked) return;
    this.sync = engine ?? (await SyncEngine.attach(vault, () => this.clock.now()));
    if (!this.sync) return;
    this.syncTimer = setInterval(() => void this.runSync(), SYNC_POLL_MS);
    this.syncTimer.unref();
    void this.runSync();
  }

  private stopSync(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = null;
    this.sync?.detach();
    this.sync = null;
    this.syncError = null;
  }

  /** One sync pass (passes never overlap); the page hears when other devices' changes arrived. */
  runSync(): Promise<void> {
    const engine = this.sync;
    if (!engine) return Promise.resolve();
    this.syncPass ??= (async () => {
      try {
        const report = await engine.syncNow();
        if (this.sync === engine) this.syncError = null;
        if (report.records > 0) this.emit({ type: 'data-changed', tables: [] });
      } catch (e) {
        if (this.sync === engine) this.syncError = isRapportError(e) ? e.message : `Sync failed: ${(e as Error).message ?? String(e)}`;
      } finally {
        this.syncPass = null;
      }
    })();
    return this.syncPass;
  }

  private async syncStatus(): Promise<SyncStatusView> {
    this.requireUnlocked();
    if (!this.sync) return SYNC_OFF;
    const s = await this.sync.status();
    return {
      on: true,
      folderName: path.basename(s.folder),
      paused: s.paused,
      lastSyncedAt: s.lastSyncedAt,
      waiting: s.waiting,
      devices: s.devices,
      conflicts: s.conflicts,
      problems: s.problems.map((p) => ({ kind: p.kind, message: p.message })),
      error: this.syncError,
    };
  }

  private requireSync(): SyncEngine {
    this.requireUnlocked();
    if (!this.sync) throw new RapportError('NOT_FOUND', 'Sync is not on for this vault. Turn it on in Settings → Sync.');
    return this.sync;
  }

  private async syncConflicts(): Promise<SyncConflictView[]> {
    const vault = this.requireUnlocked();
    const out: SyncConflictView[] = [];
    for (const c of await this.requireSync().conflicts()) {
      const rec = c.field === '(record)' ? null : await vault.get<Record<string, unknown>>(c.table as never, c.recordId).catch(() => null);
      const name = rec ? asText(rec.data.name ?? rec.data.summary ?? rec.data.text ?? c.table) : c.table;
      const what = c.field === '(record)' ? `A record added on another device to a client deleted here (${c.table})` : `${name}: ${c.field}`;
      out.push({ id: c.id, what, field: c.field, kept: asText(c.kept), lost: asText(c.lost), foundAt: c.foundAt });
    }
    return out;
  }

  /** Keeps a delete's snapshot for undo; answers the token. */
  private undoable(entry: UndoEntry) {
    return { undoToken: this.undo.put(entry), label: entry.label };
  }

  private emit(event: AppEvent): void {
    for (const l of this.listeners) l(event);
  }

  /**
   * Only what a person does counts as activity for auto-lock: the renderer's heartbeat on input,
   * and changes. Reads do not, so a page refreshing data in the background cannot keep it open.
   */
  private instrument(router: Router): Router {
    return async (method, input) => {
      await this.opening;
      if (typeof method === 'string' && !READ_ONLY_METHOD.test(method)) this.lastActivity = this.clock.now().getTime();
      const result = await router(method, input);
      // Locked because the integrity check found tampering: say that, not just "locked".
      const tampered = this.vault?.integrityError;
      if (!result.ok && result.error.code === 'VAULT_LOCKED' && tampered) return { ok: false, error: { code: tampered.code, message: tampered.message } };
      return result;
    };
  }

  private defaultVaultPath(): string {
    return path.join(this.options.dataDir, `vault${VAULT_EXTENSION}`);
  }

  private configPath(): string {
    return path.join(this.options.dataDir, 'config.json');
  }

  private readConfig(): { lastVaultPath?: string } {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.configPath(), 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && typeof (parsed as { lastVaultPath?: unknown }).lastVaultPath === 'string') {
        return { lastVaultPath: (parsed as { lastVaultPath: string }).lastVaultPath };
      }
    } catch {
      // No config yet, or unreadable: start from the default vault.
    }
    return {};
  }

  private deps(): ServiceDeps {
    if (!this.vault) throw this.openError ?? new RapportError('NO_VAULT', 'There is no vault yet. Create one first.');
    return { vault: this.vault, clock: this.clock };
  }

  private letterDeps(): LetterDeps {
    return { ...this.deps(), emit: (event) => this.emit(event), batches: this.letterBatches };
  }

  private requireVault(): Vault {
    return this.deps().vault;
  }

  /** Methods that touch the vault's files need it unlocked, as the data methods do. */
  private requireUnlocked(): Vault {
    const vault = this.requireVault();
    if (!vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
    return vault;
  }

  /** Closes the current vault and opens `file` (locked); `between` runs with neither open. */
  private async switchTo(file: string, between?: () => Promise<void>): Promise<void> {
    const run = async () => {
      const previous = this.vault;
      // Opening first means a file that cannot be opened leaves the current vault as it was.
      let next = !between && fs.existsSync(file) ? await Vault.open(file, this.vaultOptions) : null;
      if (previous) {
        const wasUnlocked = previous.isUnlocked;
        this.dropDecrypted();
        await previous.close();
        this.vault = null;
        if (wasUnlocked) this.emit({ type: 'locked', reason: 'vault-switched' });
      }
      if (between) {
        try {
          await between();
        } catch (e) {
          // The step between failed (a restore could not put its file in place): open again what
          // is there, so the app is not left without its vault.
          if (fs.existsSync(file)) this.adopt(await Vault.open(file, this.vaultOptions).catch(() => null));
          throw e;
        }
        next = await Vault.open(file, this.vaultOptions);
      }
      this.adopt(next);
      this.openError = null;
      this.vaultPath = file;
      try {
        writeFileAtomic(this.configPath(), JSON.stringify({ lastVaultPath: file }));
      } catch {
        // Remembering the last vault is a convenience: a full disk here must not fail the open.
      }
    };
    const p = this.opening.then(run, run);
    this.opening = p.catch(() => undefined);
    await p;
  }

  private async afterUnlock(): Promise<AppStatus> {
    // Before anything else can write: every change from now on is captured for sync.
    await this.startSync();
    const settings = await getSettings(this.deps());
    this.autoLockMinutes = settings.autoLockMinutes;
    this.lastActivity = this.clock.now().getTime();
    this.emit({ type: 'unlocked' });
    void this.checkReminders();
    return { ...this.status(), recoveryKeyConfirmed: settings.recoveryKeyConfirmed };
  }

  private handlers(): Handlers {
    return {
      'app.status': async () => {
        if (!this.vault?.isUnlocked) return this.status();
        const settings = await getSettings(this.deps());
        return { ...this.status(), recoveryKeyConfirmed: settings.recoveryKeyConfirmed };
      },

      'vault.create': async ({ passphrase }) => {
        if (this.vault) {
          throw new RapportError('VAULT_EXISTS', 'A vault already exists at this path. Unlock it, or open another.');
        }
        const { vault, recoveryKey } = await Vault.create(this.vaultPath, passphrase, this.vaultOptions);
        this.adopt(vault);
        await this.afterUnlock();
        return { recoveryKey, vaultId: vault.vaultId };
      },
      'vault.unlock': async ({ passphrase }) => {
        await this.requireVault().unlock(passphrase);
        return this.afterUnlock();
      },
      'vault.unlockWithRecoveryKey': async ({ recoveryKey, newPassphrase }) => {
        await this.requireVault().unlockWithRecoveryKey(recoveryKey, newPassphrase);
        return this.afterUnlock();
      },
      'vault.lock': async () => {
        this.lock('user');
        return this.status();
      },
      'vault.changePassphrase': async ({ currentPassphrase, newPassphrase }) => {
        await this.requireVault().changePassphrase(currentPassphrase, newPassphrase);
        return null;
      },
      'vault.newRecoveryKey': async ({ passphrase }) => {
        const vault = this.requireVault();
        const recoveryKey = await vault.newRecoveryKey(passphrase);
        await updateSettings(this.deps(), { recoveryKeyConfirmed: false });
        return { recoveryKey, vaultId: vault.vaultId };
      },
      'vault.rekey': async ({ passphrase }) => {
        const vault = this.requireVault();
        const recoveryKey = await vault.rekey(passphrase, (p) => {
          if (p.phase === 'copying') this.emit({ type: 'progress', task: 'rekey', done: p.done, total: p.total });
        });
        // As after vault.newRecoveryKey: the new key must be confirmed again.
        await updateSettings(this.deps(), { recoveryKeyConfirmed: false });
        return { recoveryKey, vaultId: vault.vaultId };
      },
      'vault.confirmRecoveryKey': async () => updateSettings(this.deps(), { recoveryKeyConfirmed: true }),
      // Only a vault file main's own dialog chose; the renderer sends the choice's id.
      'vault.open': async ({ choiceId }) => this.choices.use(choiceId, ['vault-open', 'vault-create'], async (chosen) => {
        const file = resolveVaultPath(chosen);
        if (!fs.existsSync(path.dirname(file))) {
          throw new RapportError('NOT_FOUND', `The folder ${path.dirname(file)} does not exist.`);
        }
        await this.switchTo(file);
        return this.status();
      }),
      'files.choose': async ({ purpose, suggestedName }) => this.chooseFile(purpose, suggestedName),
      'vault.legacyCopy': async () => {
        this.requireUnlocked();
        const copy = legacyCopyPath(this.vaultPath);
        if (!fs.existsSync(copy)) return null;
        const stat = fs.statSync(copy);
        return { path: copy, bytes: stat.size, modifiedAt: stat.mtime.toISOString() };
      },
      'vault.removeLegacyCopy': async () => {
        this.requireUnlocked();
        removeVaultFiles(legacyCopyPath(this.vaultPath));
        return null;
      },

      'session.activity': async () => null,
      'clipboard.copy': async ({ text }) => {
        this.requireVault();
        if (!this.vault?.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
        return this.copySensitive(text);
      },

      'settings.get': async () => getSettings(this.deps()),
      'settings.update': async ({ backupFolderChoice, ...rest }) => {
        const patch: Partial<Settings> = { ...rest };
        if (backupFolderChoice === null) patch.backupFolder = null;
        else if (backupFolderChoice !== undefined) {
          this.requireVault();
          // Main remembers the folder its own dialog returned; the renderer never names one.
          const folder = this.choices.take(backupFolderChoice, 'backup-folder').path;
          if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
            throw new RapportError('NOT_FOUND', `The folder ${folder} does not exist.`);
          }
          patch.backupFolder = folder;
        }
        const next = await updateSettings(this.deps(), patch);
        this.autoLockMinutes = next.autoLockMinutes;
        return next;
      },

      'clients.list': async () => listClients(this.deps()),
      'clients.get': async (input) => getClient(this.deps(), input),
      'clients.create': async (input) => createClient(this.deps(), input),
      'clients.update': async (input) => updateClient(this.deps(), input),
      'clients.delete': async (input) => this.undoable(await deleteClient(this.deps(), input)),
      'clients.dossier': async (input) => getDossier(this.deps(), input),
      'clients.goingCold': async () => goingCold(this.deps()),
      'clients.handOver': async (input) => handOver(this.deps(), input),

      'contacts.list': async (input) => listContacts(this.deps(), input),
      'contacts.get': async (input) => getPerson(this.deps(), input),
      'contacts.create': async (input) => createContact(this.deps(), input),
      'contacts.update': async (input) => updateContact(this.deps(), input),
      'contacts.delete': async (input) => deleteContact(this.deps(), input),

      'facts.add': async (input) => addFact(this.deps(), input),
      'facts.update': async (input) => updateFact(this.deps(), input),
      'facts.delete': async (input) => deleteFact(this.deps(), input),

      'dates.add': async (input) => addDate(this.deps(), input),
      'dates.update': async (input) => updateDate(this.deps(), input),
      'dates.delete': async (input) => deleteDate(this.deps(), input),

      'warmth.record': async (input) => recordWarmth(this.deps(), input),
      'warmth.update': async (input) => updateWarmth(this.deps(), input),

      'followUps.create': async (input) => createFollowUp(this.deps(), input),
      'followUps.list': async (input) => pageFollowUps(this.deps(), input),
      'followUps.today': async () => followUpsToday(this.deps()),
      'followUps.complete': async (input) => completeFollowUp(this.deps(), input),
      'followUps.drop': async (input) => dropFollowUp(this.deps(), input),
      'followUps.snooze': async (input) => snoozeFollowUp(this.deps(), input),

      'timeline.list': async (input) => listTimeline(this.deps(), input),
      'timeline.query': async (input) => queryTimeline(this.deps(), input),
      'timeline.add': async (input) => addEntry(this.deps(), input),
      'timeline.update': async (input) => updateEntry(this.deps(), input),
      'timeline.delete': async (input) => this.undoable(await deleteEntry(this.deps(), input)),
      'timeline.markSent': async (input) => markLetterSent(this.deps(), input),

      'clients.setStage': async (input) => setStage(this.deps(), input),

      'engagements.create': async (input) => createEngagement(this.deps(), input),
      'engagements.update': async (input) => updateEngagement(this.deps(), input),
      'expectations.add': async (input) => addItem(this.deps(), input),
      'expectations.update': async (input) => updateItem(this.deps(), input),
      'expectations.delete': async (input) => deleteItem(this.deps(), input),
      'expectations.setState': async (input) => changeItemState(this.deps(), input),
      'promises.forClient': async (input) => clientPromises(this.deps(), input),
      'promises.attention': async () => promisesNeedingAttention(this.deps()),

      'checklists.templates': async () => listTemplates(this.deps()),
      'checklists.updateTemplate': async (input) => updateTemplate(this.deps(), input),
      'checklists.forClient': async (input) => listChecklists(this.deps(), input),
      'checklists.toggle': async (input) => toggleChecklistItem(this.deps(), input),

      'reviews.start': async (input) => startReview(this.deps(), input),
      'reviews.list': async () => listReviews(this.deps()),
      'reviews.get': async (input) => getReview(this.deps(), input),
      'reviews.record': async (input) => recordReview(this.deps(), input),
      'reviews.finish': async (input) => finishReview(this.deps(), input),
      'reviews.annotate': async (input) => annotateReview(this.deps(), input),
      'reviews.discard': async (input) => discardReview(this.deps(), input),
      'reviews.trends': async () => reviewTrends(this.deps()),

      'undo.apply': async ({ token }) => {
        const vault = this.requireVault();
        // Locking cleared the undo store: say the vault is locked, not that the token is unknown.
        if (!vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
        const entry = this.undo.take(token);
        await vault.write((w) => restoreRows(w, entry.rows));
        return { label: entry.label };
      },

      'search.query': async ({ q }) => search(this.requireVault(), q),

      ...letterHandlers(() => this.letterDeps(), this.choices),

      'sync.status': async () => this.syncStatus(),
      'sync.enable': async ({ choiceId, passphrase, recoveryKey }) => {
        const vault = this.requireUnlocked();
        if (this.sync) throw new RapportError('CONFLICT', 'Sync is already on for this vault.');
        const parsed = recoveryKey === undefined ? null : parseRecoveryKey(recoveryKey);
        if (parsed && !parsed.ok) throw new RapportError('WRONG_RECOVERY_KEY', parsed.reason);
        return this.choices.use(choiceId, 'sync-folder', async (folder) => {
          const engine = await SyncEngine.enable(vault, {
            folder,
            passphrase,
            kdf: this.vaultOptions.kdf,
            recoveryKey: parsed?.ok ? parsed.key : undefined,
            now: () => this.clock.now(),
          });
          await this.startSync(engine);
          return this.syncStatus();
        });
      },
      'sync.join': async ({ choiceId, passphrase }) => {
        if (this.vault) throw new RapportError('VAULT_EXISTS', 'A vault already exists at this path. Join a synced vault where there is none yet (File → New Vault…).');
        return this.choices.use(choiceId, 'sync-folder', async (folder) => {
          const joined = await joinSyncedVault({
            folder,
            passphrase,
            vaultFile: this.vaultPath,
            create: (file, p) => Vault.create(file, p, this.vaultOptions),
            minKdf: this.vaultOptions.minKdf,
            onProgress: (p) => this.emit({ type: 'progress', task: `sync-join:${p.step}`, done: p.done, total: p.total }),
            now: () => this.clock.now(),
          });
          joined.engine.detach();
          this.adopt(joined.vault);
          await this.afterUnlock();
          return { recoveryKey: joined.recoveryKey, vaultId: joined.vault.vaultId };
        });
      },
      'sync.now': async () => {
        this.requireSync();
        await this.runSync();
        return this.syncStatus();
      },
      'sync.pause': async ({ paused }) => {
        await this.requireSync().setPaused(paused);
        if (!paused) await this.runSync();
        return this.syncStatus();
      },
      'sync.conflicts': async () => this.syncConflicts(),
      'sync.resolve': async (input) => {
        await this.requireSync().resolveConflict(input.id, 'merged' in input ? { merged: input.merged } : { keep: input.keep });
        void this.runSync();
        return null;
      },

      'backup.status': async () => backupStatus(await getSettings(this.deps()), this.clock.now()),
      'backup.create': async ({ choiceId }) => this.backupNow(await getSettings(this.deps()), choiceId ?? null),
      // Only a backup file main's own dialog chose ('backup-open'); the renderer sends its id.
      'backup.inspect': async ({ choiceId, passphrase }) => {
        const file = this.choices.peek(choiceId, 'backup-open');
        const { copy, summary } = await verifiedCopy(file, this.vaultPath, { passphrase }, this.vaultOptions);
        removeVaultFiles(copy);
        return summary;
      },
      'backup.restore': async (input) => this.choices.use(input.choiceId, 'backup-open', async (file) => {
        const creds = 'recoveryKey' in input ? { recoveryKey: input.recoveryKey, newPassphrase: input.newPassphrase } : { passphrase: input.passphrase };
        const { copy } = await verifiedCopy(file, this.vaultPath, creds, this.vaultOptions);
        const target = this.vaultPath;
        await this.switchTo(target, async () => void replaceVault(copy, target, this.clock.now())).catch((e: unknown) => {
          removeVaultFiles(copy);
          throw e;
        });
        await this.requireVault().unlock('passphrase' in input ? input.passphrase : input.newPassphrase);
        return this.afterUnlock();
      }),

      'import.preview': async (input) => previewImport(this.deps(), this.imports, input),
      'import.commit': async (input) =>
        commitImport(this.deps(), this.imports, input, (done, total) => this.emit({ type: 'progress', task: 'import', done, total })),
      'import.json': async (input) => importJson(this.deps(), input),
      'export.plain': async (input) => exportPlain(this.deps(), input),
      'export.calendar': async (input) => exportCalendar(this.deps(), input),
    };
  }
}

/** Whether automatic backups are on and due. */
export function backupStatus(settings: Settings, now: Date): BackupStatus {
  const last = settings.lastBackupAt ? new Date(settings.lastBackupAt).getTime() : 0;
  return {
    folder: settings.backupFolder,
    everyHours: settings.backupEveryHours,
    keep: settings.keepBackups,
    lastBackupAt: settings.lastBackupAt,
    overdue: !!settings.backupFolder && now.getTime() - last >= settings.backupEveryHours * 3_600_000,
  };
}
