/**
 * The packaged app, where the Electron binary exists (skipped elsewhere, with the reason): packages
 * the built app with the real binary as `npm run package -- --dir` does, reads the fuses back from
 * the packaged executable, then starts it with ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect all
 * set and checks that none took effect, and that it creates a vault: the Electron build of
 * better-sqlite3-multiple-ciphers (native/electron/, `npm run native:electron`) loads from the
 * app's resources, native/better_sqlite3.node. Skipped, with the reason, where there is no Electron
 * binary or no such build.
 *
 * Playwright's `_electron.launch` needs `--inspect`, which the fuses turn off, so the packaged app
 * is started directly and driven over Chromium's DevTools protocol instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { expectedRapportFuses, readRapportFuses } from '../../scripts/fuses';
import { nativeElectronDir } from '../../scripts/native-electron';
import { createVault } from '../e2e/fixtures';
import {
  NO_BINARY_REASON,
  fuseFile,
  localElectron,
  noNativeElectronReason,
  notBuiltReason,
  packageApp,
  packagedExecutable,
  projectRoot,
  resourcesDir,
} from './package-app';

const PASSPHRASE = 'correct horse battery staple 42';

/** native/electron/ (or RAPPORT_NATIVE_ELECTRON_DIR): what packaging copies into the resources. */
const localElectronBuildDir = () => nativeElectronDir(projectRoot);

test.describe.configure({ mode: 'serial' });

let work = '';
let appOutDir = '';

function skipReason(): string | null {
  if (!localElectron) return NO_BINARY_REASON;
  return notBuiltReason() ?? noNativeElectronReason();
}

test.beforeAll(async () => {
  const reason = skipReason();
  if (reason) {
    console.log(`Packaged-app tests ${reason}`);
    return;
  }
  test.setTimeout(600_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-packaged-'));
  ({ appOutDir } = await packageApp({ output: path.join(work, 'dist'), nativeElectronDir: localElectronBuildDir() }));
});

test.afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('packaged app: the fuses read back as set', async () => {
  const reason = skipReason();
  test.skip(reason !== null, reason ?? '');
  expect(await readRapportFuses(fuseFile(appOutDir))).toEqual({
    RunAsNode: false,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
  });
  expect(await readRapportFuses(fuseFile(appOutDir))).toEqual(expectedRapportFuses());
});

/** Starts the packaged executable and resolves with its DevTools endpoint and everything it printed. */
function startPackaged(exe: string, env: NodeJS.ProcessEnv, args: string[]): Promise<{ child: ChildProcess; endpoint: string; output: () => string }> {
  const child = spawn(exe, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the packaged app printed no DevTools endpoint within 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, endpoint: m[1], output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the packaged app exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

/** The app's window once it shows the app's own page. */
async function appPage(browser: Browser): Promise<Page> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const context of browser.contexts()) {
      const page = context.pages().find((p) => p.url().startsWith('app://rapport/'));
      if (page) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the packaged app showed no window with its page within 30 s');
}

test('packaged app: carries the Electron build of the module in its resources, nothing unpacked', () => {
  const reason = skipReason();
  test.skip(reason !== null, reason ?? '');
  const resources = resourcesDir(appOutDir);
  const native = path.join(resources, 'native', 'better_sqlite3.node');
  expect(fs.readFileSync(native).equals(fs.readFileSync(path.join(localElectronBuildDir(), 'better_sqlite3.node')))).toBe(true);
  expect(fs.existsSync(path.join(resources, 'app.asar.unpacked'))).toBe(false);
});

test('packaged app: ignores RunAsNode, NODE_OPTIONS and --inspect, and creates a vault (the module loads)', async () => {
  const reason = skipReason();
  test.skip(reason !== null, reason ?? '');
  test.setTimeout(180_000);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-packaged-data-'));
  const marker = path.join(dataDir, 'node-options-ran');
  const preload = path.join(dataDir, 'node-options.js');
  fs.writeFileSync(preload, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAPPORT_DATA_DIR: dataDir,
    // Each would change what the binary does if its fuse were still on.
    ELECTRON_RUN_AS_NODE: '1',
    NODE_OPTIONS: `--require ${preload}`,
  };
  const args = ['--inspect=0', '--remote-debugging-port=0', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])];
  const { child, endpoint, output } = await startPackaged(packagedExecutable(appOutDir), env, args);
  let browser: Browser | null = null;
  try {
    browser = await chromium.connectOverCDP(endpoint);
    const page = await appPage(browser);

    // Loaded from the archive, as the app (so not run as Node).
    await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible({ timeout: 30_000 });
    expect(page.url()).toBe('app://rapport/index.html');
    expect(await page.evaluate(() => window.rapport.platform)).toBe('electron');

    // Creating a vault opens it with better-sqlite3-multiple-ciphers: its Electron build loaded from
    // the resources (a Node build would have failed to load, and no other copy is packaged).
    await createVault(page, PASSPHRASE);
    expect(fs.readdirSync(dataDir).some((f) => f.endsWith('.rapport'))).toBe(true);

    // NODE_OPTIONS' --require never ran, and --inspect opened no debugger.
    expect(fs.existsSync(marker)).toBe(false);
    expect(output()).not.toMatch(/Debugger listening/);
  } finally {
    await browser?.close().catch(() => undefined);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
