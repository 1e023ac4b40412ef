import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { NEW_PASSPHRASE, PASSPHRASE, expect, field, test } from './fixtures';

async function expectNoAxeViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => `${n.target.join(" ")} (${n.any[0]?.message ?? ""})`).join(", ")}`,
  );
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

test('create a vault, keep the recovery key, lock, fail, unlock, and recover', async ({ page, host }) => {
  await page.goto(host.url);

  // First start: a weak passphrase is refused with the reason.
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await expectNoAxeViolations(page, 'create vault');
  await field(page, 'Passphrase').fill('password123');
  await expect(page.getByText(/at least 12 characters|easy to guess|common/i)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create vault' })).toBeDisabled();

  await field(page, 'Passphrase').fill(PASSPHRASE);
  await field(page, 'Repeat passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create vault' }).click();

  // The recovery key is shown once, and can be saved as PDF and as text.
  await expect(page.getByRole('heading', { name: 'Save your recovery key' })).toBeVisible({ timeout: 30_000 });
  await expectNoAxeViolations(page, 'recovery kit');
  const recoveryKey = (await page.getByLabel('Recovery key', { exact: true }).innerText()).trim();
  expect(recoveryKey.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{55}$/);

  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as PDF' }).click()]);
  expect(pdf.suggestedFilename()).toBe('vault recovery kit.pdf');
  expect(fs.readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  const [txt] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as text file' }).click()]);
  expect(fs.readFileSync((await txt.path())!, 'utf8')).toContain(recoveryKey.split(' ').join('-'));

  const cont = page.getByRole('button', { name: 'Continue' });
  await expect(cont).toBeDisabled();
  await page.getByLabel('I have saved my recovery key somewhere safe').check();
  await cont.click();

  // The app frame with its empty state.
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No clients yet' })).toBeVisible();
  await expectNoAxeViolations(page, 'clients (empty)');
  await page.getByRole('button', { name: 'Add client' }).click();
  await field(page, 'Name').fill('Hartley & Sons');
  await page.getByRole('dialog').getByRole('button', { name: 'Add client' }).click();
  // A new client opens at once.
  await expect(page.getByRole('heading', { level: 1, name: 'Hartley & Sons' })).toBeVisible();

  for (const section of ['Follow-ups', 'Reviews', 'Letters', 'Settings']) {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section }).click();
    await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible();
  }
  await expectNoAxeViolations(page, 'settings');

  // Lock with the keyboard shortcut.
  await page.keyboard.press('Control+L');
  await expect(page.getByRole('heading', { name: 'Unlock Rapport' })).toBeVisible();
  await expectNoAxeViolations(page, 'unlock');

  // A wrong passphrase is refused.
  await field(page, 'Passphrase').fill('not the right passphrase at all');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('does not open this vault');

  // The right one opens it, with the client still there.
  await field(page, 'Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('table', { name: 'Clients' }).getByText('Hartley & Sons')).toBeVisible();

  // Lock from the button, then unlock with the recovery key and a new passphrase.
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Forgot your passphrase?' }).click();
  await field(page, 'Recovery key').fill(recoveryKey.toLowerCase());
  await field(page, 'New passphrase').fill(NEW_PASSPHRASE);
  await field(page, 'Repeat new passphrase').fill(NEW_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock and set new passphrase' }).click();
  await expect(page.getByRole('table', { name: 'Clients' }).getByText('Hartley & Sons')).toBeVisible({ timeout: 30_000 });

  // The old passphrase no longer works; the new one does.
  await page.getByRole('button', { name: 'Lock' }).click();
  await field(page, 'Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('does not open this vault');
  await field(page, 'Passphrase').fill(NEW_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();

  // Change the passphrase back in Settings; the new one then opens the vault.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Settings/ }).click();
  const change = page.getByRole('region', { name: 'Change passphrase' });
  await change.getByRole('textbox', { name: 'Current passphrase', exact: true }).fill(NEW_PASSPHRASE);
  await change.getByRole('textbox', { name: 'New passphrase', exact: true }).fill(PASSPHRASE);
  await change.getByRole('textbox', { name: 'Repeat new passphrase', exact: true }).fill(PASSPHRASE);
  await change.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(change.getByRole('status')).toHaveText('Saved');
  await page.getByRole('button', { name: 'Lock' }).click();
  await field(page, 'Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();
});

test('a page opened without the token in its fragment cannot call the API', async ({ host, browser }) => {
  const origin = new URL(host.url).origin;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(`${origin}/`);
    expect(response?.headers()['set-cookie']).toBeUndefined();
    const result = await page.evaluate(() =>
      (window as unknown as { rapport: { invoke(m: string, i: unknown): Promise<unknown> } }).rapport.invoke('app.status', {}),
    );
    expect(result).toMatchObject({ ok: false, error: { message: /no access to Rapport/ } });
  } finally {
    await context.close();
  }
});
