import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createVault, expect, field, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function noViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a thank-you letter: copy and edit the template, preview with a gap, fill it, export PDF and Word, see it on the timeline', async ({ page, host }) => {
  const out = host.chooseDir;
  await page.goto(host.url);
  await createVault(page);

  // The scene: a client with a contact (no role on record) and an engagement.
  await page.evaluate(async () => {
    const must = async (method: string, input: unknown) => {
      const r = await window.rapport.invoke(method, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as { id: string };
    };
    const client = await must('clients.create', { kind: 'organisation', name: 'Harbour Bakery' });
    await must('contacts.create', { clientId: client.id, name: 'Megan Ellis', email: 'megan@harbour.example' });
    await must('engagements.create', { clientId: client.id, name: 'Shopfront redesign', startOn: '2026-01-05' });
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();
  const nav = page.getByRole('navigation');
  await nav.getByRole('button', { name: /Letters/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Letters' })).toBeVisible();

  // Templates: copy the built-in thank-you and change its subject; an unknown field is shown while editing.
  await page.getByRole('tab', { name: 'Templates' }).click();
  await page.getByRole('button', { name: 'Copy and edit “Thank you after a delivery”' }).click();
  const editor = page.getByRole('region', { name: 'Edit template' });
  await expect(editor).toBeVisible();
  const subject = field(page, 'Subject');
  await subject.fill('Thank you, {{contact.rol}}');
  await expect(editor.getByRole('alert', { name: 'Problems in this template' })).toContainText('unknown field “contact.rol”');
  await subject.fill('With thanks to our {{contact.role}}: {{engagement.name}}');
  await expect(editor.getByRole('status').first()).toContainText('No problems');
  await noViolations(page);
  await editor.getByRole('button', { name: 'Save template' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your templates' })).toContainText('Thank you after a delivery (my copy)');

  // Write: preview for the client and contact; the contact's role is missing and highlighted.
  await page.getByRole('tab', { name: 'Write a letter' }).click();
  await pick(page, 'Client', 'Harbour Bakery');
  await pick(page, 'Contact', 'Megan Ellis');
  await pick(page, 'Template', 'Thank you after a delivery (my copy) (Thank-you after a delivery)');
  const letter = page.getByRole('document', { name: 'Letter preview' });
  await expect(letter).toContainText('With thanks to our');
  await expect(letter.getByLabel('Missing: Contact’s role')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Missing from this letter' })).toContainText('Contact’s role');
  await expect(letter).toContainText('Shopfront redesign');
  await noViolations(page);

  // Fill it: the role for this letter, and a personal line.
  await field(page, 'Value for “Contact’s role”').fill('head baker');
  await field(page, 'Personal line').fill('The new window display has already drawn a crowd.');
  await expect(letter).toContainText('With thanks to our head baker: Shopfront redesign');
  await expect(letter).toContainText('The new window display has already drawn a crowd.');
  await expect(letter.getByLabel('Missing: Contact’s role')).toHaveCount(0);

  // Export as PDF and as Word; where to is chosen in main's dialog (the web host's stand-in
  // saves into host.chooseDir under the name the page suggests).
  const exportPanel = page.getByRole('region', { name: 'Export the letter' });
  const allowGaps = exportPanel.getByRole('checkbox');
  if (await allowGaps.count()) await allowGaps.check();
  await exportPanel.getByRole('button', { name: 'Export PDF' }).click();
  await expect(exportPanel.getByRole('status')).toContainText(`PDF written to ${path.join(out, 'Harbour Bakery Thank-you after a delivery.pdf')}`);
  await expect(exportPanel.getByRole('status')).toContainText('Recorded on Harbour Bakery’s timeline');
  await exportPanel.getByRole('button', { name: 'Export Word (DOCX)' }).click();
  await expect(exportPanel.getByRole('status')).toContainText(`Word document written to ${path.join(out, 'Harbour Bakery Thank-you after a delivery.docx')}`);
  expect(fs.readFileSync(path.join(out, 'Harbour Bakery Thank-you after a delivery.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(fs.readFileSync(path.join(out, 'Harbour Bakery Thank-you after a delivery.docx')).subarray(0, 2).toString('latin1')).toBe('PK');

  // The letter is on the client's timeline, as not sent yet (exporting is not sending: issue 16).
  await nav.getByRole('button', { name: /Clients/ }).click();
  await page.getByRole('button', { name: 'Harbour Bakery' }).first().click();
  await expect(page.getByText('Letter: With thanks to our head baker: Shopfront redesign').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mark as sent: Letter: With thanks to our head baker: Shopfront redesign' }).first()).toBeVisible();

});

test('a batch of goodbyes to every alumni client: review the warnings, export with progress, see the results', async ({ page, host }) => {
  const out = host.chooseDir;
  await page.goto(host.url);
  await createVault(page);
  await page.evaluate(async () => {
    const must = async (method: string, input: unknown) => {
      const r = await window.rapport.invoke(method, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as { id: string };
    };
    const alder = await must('clients.create', { kind: 'organisation', name: 'Alder Mill', stage: 'alumni' });
    await must('contacts.create', { clientId: alder.id, name: 'Ravi Shah' });
    await must('clients.create', { kind: 'organisation', name: 'Birch Lane', stage: 'alumni' });
    await must('clients.create', { kind: 'organisation', name: 'Cedar & Co', stage: 'active' });
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();
  await page.getByRole('navigation').getByRole('button', { name: /Letters/ }).click();
  await page.getByRole('tab', { name: 'Batch' }).click();

  await pick(page, 'Stage', 'Alumni');
  const chooser = page.getByRole('group', { name: 'Clients to write to' });
  await expect(chooser.getByRole('checkbox')).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select all 2 shown' }).check();
  await pick(page, 'Template', 'Goodbye at the end of our work');
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(page.getByRole('status', { name: 'Chosen folder' })).toHaveText(path.basename(out));
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  const review = page.getByRole('region', { name: 'Review before exporting' });
  await expect(review.getByRole('row', { name: /Alder Mill/ })).toContainText('Ravi Shah');
  await expect(review.getByRole('row', { name: /Birch Lane/ })).toContainText('The organisation');
  await noViolations(page);

  await page.getByLabel('Also write letters that have gaps (a field with no value)').check();
  await page.getByRole('button', { name: 'Export 2 letters' }).click();
  const results = page.getByRole('region', { name: 'Batch results' });
  await expect(results.getByRole('status')).toHaveText('2 written, 0 failed');
  expect(fs.readdirSync(out).filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
});
