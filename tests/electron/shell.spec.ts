/**
 * What the Electron shell (src/main/shell/index.ts) enforces, checked in the running app: the one
 * exposed API, the CSP, window.open, navigation and permissions. Runs wherever the Electron binary
 * is installed; elsewhere each test reports itself skipped (the binary cannot be downloaded on the
 * build machines). Never `require('electron')` here: that would try to download it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { NO_BINARY_REASON, localElectron, notBuiltReason } from './package-app';

test.describe.configure({ mode: 'serial' });

let app: ElectronApplication | null = null;
let page: Page;
let dataDir = '';
const newWindows: string[] = [];

function skipReason(): string | null {
  return localElectron ? notBuiltReason() : NO_BINARY_REASON;
}

test.beforeAll(async () => {
  const reason = skipReason();
  if (reason) {
    console.log(`Electron shell tests ${reason}`);
    return;
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-shell-'));
  app = await electron.launch({
    executablePath: localElectron!,
    args: ['.', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    env: { ...process.env, RAPPORT_DATA_DIR: dataDir },
  });
  app.on('window', (p) => newWindows.push(p.url()));
  page = await app.firstWindow();
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible({ timeout: 30_000 });
  newWindows.length = 0;
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.beforeEach(() => {
  const reason = skipReason();
  test.skip(reason !== null, reason ?? '');
});

test('window.rapport is the only API the page gets, with exactly its three members', async () => {
  const surface = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    // Standard namespace objects (JSON, Math, WebGPU's GPU* flag sets...); anything else that is a
    // plain object on window was put there, by the preload or by the page.
    const standard = new Set(['JSON', 'Math', 'Intl', 'Reflect', 'Atomics', 'WebAssembly', 'console', 'CSS', 'Temporal', 'chrome']);
    const plainObjects = Object.getOwnPropertyNames(window).filter((name) => {
      let v: unknown;
      try {
        v = w[name];
      } catch {
        return false;
      }
      if (v === null || typeof v !== 'object') return false;
      const proto = Object.getPrototypeOf(v);
      return (proto === Object.prototype || proto === null) && !standard.has(name) && !/^GPU[A-Z]/.test(name);
    });
    const nodeGlobals = ['require', 'process', 'module', 'exports', 'Buffer', 'global', '__dirname', '__filename', 'ipcRenderer', 'electron', 'setImmediate'];
    return {
      plainObjects: plainObjects.sort(),
      keys: Object.keys(window.rapport).sort(),
      types: [typeof window.rapport.invoke, typeof window.rapport.onEvent, window.rapport.platform],
      leaked: nodeGlobals.filter((name) => typeof w[name] !== 'undefined'),
    };
  });
  expect(surface.plainObjects).toEqual(['rapport']);
  expect(surface.keys).toEqual(['invoke', 'onEvent', 'platform']);
  expect(surface.types).toEqual(['function', 'function', 'electron']);
  expect(surface.leaked).toEqual([]);

  // The preload forwards only the contract's method names.
  const unknown = await page.evaluate(() => window.rapport.invoke('shell.openExternal', { url: 'https://example.com' }));
  expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
});

test('the CSP blocks an injected inline script and a remote script', async () => {
  // The policy itself (no 'unsafe-eval', no 'unsafe-inline' scripts). eval cannot be tried from
  // here: code evaluated through the DevTools protocol is exempt from the CSP's eval check.
  const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
  expect(meta).toBe(CONTENT_SECURITY_POLICY);

  const result = await page.evaluate(async () => {
    const violations: { directive: string; blocked: string }[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
    const inline = document.createElement('script');
    inline.textContent = 'window.__rapportInjected = true;';
    document.head.appendChild(inline);
    const remote = document.createElement('script');
    remote.src = 'https://example.com/injected.js';
    document.head.appendChild(remote);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { injected: (window as unknown as Record<string, unknown>).__rapportInjected === true, violations };
  });
  expect(result.injected).toBe(false);
  expect(result.violations).toEqual(
    expect.arrayContaining([
      { directive: 'script-src-elem', blocked: 'inline' },
      { directive: 'script-src-elem', blocked: 'https://example.com/injected.js' },
    ]),
  );
});

test('window.open opens nothing', async () => {
  const before = app!.windows().length;
  const opened = await page.evaluate(() => [window.open('https://example.com/', '_blank'), window.open('about:blank'), window.open('')].map((w) => w === null));
  await page.waitForTimeout(1_000);
  expect(opened).toEqual([true, true, true]);
  expect(app!.windows().length).toBe(before);
  expect(newWindows).toEqual([]);
});

test('navigation away from the app is refused', async () => {
  const url = page.url();
  // Served from the app's own protocol, never file:// (issue 15, finding 4).
  expect(url).toBe('app://rapport/index.html');
  for (const target of [
    'https://example.com/',
    'file:///etc/hosts',
    'file://attacker/share/out/renderer/index.html',
    'app://evil/index.html',
    'data:text/html,<h1>elsewhere</h1>',
  ]) {
    await page.evaluate((to) => {
      window.location.href = to;
    }, target);
    await page.waitForTimeout(1_000);
    expect(page.url(), `navigating to ${target}`).toBe(url);
  }
  // Still the app, still working.
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  expect(await page.evaluate(() => window.location.protocol)).toBe('app:');
  // The protocol serves the renderer folder only.
  const statuses = await page.evaluate(async () =>
    Promise.all(['app://rapport/../main/index.js', 'app://rapport/%2e%2e/main/index.js', 'app://rapport/nope.js'].map(async (u) => (await fetch(u)).status)),
  );
  expect(statuses).toEqual([404, 404, 404]);
});

test('every permission request is denied', async () => {
  const answers = await page.evaluate(async () => {
    const settle = (p: Promise<unknown>) =>
      p.then(
        (v) => `granted:${String(v)}`,
        (e: unknown) => `rejected:${e instanceof Error ? e.name : String(e)}`,
      );
    const query = (name: string) =>
      navigator.permissions.query({ name: name as PermissionName }).then(
        (s) => s.state,
        (e: unknown) => `error:${e instanceof Error ? e.name : String(e)}`,
      );
    const geolocation = await new Promise<string>((resolve) => {
      navigator.geolocation.getCurrentPosition(
        () => resolve('granted'),
        (e) => resolve(`denied:${e.code}`),
        { timeout: 10_000 },
      );
    });
    return {
      notification: await Notification.requestPermission(),
      notificationQuery: await query('notifications'),
      geolocationQuery: await query('geolocation'),
      geolocation,
      media: navigator.mediaDevices ? await settle(navigator.mediaDevices.getUserMedia({ audio: true, video: true })) : 'rejected:unavailable',
      clipboardRead: await settle(navigator.clipboard.readText()),
    };
  });
  expect(answers.notification).toBe('denied');
  expect(answers.notificationQuery).toBe('denied');
  expect(answers.geolocationQuery).toBe('denied');
  expect(answers.geolocation).toBe('denied:1');
  expect(answers.media).toMatch(/^rejected:/);
  expect(answers.clipboardRead).toMatch(/^rejected:/);
});
