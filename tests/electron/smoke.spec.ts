/**
 * Electron smoke test: launch the built app, create a vault, lock, unlock, quit.
 * Runs wherever the Electron binary is installed; elsewhere it reports itself skipped (the binary
 * cannot be downloaded on the build machines). Never `require('electron')` here: that would try to
 * download it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { createVault } from '../e2e/fixtures';

const electronDir = path.resolve('node_modules/electron');

function electronBinary(): string | null {
  const pathTxt = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const bin = path.join(electronDir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

const binary = electronBinary();
const PASSPHRASE = 'correct horse battery staple 42';

test.beforeAll(() => {
  if (!binary) console.log('Electron smoke test SKIPPED: no Electron binary on this machine (it downloads on first `npm start`).');
});

test('Electron: launch, create a vault, lock, unlock, quit', async () => {
  test.skip(!binary, 'SKIPPED: no Electron binary here (node_modules/electron/path.txt and dist/ are missing).');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    env: { ...process.env, RAPPORT_DATA_DIR: dataDir },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible({ timeout: 30_000 });
    // Only window.rapport is exposed, with exactly its three members.
    expect(await page.evaluate(() => Object.keys(window.rapport).sort())).toEqual(['invoke', 'onEvent', 'platform']);
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');

    await createVault(page, PASSPHRASE);

    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('heading', { name: 'Unlock Rapport' })).toBeVisible({ timeout: 15_000 });
    await page.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible({ timeout: 30_000 });
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
