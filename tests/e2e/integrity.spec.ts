/**
 * A vault changed behind Rapport's back (a timeline entry deleted while the app was closed): the
 * integrity check that runs after unlock catches it, the vault locks and stays locked, the unlock
 * screen says why, and restoring a backup from there gets the person back to work.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { RawDb } from '../support/rawDb';
import { PASSPHRASE, expect, field, launchHost, test } from './fixtures';

test('a tampered vault locks itself, says why, and is restored from the unlock screen', async ({ page }) => {
  let backup = '';
  const host = await launchHost({
    seed: { clients: 4, events: 30 },
    beforeStart: async (vaultPath) => {
      backup = path.join(path.dirname(path.dirname(vaultPath)), 'before.rapport-backup');
      fs.copyFileSync(vaultPath, backup); // the seed closed the vault: the file is complete
      const db = await RawDb.open(vaultPath);
      try {
        expect(await db.run('DELETE FROM timeline_entries WHERE id = (SELECT min(id) FROM timeline_entries)')).toBe(1);
      } finally {
        await db.close();
      }
    },
  });
  try {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Unlock Rapport' })).toBeVisible();
    await field(page, 'Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();

    // Unlock answers after checking clients and settings; the timeline is checked right after.
    // Whichever comes first, the person ends on the unlock screen with the reason and a way out.
    const warning = page.getByRole('alert').filter({ hasText: 'This vault was changed outside Rapport' });
    await expect(warning).toBeVisible({ timeout: 30_000 });
    await expect(warning).toContainText('timeline_entries');
    await expect(warning).toContainText('Restore the vault from a backup');
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
    fs.copyFileSync(backup, path.join(host.chooseDir, path.basename(backup)));
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
