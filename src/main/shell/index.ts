/**
 * The Electron shell: windows, menus, native dialogs, power events, and the IPC transport to the core.
 * The only code that imports `electron` besides the preload. Everything it does beyond that is in
 * core.ts, so the web host runs the same app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Menu, Notification, app, clipboard, dialog, ipcMain, powerMonitor, protocol, session } from 'electron';
import type { Host } from '../core';
import { CoreClient } from '../api/coreClient';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/bridge';
import { isAppUrl, isTrustedSender } from './trust';
import { APP_SCHEME, APP_URL, resolveAppRequest } from './appProtocol';
import type { FileChoice } from '../../shared/choices';
import type { Result } from '../../shared/errors';
import { watchPower } from './power';

process.umask(0o077);
app.setName('Rapport');
app.enableSandbox();
// Lets a user (or the smoke test) keep the app's data somewhere else.
if (process.env.RAPPORT_DATA_DIR) app.setPath('userData', path.resolve(process.env.RAPPORT_DATA_DIR));

let win: BrowserWindow | null = null;
let core: CoreClient | null = null;

const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
// The built renderer is served from app://rapport/, never from file:// (issue 15, finding 4).
const appUrl = devUrl ?? APP_URL;
const rendererDir = path.join(__dirname, '../renderer');

// A standard, secure scheme: its own origin (app://rapport), 'self' in the CSP, no file: privileges.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Answers app://rapport/… from the renderer folder only; anything else is a 404 (or 405). */
function serveAppProtocol(): void {
  session.defaultSession.protocol.handle(APP_SCHEME, (request) => {
    const r = resolveAppRequest(request.url, request.method, rendererDir);
    if ('status' in r) return new Response(null, { status: r.status });
    return new Response(request.method === 'HEAD' ? null : fs.readFileSync(r.file), {
      status: 200,
      headers: {
        'Content-Type': r.mimeType,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  });
}

const shown = new Set<Notification>();

const host: Host = {
  platform: 'electron',
  notify(reminder) {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: reminder.title, body: reminder.body, silent: false });
    n.on('click', () => win?.show());
    n.on('close', () => shown.delete(n));
    shown.add(n);
    n.show();
  },
  clipboard: {
    writeText: (text) => clipboard.writeText(text),
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  },
  clearNotifications() {
    for (const n of shown) n.close();
    shown.clear();
  },
  /** Main's own dialogs: the renderer gets an opaque choice id for what is picked here, never a path it names. */
  async choose(request) {
    if (!win) return { supported: true, path: null };
    const vaults = [{ name: 'Rapport vault', extensions: ['rapport'] }];
    switch (request.purpose) {
      case 'vault-open': {
        const r = await dialog.showOpenDialog(win, { title: 'Open a vault', properties: ['openFile'], filters: vaults });
        return { supported: true, path: r.canceled ? null : (r.filePaths[0] ?? null) };
      }
      case 'vault-create': {
        const r = await dialog.showSaveDialog(win, { title: 'Create a vault', defaultPath: 'vault.rapport', filters: vaults });
        return { supported: true, path: r.canceled ? null : (r.filePath ?? null) };
      }
      case 'backup-folder': {
        const r = await dialog.showOpenDialog(win, { title: 'Choose a backup folder', properties: ['openDirectory', 'createDirectory'] });
        return { supported: true, path: r.canceled ? null : (r.filePaths[0] ?? null) };
      }
      case 'backup-save': {
        const r = await dialog.showSaveDialog(win, {
          title: 'Save a backup',
          defaultPath: request.defaultName,
          filters: [{ name: 'Rapport backup', extensions: ['rapport-backup'] }],
        });
        return { supported: true, path: r.canceled ? null : (r.filePath ?? null) };
      }
      case 'backup-open': {
        const r = await dialog.showOpenDialog(win, {
          title: 'Choose a backup to restore',
          properties: ['openFile'],
          filters: [{ name: 'Rapport backup', extensions: ['rapport-backup'] }],
        });
        return { supported: true, path: r.canceled ? null : (r.filePaths[0] ?? null) };
      }
      case 'letter-save': {
        const r = await dialog.showSaveDialog(win, {
          title: 'Export the letter',
          defaultPath: request.defaultName,
          filters: [{ name: 'PDF or Word', extensions: ['pdf', 'docx'] }],
        });
        return { supported: true, path: r.canceled ? null : (r.filePath ?? null) };
      }
      case 'sync-folder': {
        const r = await dialog.showOpenDialog(win, {
          title: 'Choose the folder your sync tool keeps in step (Syncthing, Dropbox, OneDrive, iCloud Drive, Nextcloud)',
          properties: ['openDirectory', 'createDirectory'],
        });
        return { supported: true, path: r.canceled ? null : (r.filePaths[0] ?? null) };
      }
      case 'letters-folder': {
        const r = await dialog.showOpenDialog(win, { title: 'Choose a folder for the letters', properties: ['openDirectory', 'createDirectory'] });
        return { supported: true, path: r.canceled ? null : (r.filePaths[0] ?? null) };
      }
    }
  },
};

function createWindow(): void {
  win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Rapport',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  void win.loadURL(appUrl);
}

async function openVaultFromMenu(mode: 'open' | 'create'): Promise<void> {
  if (!core) return;
  const chosen = (await core.call('files.choose', { purpose: mode === 'open' ? 'vault-open' : 'vault-create' })) as Result<FileChoice>;
  if (!chosen.ok || !chosen.value.choice) return;
  const r = await core.call('vault.open', { choiceId: chosen.value.choice.id });
  if (!r.ok && win) await dialog.showMessageBox(win, { type: 'error', message: r.error.message });
  win?.webContents.reload();
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(isMac ? [{ role: 'appMenu' as const }] : []),
      {
        label: 'File',
        submenu: [
          { label: 'Open Vault…', accelerator: 'CmdOrCtrl+O', click: () => void openVaultFromMenu('open') },
          { label: 'New Vault…', accelerator: 'CmdOrCtrl+Shift+N', click: () => void openVaultFromMenu('create') },
          { type: 'separator' },
          { label: 'Lock', accelerator: 'CmdOrCtrl+L', click: () => core?.lock('user') },
          { type: 'separator' },
          isMac ? { role: 'close' } : { role: 'quit' },
        ],
      },
      { role: 'editMenu' },
      {
        label: 'View',
        submenu: [
          { role: 'resetZoom' },
          { role: 'zoomIn' },
          { role: 'zoomOut' },
          { type: 'separator' },
          { role: 'togglefullscreen' },
          ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]),
        ],
      },
      { role: 'windowMenu' },
    ]),
  );
}

function hardenSessions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, appUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, appUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  await app.whenReady();
  hardenSessions();
  serveAppProtocol();
  // The core (vault, SQL, services) runs in a worker thread: this thread only moves messages.
  core = new CoreClient({ dataDir: app.getPath('userData'), vaultPath: process.env.RAPPORT_VAULT, host });
  await core.start();
  core.subscribe((event) => {
    win?.webContents.send(IPC_EVENT, event);
    // Locking drops everything the page holds: reload it to the unlock screen.
    if (event.type === 'locked') win?.webContents.reload();
  });
  ipcMain.handle(IPC_INVOKE, async (event, method: unknown, input: unknown) => {
    if (!win || !isTrustedSender(event.sender, win.webContents, event.senderFrame, appUrl)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'Refused: this request did not come from Rapport.' } };
    }
    return core!.call(method, input);
  });
  buildMenu();
  watchPower(powerMonitor, () => core, process.platform);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  core?.lock('user');
  void core?.dispose();
});

void start();
