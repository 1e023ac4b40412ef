/**
 * Issue 16 through the web host, by role and label: alerts from a fact's words, forms that open
 * empty, facts that can be edited, last contact per person, and an exported letter marked sent.
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { createVault, expect, field, test } from './fixtures';

test.describe.configure({ timeout: Number(process.env.POLISH_TIMEOUT ?? 180_000) });

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

test('an important date can be edited; a warmth reading starts empty, can be backdated and edited', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  const client = await api(page, 'clients.create', { kind: 'organisation', name: 'Bolt Architects', stage: 'active' });
  await api(page, 'dates.add', { clientId: client.id, label: 'Founding day', date: '2015-04-01', recurrence: 'yearly' });
  await section(page, 'Timeline').click();
  await section(page, 'Clients').click();
  await page.getByRole('table', { name: 'Clients' }).getByRole('button', { name: 'Bolt Architects', exact: true }).click();

  // Edit the date: the form fills with it, and saving changes it.
  await page.getByRole('button', { name: 'Edit date: Founding day' }).click();
  const dateForm = page.getByRole('form', { name: 'Edit the important date' });
  await expect(dateForm.getByRole('textbox', { name: 'What' })).toHaveValue('Founding day');
  await dateForm.getByRole('textbox', { name: 'What' }).fill('Company founded');
  await dateForm.getByRole('textbox', { name: 'Date', exact: true }).fill('2015-05-02');
  await dateForm.getByRole('button', { name: 'Save date' }).click();
  const dates = page.getByRole('list', { name: 'Important dates' });
  await expect(dates).toContainText('Company founded');
  await expect(dates).not.toContainText('Founding day');
  await expect(page.getByRole('form', { name: 'Add an important date' })).toBeVisible();

  // The new reading has no preselected level.
  const record = page.getByRole('form', { name: 'Record warmth' });
  for (const level of ['Cold', 'Cool', 'Neutral', 'Warm', 'Very warm']) {
    await expect(record.getByRole('radio', { name: level, exact: true })).not.toBeChecked();
  }
  // Backdated reading.
  await record.getByText('Warm', { exact: true }).click();
  await record.getByRole('textbox', { name: 'Why' }).fill('Good lunch');
  await record.getByLabel('When (leave empty for now)').fill('2026-01-10T12:00');
  await record.getByRole('button', { name: 'Record warmth' }).click();
  const readings = page.getByRole('list', { name: 'Warmth readings' });
  await expect(readings).toContainText('Good lunch');
  await expect(readings).toContainText(/10 Jan(uary)? 2026|Jan(uary)? 10, 2026|10\/01\/2026|1\/10\/2026/);
  for (const level of ['Cold', 'Cool', 'Neutral', 'Warm', 'Very warm']) {
    await expect(record.getByRole('radio', { name: level, exact: true })).not.toBeChecked();
  }

  // Edit it.
  await page.getByRole('button', { name: /Edit reading: .*Good lunch/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit warmth reading' });
  await dialog.getByText('Cool', { exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Why' }).fill('Lunch went badly');
  await dialog.getByRole('button', { name: 'Save reading' }).click();
  await expect(readings).toContainText('Lunch went badly');
  await expect(page.getByText('Now: Cool')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(', ')}`)).toEqual([]);
});

test('letters: unsigned warning, then signed from Settings name and title; auto-lock 0 refused; a promise due "6 weeks" after the start', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  const client = await api(page, 'clients.create', { kind: 'organisation', name: 'Harbour Bakery', stage: 'active' });
  await section(page, 'Timeline').click();

  // No name anywhere: the letter is unsigned and the screen says so.
  await section(page, 'Letters').click();
  await page.getByRole('combobox', { name: 'Client', exact: true }).click();
  await page.getByRole('option', { name: 'Harbour Bakery' }).click();
  await page.getByRole('combobox', { name: 'Template', exact: true }).click();
  await page.getByRole('option', { name: /^Thank you after a delivery/ }).first().click();
  await expect(page.getByText('No sender: this letter is unsigned')).toBeVisible();
  await expect(page.getByText('Every field has a value.')).toBeHidden();

  // Settings: auto-lock 0 is refused with a message and not saved; name and title are.
  await section(page, 'Settings').click();
  const general = page.getByRole('region', { name: 'General' });
  await general.getByRole('textbox', { name: 'Your name' }).fill('Sam Rivera');
  await general.getByRole('textbox', { name: 'Your title' }).fill('Managing Partner');
  const lock = general.getByRole('textbox', { name: 'Lock after this many minutes without activity' });
  await lock.fill('0');
  await general.getByRole('button', { name: 'Save' }).click();
  await expect(general.getByRole('alert')).toContainText('from 1 to 1440');
  await expect(lock).toHaveValue('0');
  expect((await api(page, 'settings.get', {})).autoLockMinutes).toBe(10);
  await lock.fill('15');
  await general.getByRole('button', { name: 'Save' }).click();
  await expect(general.getByRole('status')).toContainText('Saved');
  expect(await api(page, 'settings.get', {})).toMatchObject({ autoLockMinutes: 15, userName: 'Sam Rivera', userTitle: 'Managing Partner' });

  await section(page, 'Letters').click();
  await page.getByRole('combobox', { name: 'Client', exact: true }).click();
  await page.getByRole('option', { name: 'Harbour Bakery' }).click();
  await page.getByRole('combobox', { name: 'Template', exact: true }).click();
  await page.getByRole('option', { name: /^Thank you after a delivery/ }).first().click();
  const letter = page.getByRole('document', { name: 'Letter preview' });
  await expect(letter).toContainText(/With warm thanks,\s*Sam Rivera\s*Managing Partner/);
  await expect(page.getByText('No sender: this letter is unsigned')).toBeHidden();

  // An engagement promise due "6 weeks" after its start.
  await section(page, 'Clients').click();
  await page.getByRole('table', { name: 'Clients' }).getByRole('button', { name: 'Harbour Bakery', exact: true }).click();
  const engagements = page.getByRole('region', { name: 'Engagements and promises' });
  await engagements.getByRole('button', { name: 'New engagement' }).click();
  const dlg = page.getByRole('dialog', { name: 'New engagement' });
  await dlg.getByRole('textbox', { name: 'Engagement name' }).fill('Shopfront');
  await dlg.getByRole('textbox', { name: 'Start', exact: true }).fill('2026-09-01');
  await dlg.getByRole('textbox', { name: 'Item 1', exact: true }).fill('Signage installed');
  await dlg.getByRole('textbox', { name: 'Item 1: or due after' }).fill('six weeks');
  await expect(dlg.getByRole('textbox', { name: 'Item 1 due', exact: true })).toHaveValue('2026-10-13');
  await dlg.getByRole('button', { name: 'Start engagement' }).click();
  await expect(dlg).toBeHidden();
  const promises = await api(page, 'promises.forClient', { clientId: client.id });
  expect(promises.engagements[0].items[0]).toMatchObject({ text: 'Signage installed', dueOn: '2026-10-13' });
});

test('finish: a new client opens; warmth chart on a time axis with real dates; Settings date format; plurals; sidebar labels fit', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  await page.getByRole('button', { name: 'Add client' }).first().click();
  const add = page.getByRole('dialog', { name: 'Add client' });
  await add.getByRole('textbox', { name: 'Name', exact: true }).fill('Bolt Architects');
  await add.getByRole('button', { name: 'Add client' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bolt Architects' })).toBeVisible();

  const [client] = await api(page, 'clients.list', {});
  const day = 86_400_000;
  const t0 = Date.parse('2026-01-01T12:00:00Z');
  for (const [offset, value, reason] of [[0, 2, 'First meeting'], [10, 4, 'Good workshop'], [100, 5, 'Renewed']] as const) {
    await api(page, 'warmth.record', { clientId: client.id, value, reason, at: new Date(t0 + offset * day).toISOString() });
  }
  await api(page, 'followUps.create', { clientId: client.id, reason: 'Send the drawings', dueOn: '2020-01-01' });

  // Settings: UK dates (this machine's own are US).
  await section(page, 'Settings').click();
  const general = page.getByRole('region', { name: 'General' });
  await general.getByRole('combobox', { name: 'Date and time format' }).click();
  await page.getByRole('option', { name: /^English \(UK\)/ }).click();
  await general.getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => (await api(page, 'settings.get', {})).dateLocale).toBe('en-GB');

  await section(page, 'Clients').click();
  await expect(page.getByText('Showing 1 of 1 client', { exact: true })).toBeVisible();
  await page.getByRole('table', { name: 'Clients' }).getByRole('button', { name: 'Bolt Architects', exact: true }).click();
  const chart = page.getByRole('figure', { name: 'Warmth over time' });
  await expect(chart).toContainText('3 readings from Cool on 1 Jan 2026 to Very warm on 11 Apr 2026.');
  await expect(page.getByRole('list', { name: 'Warmth readings' })).toContainText('11 Jan 2026');
  // Spaced by date: 10 days then 90 days.
  const xs = await chart.locator('.recharts-line-dots circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cx'))));
  expect(xs).toHaveLength(3);
  expect((xs[1] - xs[0]) / (xs[2] - xs[0])).toBeCloseTo(0.1, 1);

  // The sidebar label is whole, with the overdue badge beside it.
  const label = page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Follow-ups/ }).locator('.mantine-NavLink-label');
  await expect(label).toContainText('Follow-ups');
  expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(', ')}`)).toEqual([]);
});

test('Follow-ups leads with today and overdue; promises needing attention are one collapsed, counted group', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  const client = await api(page, 'clients.create', { kind: 'organisation', name: 'Bolt Architects', stage: 'active' });
  await api(page, 'followUps.create', { clientId: client.id, reason: 'Send the drawings', dueOn: '2020-01-01' });
  await api(page, 'engagements.create', {
    clientId: client.id,
    name: 'Extension',
    startOn: '2019-01-01',
    items: [1, 2, 3].map((n) => ({ kind: 'promise' as const, text: `Phase ${n} signed off`, dueOn: '2019-06-01' })),
  });
  await section(page, 'Follow-ups').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Follow-ups' })).toBeVisible();
  // Today comes first, right under the page title.
  const headings = await page.getByRole('main').getByRole('heading').allTextContents();
  expect(headings.slice(0, 2)).toEqual(['Follow-ups', 'Today']);
  await expect(page.getByRole('list', { name: 'Due today or earlier' })).toContainText('Send the drawings');

  const group = page.getByRole('region', { name: 'Promises needing attention' });
  // Not buried: the day's follow-ups are above the promises.
  const y = async (l: ReturnType<Page['getByRole']>) => (await l.boundingBox())!.y;
  expect(await y(page.getByRole('list', { name: 'Due today or earlier' }))).toBeLessThan(await y(group));
  const toggle = group.getByRole('button', { name: /Promises needing attention/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toContainText('3');
  await expect(group.getByText('Phase 1 signed off')).toBeHidden();
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(', ')}`)).toEqual([]);
  fs.mkdirSync('artifacts/polish', { recursive: true });
  await page.screenshot({ path: 'artifacts/polish/follow-ups.png', fullPage: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(group).toContainText('Phase 1 signed off');
  await group.getByRole('button', { name: 'Bolt Architects' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bolt Architects' })).toBeVisible();
});

test('Follow-ups pages its Upcoming list: the next follow-ups load as the list scrolls into view', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  const client = await api(page, 'clients.create', { kind: 'organisation', name: 'Bolt Architects', stage: 'active' });
  const later = (n: number) => new Date(Date.now() + (n + 2) * 86_400_000).toISOString().slice(0, 10);
  for (let n = 0; n < 60; n++) await api(page, 'followUps.create', { clientId: client.id, reason: `Check-in ${n + 1}`, dueOn: later(n) });
  // One page comes back at a time, with the cursor of the next.
  const first = await api(page, 'followUps.list', { limit: 25 });
  expect([first.items.length, first.nextCursor === null]).toEqual([25, false]);

  await section(page, 'Follow-ups').click();
  const upcoming = page.getByRole('list', { name: 'Upcoming follow-ups' });
  await expect(upcoming).toContainText('Check-in 1');
  await expect(upcoming.getByRole('listitem').first()).toContainText('Check-in 1');
  // Scrolling down brings in the rest, soonest first; then there is nothing more to show.
  await expect(async () => {
    await page.getByRole('main').evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.mouse.wheel(0, 5000);
    expect(await upcoming.getByRole('listitem').count()).toBe(60);
  }).toPass({ timeout: 30_000 });
  await expect(upcoming.getByRole('listitem').last()).toContainText('Check-in 60');
  await expect(page.getByRole('button', { name: 'Show more upcoming' })).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(', ')}`)).toEqual([]);
});
