import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { PASSPHRASE, createVault, expect, launchHost, test } from './fixtures';

const VCARDS = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Hartley;Dave;;;',
  'FN:Dave Hartley',
  'ORG:Hartley & Sons',
  'TITLE:Managing Director',
  'EMAIL;TYPE=INTERNET:dave@hartley.example',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Megan Okafor',
  'EMAIL:megan@okafor.example',
  'TEL;TYPE=cell:+44 7700 900123',
  'END:VCARD',
  '',
].join('\r\n');

test('import a vCard with a duplicate, resolve it, back up, restore on a new machine, export an .ics', async ({ page, host, browser }) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-data-'));
  const vcf = path.join(dir, 'contacts.vcf');
  fs.writeFileSync(vcf, VCARDS);
  try {
    await page.goto(host.url);
    await createVault(page);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button', { name: /Settings/ }).click();

    // First import: both people are new.
    await page.getByRole('button', { name: 'Import contacts…' }).click();
    await page.getByRole('dialog').locator('input[type=file]').setInputFiles(vcf);
    await expect(page.getByRole('dialog').getByRole('status')).toContainText('2 new, 0 likely duplicates, 0 possible duplicates');
    expect((await new AxeBuilder({ page }).include('[role=dialog]').analyze()).violations.map((v) => v.id)).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('Import finished')).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();

    // The same file again: both are duplicates; merge one, skip the other.
    await page.getByRole('button', { name: 'Import contacts…' }).click();
    await page.getByRole('dialog').locator('input[type=file]').setInputFiles(vcf);
    await expect(page.getByRole('dialog').getByRole('status')).toContainText('0 new, 2 likely duplicates, 0 possible duplicates');
    await page.getByRole('combobox', { name: /What to do with Dave Hartley/ }).click();
    await page.getByRole('option', { name: 'Merge' }).click();
    await page.getByRole('combobox', { name: /What to do with Megan Okafor/ }).click();
    await page.getByRole('option', { name: 'Skip' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText(/Created 0 .* merged 1, skipped 1/)).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();
    await nav.getByRole('button', { name: /Clients/ }).click();
    await expect(page.getByText('Hartley & Sons').first()).toBeVisible();
    await expect(page.getByText('Megan Okafor').first()).toBeVisible();

    // Calendar export, with sensitive text left out by default.
    await nav.getByRole('button', { name: /Settings/ }).click();
    const [ics] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export calendar' }).click()]);
    expect(ics.suggestedFilename()).toMatch(/\.ics$/);
    expect(fs.readFileSync((await ics.path())!, 'utf8')).toContain('BEGIN:VCALENDAR');

    // Back up, and restore on a new machine.
    // Where to is chosen in main's dialog (the web host's stand-in: host.chooseDir).
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByText(/Backed up to/)).toBeVisible();
    const backup = fs.readdirSync(host.chooseDir).find((f) => f.endsWith('.rapport-backup'))!;
    const other = await launchHost();
    try {
      const page2 = await (await browser.newContext()).newPage();
      await page2.goto(other.url);
      await page2.getByRole('button', { name: 'Restore from a backup…' }).click();
      for (const f of [backup, `${backup}.keys`]) fs.copyFileSync(path.join(host.chooseDir, f), path.join(other.chooseDir, f));
      await page2.getByRole('button', { name: 'Choose backup file…' }).click();
      await expect(page2.getByRole('status', { name: 'Backup file' })).toHaveText(backup);
      await page2.getByLabel('The backup’s passphrase').fill(PASSPHRASE);
      await page2.getByRole('button', { name: 'Check the backup' }).click();
      await page2.getByRole('button', { name: 'Restore this backup' }).click();
      await expect(page2.getByText('Megan Okafor').first()).toBeVisible({ timeout: 30_000 });
    } finally {
      await other.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
