import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { NEW_PASSPHRASE, PASSPHRASE, expect, field, launchHost, test } from './fixtures';

async function expectNoAxeViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

const input = (scope: Locator, name: string) => scope.getByRole('textbox', { name, exact: true });

test('after a passphrase change, re-encrypt the vault with a new key: progress, a new recovery key, the same records', async ({ page }) => {
  test.setTimeout(180_000);
  const host = await launchHost({ seed: { clients: 40, events: 6000 } });
  try {
    await page.goto(host.url);
    await field(page, 'Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const clients = page.getByRole('table', { name: 'Clients' });
    await expect(clients.getByRole('row').nth(1)).toBeVisible({ timeout: 60_000 });
    const names = await clients.getByRole('row').allInnerTexts();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Settings/ }).click();
    const change = page.getByRole('region', { name: 'Change passphrase' });
    await input(change, 'Current passphrase').fill(PASSPHRASE);
    await input(change, 'New passphrase').fill(NEW_PASSPHRASE);
    await input(change, 'Repeat new passphrase').fill(NEW_PASSPHRASE);
    await change.getByRole('button', { name: 'Change passphrase' }).click();
    // The change offers the rekey.
    await expect(change.getByText('Passphrase changed')).toBeVisible({ timeout: 30_000 });
    await change.getByRole('button', { name: 'Re-encrypt now…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Re-encrypt the vault with a new key' });
    await expect(dialog).toBeVisible();
    await expectNoAxeViolations(page, 'rekey confirmation');
    // The old passphrase is refused, with a clear message, and nothing happens.
    await input(dialog, 'Passphrase').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Re-encrypt' }).click();
    await expect(dialog.getByRole('alert')).toContainText('does not open this vault', { timeout: 30_000 });

    await input(dialog, 'Passphrase').fill(NEW_PASSPHRASE);
    await dialog.getByRole('button', { name: 'Re-encrypt' }).click();
    const bar = dialog.getByRole('progressbar', { name: 'Re-encryption progress' });
    await expect(bar).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await dialog.screenshot({ path: 'artifacts/rekey/progress.png' });

    // Then the new recovery key, shown once.
    await expect(page.getByRole('heading', { name: 'Save your recovery key' })).toBeVisible({ timeout: 90_000 });
    await expectNoAxeViolations(page, 'new recovery key after rekey');
    await page.getByLabel('I have saved my recovery key somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    const rekeySection = page.getByRole('region', { name: 'Re-encrypt the vault' });
    await expect(rekeySection.getByRole('status')).toContainText('Vault re-encrypted');
    await expectNoAxeViolations(page, 'settings after rekey');
    await rekeySection.screenshot({ path: 'artifacts/rekey/done.png' });

    // Locked and unlocked again: the new passphrase opens the re-encrypted vault, with every client.
    await page.keyboard.press('Control+L');
    await expect(page.getByRole('heading', { name: 'Unlock Rapport' })).toBeVisible();
    await field(page, 'Passphrase').fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(clients.getByRole('row').nth(1)).toBeVisible({ timeout: 60_000 });
    expect(await clients.getByRole('row').allInnerTexts()).toEqual(names);
  } finally {
    await host.stop();
  }
});
