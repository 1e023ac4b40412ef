/**
 * Sync between two computers, through two web hosts and one folder: turn sync on in Settings on
 * the first, join from the second's first-start screen, an edit on each, both see both, and a
 * conflict (the same notes edited on both while sync was paused) resolved in the UI.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { PASSPHRASE, createVault, expect, field, launchHost, test } from './fixtures';

test.describe.configure({ timeout: 240_000 });

async function expectNoAxeViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => `${n.html.slice(0, 200)} (${n.failureSummary ?? ''})`).join(', ')}`);
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

/** Calls the API the page sees, for setting the scene quickly (the journey itself uses the UI). */
async function api<M extends MethodName>(page: Page, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await page.evaluate(([m, i]) => window.rapport.invoke(m as MethodName, i), [method, input] as const);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as MethodOutput<M>;
}

async function addClient(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Clients/ }).click();
  await page.getByRole('button', { name: 'Add client' }).first().click();
  await field(page, 'Name').fill(name);
  await page.getByRole('dialog').getByRole('button', { name: 'Add client' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
}

const toSettings = (page: Page) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Settings/ }).click();
const toClients = (page: Page) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Clients/ }).click();

test('two computers, one sync folder: join, edit on each, both see both, resolve a conflict', async ({ page, host, browser }, testInfo) => {
  await page.goto(host.url);
  await createVault(page);
  await addClient(page, 'Hartley & Sons');

  // Computer A: Settings → Sync, turn on into a folder chosen in main's dialog.
  await toSettings(page);
  const sync = page.getByRole('region', { name: 'Sync' });
  await sync.getByLabel('Your passphrase').fill(PASSPHRASE);
  await expectNoAxeViolations(page, 'settings, sync off');
  await sync.getByRole('button', { name: 'Choose sync folder and turn sync on…' }).click();
  await expect(sync.getByRole('status', { name: 'Last synced' })).toBeVisible({ timeout: 30_000 });
  await expect(sync.getByRole('table', { name: 'Devices' }).getByText('(this device)')).toBeVisible();

  // Computer B shares the folder (as the sync tool would): its dialog stand-in picks <chooseDir>/sync.
  const other = await launchHost();
  try {
    fs.symlinkSync(path.join(host.chooseDir, 'sync'), path.join(other.chooseDir, 'sync'));
    const pageB = await (await browser.newContext()).newPage();
    await pageB.goto(other.url);
    await pageB.getByRole('button', { name: 'Join a synced vault…' }).click();
    const join = pageB.getByRole('dialog', { name: 'Join a synced vault' });
    await join.getByLabel('The synced vault’s passphrase').fill(PASSPHRASE);
    await expectNoAxeViolations(pageB, 'join a synced vault');
    await join.getByRole('button', { name: 'Choose sync folder and join…' }).click();
    // This computer's own vault has its own recovery key, shown once.
    await expect(pageB.getByRole('heading', { name: 'Save your recovery key' })).toBeVisible({ timeout: 60_000 });
    await pageB.getByLabel('I have saved my recovery key somewhere safe').check();
    await pageB.getByRole('button', { name: 'Continue' }).click();
    await expect(pageB.getByText('Hartley & Sons')).toBeVisible({ timeout: 30_000 });

    // An edit on each; each sees the other's (the pages refresh when changes arrive).
    await addClient(page, 'Made on A');
    await addClient(pageB, 'Made on B');
    await toClients(page);
    await toClients(pageB);
    await expect(page.getByText('Made on B')).toBeVisible({ timeout: 30_000 });
    await expect(pageB.getByText('Made on A')).toBeVisible({ timeout: 30_000 });

    // The same notes edited on both while sync is paused on both.
    const [hartley] = (await api(page, 'clients.list', {})).filter((c) => c.name === 'Hartley & Sons');
    await api(page, 'sync.pause', { paused: true });
    await api(pageB, 'sync.pause', { paused: true });
    for (const [p, text] of [[page, 'Prefers calls on Monday'], [pageB, 'Prefers email, never calls']] as const) {
      const c = await api(p, 'clients.get', { id: hartley.id });
      await api(p, 'clients.update', { id: hartley.id, version: c.version, notes: text });
    }
    await api(page, 'sync.pause', { paused: false });
    await api(pageB, 'sync.pause', { paused: false });
    await api(page, 'sync.now', {});
    const withConflict = (await api(page, 'sync.status', {})).conflicts > 0 ? page : pageB;

    await toSettings(withConflict);
    const section = withConflict.getByRole('region', { name: 'Sync' });
    await expect(section.getByRole('heading', { name: 'Conflicts to resolve (1)' })).toBeVisible({ timeout: 30_000 });
    const conflict = section.getByRole('article', { name: 'Conflict: Hartley & Sons: notes' });
    await expect(conflict).toBeVisible();
    await expectNoAxeViolations(withConflict, 'settings, sync with a conflict');
    await withConflict.screenshot({ path: testInfo.outputPath('sync-conflict.png'), fullPage: true });
    await conflict.getByLabel('Merged text').fill('Prefers email; calls on Monday are fine');
    await conflict.getByRole('button', { name: 'Save the merged text' }).click();
    await expect(section.getByRole('heading', { name: /Conflicts to resolve/ })).toBeHidden({ timeout: 30_000 });

    // Both computers end with the merged notes.
    for (const p of [page, pageB]) {
      await expect.poll(async () => (await api(p, 'clients.get', { id: hartley.id })).notes, { timeout: 30_000 }).toBe('Prefers email; calls on Monday are fine');
    }
    await expect(section.getByRole('status', { name: 'Changes waiting' })).toHaveText('No changes waiting', { timeout: 30_000 });
  } finally {
    await other.stop();
  }
});
