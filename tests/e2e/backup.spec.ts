import fs from 'node:fs';
import path from 'node:path';
import { PASSPHRASE, createVault, expect, field, launchHost, test } from './fixtures';

test('back up a vault, then restore it on a new machine', async ({ page, host, browser }) => {
  // Folders are chosen in main's dialog; the web host's stand-in chooses host.chooseDir.
  const backups = host.chooseDir;
  await page.goto(host.url);
  await createVault(page);
  await page.getByRole('button', { name: 'Add client' }).first().click();
  await field(page, 'Name').fill('Hartley & Sons');
  await page.getByRole('dialog').getByRole('button', { name: 'Add client' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Settings/ }).click();
  const section = page.getByRole('region', { name: 'Backups' });
  await expect(section.getByText('Last backup: never')).toBeVisible();
  await expect(section.getByRole('status', { name: 'Backup folder' })).toHaveText(/automatic backups are off/);
  await section.getByRole('button', { name: 'Back up now' }).click();
  await expect(section.getByText(/Backed up to/)).toBeVisible();
  // Automatic backups: the folder is chosen in main's dialog and remembered by main.
  await section.getByRole('button', { name: 'Choose backup folder…' }).click();
  await expect(section.getByRole('status', { name: 'Backup folder' })).toHaveText(backups);
  await expect(section.getByRole('button', { name: 'Turn off automatic backups' })).toBeVisible();
  const [file] = fs.readdirSync(backups).filter((f) => f.endsWith('.rapport-backup'));
  expect(file).toBeTruthy();

  // A new machine: restore from the first-start screen.
  const other = await launchHost();
  try {
    const page2 = await (await browser.newContext()).newPage();
    await page2.goto(other.url);
    await page2.getByRole('button', { name: 'Restore from a backup…' }).click();
    // The new machine's stand-in dialog picks the newest backup in its own folder.
    // A backup is two files: the database and its key file.
    for (const f of [file, `${file}.keys`]) fs.copyFileSync(path.join(backups, f), path.join(other.chooseDir, f));
    await page2.getByRole('button', { name: 'Choose backup file…' }).click();
    await expect(page2.getByRole('status', { name: 'Backup file' })).toHaveText(file);
    await page2.getByLabel('The backup’s passphrase').fill('a wrong passphrase here');
    await page2.getByRole('button', { name: 'Check the backup' }).click();
    await expect(page2.getByRole('alert')).toContainText('does not open');
    await page2.getByLabel('The backup’s passphrase').fill(PASSPHRASE);
    await page2.getByRole('button', { name: 'Check the backup' }).click();
    await expect(page2.getByText('Every record in this backup checked out')).toBeVisible({ timeout: 30_000 });
    await expect(page2.getByText(/\b1 client\b/)).toBeVisible();
    await page2.getByRole('button', { name: 'Restore this backup' }).click();
    await expect(page2.getByText('Hartley & Sons')).toBeVisible({ timeout: 30_000 });
  } finally {
    await other.stop();
  }
});
