/**
 * The import dialog: a windows-1252 CSV is read right (the file goes as bytes, its charset is
 * detected in the main process); a second file's duplicates are grouped by their evidence, possible
 * duplicates (similar names) are created by default, and the user decides for all rows of a kind
 * and then per row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { PASSPHRASE, createVault, expect, test } from './fixtures';

/** A hand-made CSV as Excel on Windows saves it: windows-1252, CRLF. */
const FIRST = ['Name,Organisation,Role,Email,Phone', 'Adam Moore,,,adam.moore@example.com,', 'Steven Barnes,,,steven@barnes.example,', 'Zoë Müller,Müller GmbH,Director,zoe@mueller.example,+49 30 1234567', ''].join('\r\n');

/** Two different people with names like those above, and one who is the same (same email). */
const SECOND = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Adam Mork',
  'N:Mork;Adam;;;',
  'EMAIL:adam.mork@example.com',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Stan Barnes',
  'N:Barnes;Stan;;;',
  'TEL;TYPE=CELL:+44 7700 900456',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Zoë Müller',
  'N:Müller;Zoë;;;',
  'ORG:Müller GmbH',
  'EMAIL:zoe@mueller.example',
  'END:VCARD',
  '',
].join('\r\n');

test('possible duplicates are shown with their reason, created by default, and decided for a whole kind and per row', async ({ page, host }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
  const csv = path.join(dir, 'contacts.csv');
  const vcf = path.join(dir, 'more.vcf');
  fs.writeFileSync(csv, Buffer.from(FIRST, 'latin1'));
  fs.writeFileSync(vcf, SECOND);
  try {
    await page.goto(host.url);
    await createVault(page);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button', { name: /Settings/ }).click();

    // A windows-1252 CSV: read as such, with a note saying so.
    await page.getByRole('button', { name: 'Import contacts…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts' });
    await dialog.locator('input[type=file]').setInputFiles(csv);
    await expect(dialog.getByRole('status')).toContainText('3 new, 0 likely duplicates, 0 possible duplicates');
    await expect(dialog.getByText('read as Windows Western (windows-1252)')).toBeVisible();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByText(/Created 3 /)).toBeVisible();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The second file: two similar names (different people) and one same email.
    await page.getByRole('button', { name: 'Import contacts…' }).click();
    await dialog.locator('input[type=file]').setInputFiles(vcf);
    await expect(dialog.getByRole('status')).toContainText('0 new, 1 likely duplicate, 2 possible duplicates');

    const similar = dialog.getByRole('region', { name: /Similar name: 2 possible duplicates/ });
    const table = similar.getByRole('table', { name: 'Similar name: 2 possible duplicates' });
    await expect(table.getByRole('row', { name: /Adam Mork.*Adam Moore.*similar name/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /Stan Barnes.*Steven Barnes.*similar name/ })).toBeVisible();
    // Possible duplicates are created unless the user says otherwise; the same email is skipped (nothing to add).
    await expect(similar.getByRole('combobox', { name: 'For all 2 possible duplicates' })).toHaveValue('Create anyway');
    await expect(dialog.getByRole('combobox', { name: /What to do with Adam Mork/ })).toHaveValue('Create anyway');
    const same = dialog.getByRole('region', { name: /Same email: 1 likely duplicate/ });
    await expect(same.getByRole('row', { name: /Zoë Müller.*Zoë Müller.*same email/ })).toBeVisible();
    await expect(dialog.getByRole('combobox', { name: /What to do with Zoë Müller/ })).toHaveValue('Skip');

    expect((await new AxeBuilder({ page }).include('[role=dialog]').analyze()).violations.map((v) => v.id)).toEqual([]);
    fs.mkdirSync('artifacts/import', { recursive: true });
    await dialog.screenshot({ path: 'artifacts/import/possible-duplicates.png' });

    // Skip all similar names, then create Adam Mork after all.
    await similar.getByRole('combobox', { name: 'For all 2 possible duplicates' }).click();
    await page.getByRole('option', { name: 'Skip' }).click();
    await expect(dialog.getByRole('combobox', { name: /What to do with Adam Mork/ })).toHaveValue('Skip');
    await expect(dialog.getByRole('combobox', { name: /What to do with Stan Barnes/ })).toHaveValue('Skip');
    await dialog.getByRole('combobox', { name: /What to do with Adam Mork/ }).click();
    await page.getByRole('option', { name: 'Create anyway' }).click();
    await expect(similar.getByRole('combobox', { name: 'For all 2 possible duplicates' })).toHaveValue('');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByText(/Created 1 .* merged 0, skipped 2/)).toBeVisible();
    await dialog.getByRole('button', { name: 'Done' }).click();

    await nav.getByRole('button', { name: /Clients/ }).click();
    await expect(page.getByText('Adam Mork').first()).toBeVisible();
    await expect(page.getByText('Adam Moore').first()).toBeVisible();
    await expect(page.getByText('Müller GmbH').first()).toBeVisible();
    await expect(page.getByText('Stan Barnes')).toHaveCount(0);

    // Exported as CSV, the files start with a UTF-8 byte-order mark unless the box is unticked.
    await nav.getByRole('button', { name: /Settings/ }).click();
    await page.getByRole('button', { name: 'Export everything…' }).click();
    const exporting = page.getByRole('dialog', { name: /Export your data/ });
    await exporting.getByRole('combobox', { name: 'Format' }).click();
    await page.getByRole('option', { name: /^CSV/ }).click();
    const bom = exporting.getByRole('checkbox', { name: /Mark the files as UTF-8/ });
    await expect(bom).toBeChecked();
    await exporting.getByLabel('Passphrase').fill(PASSPHRASE);
    await exporting.getByRole('checkbox', { name: /I understand these files will not be encrypted/ }).check();
    expect((await new AxeBuilder({ page }).include('[role=dialog]').analyze()).violations.map((v) => v.id)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), exporting.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
