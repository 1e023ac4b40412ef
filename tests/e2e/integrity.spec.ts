/**
 * A vault changed behind Rapport's back (one of its pages altered while the app was closed): unlock
 * catches it, the vault stays locked, the unlock screen says why, and restoring a backup from there
 * gets the person back to work.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { PASSPHRASE, expect, field, launchHost, test } from './fixtures';

test('a tampered vault locks itself, says why, and is restored from the unlock screen', async ({ page }) => {
  let backup = '';
  const host = await launchHost({
    seed: { clients: 4, events: 30 },
    beforeStart: async (vaultPath) => {
      backup = path.join(path.dirname(path.dirname(vaultPath)), 'before.rapport-backup');
      // The seed closed the vault: its two files are complete.
      fs.copyFileSync(vaultPath, backup);
      fs.copyFileSync(`${vaultPath}.keys`, `${backup}.keys`);
      // One byte of a page in the middle of the file changed (in the page's authentication tag).
      const bytes = fs.readFileSync(vaultPath);
      const page = Math.floor(bytes.length / 4096 / 2);
      bytes[(page + 1) * 4096 - 1] ^= 0x01;
      fs.writeFileSync(vaultPath, bytes);
    },
  });
  try {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Unlock Rapport' })).toBeVisible();
    await field(page, 'Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();

    // Unlock finds the page that is not the one Rapport wrote: the person stays on the unlock
    // screen, with the reason and a way out.
    const warning = page.getByRole('alert').filter({ hasText: 'This vault was changed outside Rapport' });
    await expect(warning).toBeVisible({ timeout: 30_000 });
    await expect(warning).toContainText('pages are not the ones Rapport wrote');
    await expect(warning).toContainText('Restore it from a backup');
    await expect(page.getByRole('heading', { name: 'Unlock Rapport' })).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.screenshot({ path: 'artifacts/integrity/unlock.png' });

    // Trying again does not let it in.
    await field(page, 'Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(warning).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeHidden();

    await page.getByRole('button', { name: 'Restore from a backup…' }).click();
    // Main's dialog (the web host's stand-in) picks the newest backup in host.chooseDir.
    for (const f of [backup, `${backup}.keys`]) fs.copyFileSync(f, path.join(host.chooseDir, path.basename(f)));
    await page.getByRole('button', { name: 'Choose backup file…' }).click();
    await expect(page.getByRole('status', { name: 'Backup file' })).toHaveText(path.basename(backup));
    await page.getByLabel('The backup’s passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Check the backup' }).click();
    await expect(page.getByText('Every record in this backup checked out')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible({ timeout: 30_000 });
    await expect(warning).toBeHidden();
  } finally {
    await host.stop();
  }
});
