/**
 * Starts a fresh web host per test (its own data folder), so every journey begins from an empty
 * machine. The host is the built app (`npm run build` first; `npm run test:e2e` does it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface HostInfo {
  url: string;
  dataDir: string;
  /** The web host's stand-in for main's file dialogs: every folder or file "chosen" is in here. */
  chooseDir: string;
  vaultPath: string;
  /** Moves the app's clock this many days ahead of real time (the web host reads it on every call). */
  setClockOffsetDays(days: number): void;
  /** Whether the web host's process is still running. */
  alive(): boolean;
}

async function waitForFile(file: string, proc: ChildProcess, log: () => string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
    if (proc.exitCode !== null) throw new Error(`web host exited: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`web host did not start: ${log()}`);
}

/**
 * Starts a web host on a fresh data folder (a new machine). With `seed`, the vault is first filled
 * by the seed command (passphrase PASSPHRASE). Call `stop` when done.
 */
export async function launchHost(
  opts: { seed?: { clients: number; events: number }; beforeStart?: (vaultPath: string) => Promise<void> } = {},
): Promise<HostInfo & { stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-'));
  const dataDir = path.join(dir, 'data');
  if (opts.seed) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/seed.ts', '--vault', path.join(dataDir, 'vault.rapport'), '--clients', String(opts.seed.clients), '--events', String(opts.seed.events)],
      { env: { ...process.env, RAPPORT_PASSPHRASE: PASSPHRASE }, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`seed failed: ${r.stderr}`);
  }
  await opts.beforeStart?.(path.join(dataDir, 'vault.rapport'));
  const urlFile = path.join(dir, 'url');
  const chooseDir = path.join(dir, 'chosen');
  fs.mkdirSync(chooseDir, { mode: 0o700 });
  const clockFile = path.join(dir, 'clock-offset');
  let output = '';
  const proc = spawn(
    process.execPath,
    ['out/main/webhost.js', '--data-dir', dataDir, '--url-file', urlFile, '--clock-offset-file', clockFile, '--choose-dir', chooseDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proc.stdout?.on('data', (d) => (output += String(d)));
  proc.stderr?.on('data', (d) => (output += String(d)));
  const url = await waitForFile(urlFile, proc, () => output);
  return {
    url,
    dataDir,
    chooseDir,
    vaultPath: path.join(dataDir, 'vault.rapport'),
    setClockOffsetDays: (days) => fs.writeFileSync(clockFile, String(days)),
    alive: () => proc.exitCode === null && proc.signalCode === null,
    stop: async () => {
      proc.kill('SIGTERM');
      if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ host: HostInfo }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  host: async ({}, use) => {
    const { stop, ...host } = await launchHost();
    await use(host);
    await stop();
  },
});

export { expect };

/** A text field by its accessible name, as assistive technology finds it. */
export function field(page: Page, name: string) {
  return page.getByRole('textbox', { name, exact: true });
}

export const PASSPHRASE = 'correct horse battery staple 42';
export const NEW_PASSPHRASE = 'purple elephant juggling marmalade 7';

/** Creates a vault through the UI, saves nothing, confirms, and returns the recovery key shown. */
export async function createVault(page: Page, passphrase = PASSPHRASE): Promise<string> {
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await field(page, 'Passphrase').fill(passphrase);
  await field(page, 'Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery key' })).toBeVisible({ timeout: 30_000 });
  const recoveryKey = (await page.getByLabel('Recovery key', { exact: true }).innerText()).trim();
  await page.getByLabel('I have saved my recovery key somewhere safe').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();
  return recoveryKey;
}
