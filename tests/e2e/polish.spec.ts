/**
 * Issue 16 through the web host, by role and label: alerts from a fact's words, forms that open
 * empty, facts that can be edited, last contact per person, and an exported letter marked sent.
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { createVault, expect, field, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });

async function api<M extends MethodName>(page: Page, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await page.evaluate(([m, i]) => window.rapport.invoke(m as MethodName, i), [method, input] as const);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as MethodOutput<M>;
}

const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

test('a health fact saying "Severe nut allergy" is an alert; the fact form is empty again; facts edit; per-person last contact', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  const client = await api(page, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons', stage: 'active' });
  const megan = await api(page, 'contacts.create', { clientId: client.id, name: 'Megan Hartley', role: 'Finance director' });
  await api(page, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), summary: 'Budget call', contactIds: [megan.id] });
  const letter = await api(page, 'timeline.add', { clientId: client.id, kind: 'letter', occurredAt: new Date().toISOString(), summary: 'Letter: check-in' });
  await section(page, 'Timeline').click();
  await section(page, 'Clients').click();
  await page.getByRole('table', { name: 'Clients' }).getByRole('button', { name: 'Hartley & Sons', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hartley & Sons' })).toBeVisible();

  // The exported (not sent) letter is not contact: last contact is the call, 3 days ago.
  await expect(page.getByText(/last contact 3 days ago/)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('Last spoke with Megan: 3 days ago');

  const form = page.getByRole('form', { name: 'Add a personal fact' });
  await field(page, 'New fact').fill('Severe nut allergy');
  await form.getByRole('combobox', { name: 'Type', exact: true }).click();
  await page.getByRole('option', { name: 'Health', exact: true }).click();
  await form.getByRole('combobox', { name: 'Sensitivity', exact: true }).click();
  await page.getByRole('option', { name: 'Private', exact: true }).click();
  await form.getByRole('combobox', { name: 'Fact about', exact: true }).click();
  await page.getByRole('option', { name: 'Megan Hartley', exact: true }).click();
  await form.getByRole('button', { name: 'Add fact' }).click();
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('Severe nut allergy');
  // Empty again, at its defaults.
  await expect(field(page, 'New fact')).toHaveValue('');
  await expect(form.getByRole('combobox', { name: 'Type', exact: true })).toHaveValue('Family');
  await expect(form.getByRole('combobox', { name: 'Sensitivity', exact: true })).toHaveValue('Normal');
  await expect(form.getByRole('combobox', { name: 'Fact about', exact: true })).not.toHaveValue('Megan Hartley');
  await expect(form.getByRole('checkbox', { name: /Show as an alert/ })).not.toBeChecked();

  // Edit it.
  await page.getByRole('button', { name: 'Edit fact: Severe nut allergy' }).click();
  const edit = page.getByRole('form', { name: 'Edit the personal fact' });
  await edit.getByRole('textbox', { name: 'Fact' }).fill('Severe nut allergy (carries an EpiPen)');
  await edit.getByRole('button', { name: 'Save fact' }).click();
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('carries an EpiPen');

  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(', ')}`)).toEqual([]);
  fs.mkdirSync('artifacts/polish', { recursive: true });
  await page.screenshot({ path: 'artifacts/polish/dossier.png', fullPage: true });

  // Marking the letter sent makes it contact.
  await section(page, 'Timeline').click();
  await page.getByRole('button', { name: `Mark as sent: ${letter.summary}` }).click();
  await expect(page.getByText('Letter sent', { exact: true }).first()).toBeVisible();
  await section(page, 'Clients').click();
  await page.getByRole('table', { name: 'Clients' }).getByRole('button', { name: 'Hartley & Sons', exact: true }).click();
  await expect(page.getByText(/last contact (less than a minute|\d+ seconds?) ago/)).toBeVisible();
});
