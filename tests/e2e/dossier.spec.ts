/**
 * Client dossiers, people, timeline and follow-ups: journeys through the web host, by role and
 * accessible name, with axe on each screen.
 */
import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { MethodInput } from '../../src/shared/contract';
import { PASSPHRASE, createVault, expect, field, launchHost, test } from './fixtures';
import { api, expectNoAxeViolations, section } from './helpers';

// Vault creation runs Argon2id at 256 MiB; a busy machine needs the room.
test.describe.configure({ timeout: 180_000 });

/** The text of a PDF, page after page (pdf.js). */
async function pdfText(data: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('') + '\n';
  }
  await doc.destroy();
  return text;
}

/** Picks an option in a Mantine Select or MultiSelect found by its label. */
async function choose(scope: Page | Locator, label: string, option: string) {
  const page = 'page' in scope ? scope.page() : scope;
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function addClient(page: Page, name: string) {
  await page.getByRole('button', { name: 'Add client' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add client' });
  await field(page, 'Name').fill(name);
  await dialog.getByRole('button', { name: 'Add client' }).click();
  await expect(dialog).toBeHidden();
}

async function openDossier(page: Page, name: string) {
  await section(page, 'Clients').click();
  await page.getByRole('table', { name: 'Clients' }).getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function addContact(page: Page, name: string, role: string) {
  await page.getByRole('button', { name: 'Add contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add contact' });
  await field(page, 'Name').fill(name);
  await field(page, 'Role').fill(role);
  await dialog.getByRole('button', { name: 'Add contact' }).click();
  await expect(dialog).toBeHidden();
}

/** A vault with Hartley & Sons, Dave and Megan, and Megan's nut allergy, made through the API. */
async function seedHartley(page: Page, extra: Partial<MethodInput<'clients.create'>> = {}) {
  await createVault(page);
  const client = await api(page, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons', stage: 'active', ...extra });
  const dave = await api(page, 'contacts.create', { clientId: client.id, name: 'Dave Hartley', role: 'Managing director' });
  const megan = await api(page, 'contacts.create', { clientId: client.id, name: 'Megan Hartley', role: 'Finance director' });
  await api(page, 'facts.add', { clientId: client.id, contactId: megan.id, type: 'diet', text: 'Allergic to nuts: never pecan pie' });
  // Coming back to the list reads it afresh.
  await section(page, 'Timeline').click();
  await section(page, 'Clients').click();
  await expect(page.getByRole('table', { name: 'Clients' }).getByRole('button', { name: 'Hartley & Sons' })).toBeVisible();
  return { client, dave, megan };
}

test('an organisation with two contacts and a nut allergy shows it under Alerts', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  await addClient(page, 'Hartley & Sons');
  await openDossier(page, 'Hartley & Sons');
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('No alerts');

  await addContact(page, 'Dave Hartley', 'Managing director');
  await addContact(page, 'Megan Hartley', 'Finance director');
  await expect(page.getByRole('list', { name: 'Contacts' }).getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Edit Megan Hartley' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Megan Hartley' });
  await edit.getByRole('textbox', { name: 'Email' }).fill('megan@hartley.example');
  await choose(edit, 'Preferred channel', 'Phone');
  await edit.getByRole('textbox', { name: 'Preferred time' }).fill('mornings, never Fridays');
  await edit.getByRole('button', { name: 'Save contact' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('Prefers phone, mornings, never Fridays');

  const form = page.getByRole('form', { name: 'Add a personal fact' });
  await field(page, 'New fact').fill('Allergic to nuts: never pecan pie');
  await choose(form, 'Type', 'Diet and allergies');
  await choose(form, 'Fact about', 'Megan Hartley');
  await form.getByRole('button', { name: 'Add fact' }).click();

  const alerts = page.getByRole('region', { name: 'Alerts' });
  await expect(alerts).toContainText('Megan Hartley');
  await expect(alerts).toContainText('Allergic to nuts: never pecan pie');
  await expect(page.getByRole('list', { name: 'Personal facts' })).toContainText('About Megan Hartley');
  await expectNoAxeViolations(page, 'dossier');
});

test('sort and filter the client list', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  for (const c of [
    { name: 'Alder Bakery', stage: 'active', owner: 'Anna', tags: ['retail'], revenueShare: 12 },
    { name: 'Birch Legal', stage: 'prospect', owner: 'Ben', tags: ['legal'], revenueShare: 30 },
    { name: 'Cedar Works', stage: 'active', owner: 'Ben', tags: ['retail', 'key'], revenueShare: null },
  ] as const) {
    await api(page, 'clients.create', { kind: 'organisation', ...c, tags: [...c.tags] });
  }
  await section(page, 'Timeline').click();
  await section(page, 'Clients').click();
  const table = page.getByRole('table', { name: 'Clients' });
  const names = () => table.getByRole('row').locator('td:first-child button').allInnerTexts();
  await expect.poll(names).toEqual(['Alder Bakery', 'Birch Legal', 'Cedar Works']);

  await choose(page, 'Sort by', 'Revenue share');
  await expect.poll(names).toEqual(['Birch Legal', 'Alder Bakery', 'Cedar Works']);
  await table.getByRole('button', { name: 'Name' }).click();
  await expect.poll(names).toEqual(['Alder Bakery', 'Birch Legal', 'Cedar Works']);
  await table.getByRole('button', { name: 'Name' }).click();
  await expect.poll(names).toEqual(['Cedar Works', 'Birch Legal', 'Alder Bakery']);

  await choose(page, 'Stage', 'Active');
  await expect.poll(names).toEqual(['Cedar Works', 'Alder Bakery']);
  await choose(page, 'Owner', 'Ben');
  await expect.poll(names).toEqual(['Cedar Works']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await choose(page, 'Tag', 'retail');
  await expect.poll(names).toEqual(['Cedar Works', 'Alder Bakery']);
  await expectNoAxeViolations(page, 'clients (filtered)');
});

test('log a meeting from anywhere and see it on the timeline', async ({ page, host }) => {
  await page.goto(host.url);
  await seedHartley(page);
  await section(page, 'Follow-ups').click();

  await page.keyboard.press('Control+Shift+A');
  const dialog = page.getByRole('dialog', { name: 'Log interaction' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Client' }).fill('Hart');
  await page.getByRole('option', { name: 'Hartley & Sons' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Kind' })).toHaveValue('Meeting');
  await dialog.getByRole('textbox', { name: 'Summary', exact: true }).fill('Lunch to plan the spring launch');
  await dialog.getByRole('textbox', { name: 'Details', exact: true }).fill('Megan wants the figures by Friday.');
  await choose(dialog, 'Contacts involved', 'Megan Hartley');
  await dialog.getByRole('heading', { name: 'Log interaction' }).click(); // closes the contact list
  await dialog.getByRole('checkbox', { name: 'Add a follow-up' }).check();
  await dialog.getByRole('textbox', { name: 'Follow-up reason' }).fill('Send Megan the figures');
  await expectNoAxeViolations(page, 'log interaction dialog');
  await dialog.getByRole('button', { name: 'Log interaction' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Meeting with Hartley & Sons added to the timeline');

  await section(page, 'Timeline').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Timeline' })).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline.getByRole('listitem').first()).toContainText('Lunch to plan the spring launch');
  await expect(timeline.getByRole('listitem').first()).toContainText('with Megan Hartley');
  await expectNoAxeViolations(page, 'timeline');

  // Filter by kind: calls only, so nothing shows; then back.
  await choose(page, 'Kinds', 'Call');
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(timeline.getByRole('listitem')).toHaveCount(1);

  // The follow-up is there, and the dossier's timeline has the meeting too.
  await section(page, 'Follow-ups').click();
  const upcoming = page.getByRole('list', { name: 'Upcoming follow-ups' });
  await expect(upcoming).toContainText('Send Megan the figures');
  await upcoming.getByRole('button', { name: 'Snooze: Send Megan the figures' }).click();
  await page.getByRole('dialog', { name: 'Snooze follow-up' }).getByRole('button', { name: 'In a month' }).click();
  await expect(upcoming).toContainText('snoozed from');
  await upcoming.getByRole('button', { name: 'Done: Send Megan the figures' }).click();
  await expect(page.getByText('Nothing planned.')).toBeVisible();
  await openDossier(page, 'Hartley & Sons');
  const own = page.getByRole('list', { name: 'Client timeline' });
  await expect(own).toContainText('Lunch to plan the spring launch');

  // Edit the entry, then delete it and undo.
  await own.getByRole('button', { name: 'Edit entry: Lunch to plan the spring launch' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit timeline entry' });
  await edit.getByRole('textbox', { name: 'Summary', exact: true }).fill('Lunch: spring launch and figures');
  await expectNoAxeViolations(page, 'edit entry dialog');
  await edit.getByRole('button', { name: 'Save entry' }).click();
  await expect(edit).toBeHidden();
  await expect(own).toContainText('Lunch: spring launch and figures');
  await own.getByRole('button', { name: 'Delete entry: Lunch: spring launch and figures' }).click();
  await expect(page.getByText('Nothing on the timeline yet.')).toBeVisible();
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(own.getByRole('listitem')).toHaveCount(1);
  await expect(own).toContainText('Lunch: spring launch and figures');
});

test('a client past its keep-in-touch cadence goes cold', async ({ page, host }) => {
  await page.goto(host.url);
  const { client } = await seedHartley(page);
  await api(page, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: new Date().toISOString(), summary: 'Catch-up call' });
  await openDossier(page, 'Hartley & Sons');
  const cadence = page.getByRole('form', { name: 'Keep-in-touch cadence' });
  await cadence.getByRole('textbox', { name: 'Cadence (days)' }).fill('30');
  await cadence.getByRole('button', { name: 'Save cadence' }).click();
  await expect(page.getByText('Every 30 days.')).toBeVisible();

  await section(page, 'Follow-ups').click();
  await expect(page.getByText('Nobody is going cold.')).toBeVisible();

  // 45 days on, the idle timer locks the vault (it may beat us to it); unlocking reads everything afresh.
  host.setClockOffsetDays(45);
  await page.keyboard.press('Control+L');
  await expect(page.getByRole('heading', { name: 'Unlock Rapport' })).toBeVisible();
  await field(page, 'Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await section(page, 'Follow-ups').click();
  const cold = page.getByRole('list', { name: 'Clients going cold' });
  await expect(cold.getByRole('listitem')).toHaveCount(1);
  await expect(cold).toContainText('Hartley & Sons');
  await expect(cold).toContainText('45 days since last contact');
  await expect(cold).toContainText('15 days over');
  await expectNoAxeViolations(page, 'follow-ups');
  await cold.getByRole('button', { name: 'Hartley & Sons' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hartley & Sons' })).toBeVisible();
});

test('hand the account to a colleague', async ({ page, host }) => {
  await page.goto(host.url);
  await seedHartley(page, { owner: 'Anna Lindqvist' });
  await openDossier(page, 'Hartley & Sons');
  await page.getByRole('button', { name: 'Hand over…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Hand over Hartley & Sons' });
  await dialog.getByRole('textbox', { name: 'New owner' }).fill('Ben Okafor');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Anna moves to the Lisbon office');
  await dialog.getByRole('textbox', { name: 'Handover notes' }).fill('Megan runs the numbers; never serve nuts.');
  await dialog.getByRole('textbox', { name: 'How the client took it' }).fill('Relieved: Ben knows their sector');
  await expectNoAxeViolations(page, 'hand-over dialog');
  await dialog.getByRole('button', { name: 'Hand over' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByText('Owner: Ben Okafor')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Past handovers' })).toContainText('Anna Lindqvist → Ben Okafor');
  await expect(page.getByRole('list', { name: 'Client timeline' })).toContainText('Account handed over from Anna Lindqvist to Ben Okafor');
  await expect(page.getByRole('list', { name: 'Open follow-ups for this client' })).toContainText(
    'Check in with Hartley & Sons after the handover to Ben Okafor',
  );

  // Dropping a follow-up asks first.
  await page.getByRole('button', { name: 'Drop: Check in with Hartley & Sons after the handover to Ben Okafor' }).click();
  await page.getByRole('dialog', { name: 'Drop follow-up' }).getByRole('button', { name: 'Drop follow-up' }).click();
  await expect(page.getByText('Nothing to follow up with this client.')).toBeVisible();

  // How the client feels about it, as a warmth reading.
  const warmth = page.getByRole('form', { name: 'Record warmth' });
  await warmth.getByText('Warm', { exact: true }).click();
  await warmth.getByRole('textbox', { name: 'Why' }).fill('Happy with the handover meeting');
  await warmth.getByRole('button', { name: 'Record warmth' }).click();
  await expect(page.getByText('Warmth: Warm (4/5)')).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Warmth over time' })).toContainText('One reading: Warm');
});

test('search finds the client by a personal fact and opens the dossier', async ({ page, host }) => {
  await page.goto(host.url);
  await seedHartley(page);
  await section(page, 'Timeline').click();
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('textbox', { name: 'Search' })).toBeFocused();
  await page.keyboard.type('pecan');
  const results = page.getByRole('region', { name: 'Search results' });
  const group = results.getByRole('region', { name: 'Hartley & Sons' });
  await expect(group).toContainText('Allergic to nuts: never pecan pie');
  await expect(group).toContainText('Personal fact');
  await expectNoAxeViolations(page, 'search results');
  await group.getByRole('button', { name: /pecan/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hartley & Sons' })).toBeVisible();
  await expect(results).toBeHidden();
});

test('export the meeting brief as a PDF', async ({ page, host }) => {
  await page.goto(host.url);
  const { client } = await seedHartley(page);
  await api(page, 'clients.update', { id: client.id, version: client.version, news: 'Opened a second bakery in Leeds' });
  await openDossier(page, 'Hartley & Sons');
  const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const dates = page.getByRole('form', { name: 'Add an important date' });
  await dates.getByRole('textbox', { name: 'What' }).fill("Megan's birthday");
  await dates.locator('input[type="date"]').fill(soon);
  await choose(dates, 'Date for', 'Megan Hartley');
  await dates.getByRole('button', { name: 'Add date' }).click();
  await expect(page.getByRole('list', { name: 'Important dates' })).toContainText('in 10 days');
  await page.getByRole('button', { name: 'Meeting brief' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hartley & Sons: meeting brief' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('never pecan pie');
  await expect(page.getByText('Opened a second bakery in Leeds')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Dates in the next 60 days' })).toContainText("Megan's birthday");
  await expectNoAxeViolations(page, 'meeting brief');
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF' }).click()]);
  expect(pdf.suggestedFilename()).toBe('Hartley & Sons meeting brief.pdf');
  const bytes = fs.readFileSync((await pdf.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const text = await pdfText(bytes);
  for (const expected of ['Hartley & Sons: meeting brief', 'ALERTS', 'Megan Hartley: Allergic to nuts: never pecan pie', "Megan's birthday", 'Opened a second bakery in Leeds']) {
    expect(text).toContain(expected);
  }
  await page.getByRole('button', { name: 'Back to dossier' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hartley & Sons' })).toBeVisible();
});

test('delete a client and undo', async ({ page, host }) => {
  await page.goto(host.url);
  await seedHartley(page);
  await openDossier(page, 'Hartley & Sons');
  await page.getByRole('button', { name: 'Delete client' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Hartley & Sons?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Delete client' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No clients yet' })).toBeVisible();
  const notice = page.getByRole('status').filter({ hasText: 'Deleted Hartley & Sons' });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hartley & Sons' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Contacts' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('never pecan pie');
});

test('the timeline with 5,000 entries loads a page at a time and renders only the rows in view', async ({ page }) => {
  test.setTimeout(300_000);
  const host = await launchHost({ seed: { clients: 30, events: 5000 } });
  try {
    await page.goto(host.url);
    await field(page, 'Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await section(page, 'Timeline').click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline.getByRole('listitem').first()).toBeVisible({ timeout: 60_000 });
    // The first page only: its size unknown yet (aria-setsize -1), and the count says more will come.
    expect(await timeline.getByRole('listitem').first().getAttribute('aria-setsize')).toBe('-1');
    await expect(page.getByText('The newest 200 entries, newest first; more load as you scroll')).toBeVisible();
    expect(await timeline.getByRole('listitem').count()).toBeLessThan(60);
    await page.screenshot({ path: 'test-results/timeline-5000.png' });

    // Scrolling to the end loads the next pages, until every entry is in and the oldest renders,
    // still with only a window of rows.
    const scroller = page.locator('.timeline-scroll');
    let total = -1;
    await expect(async () => {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      total = Number(await timeline.getByRole('listitem').last().getAttribute('aria-setsize'));
      expect(total).toBeGreaterThanOrEqual(5000);
    }).toPass({ timeout: 180_000, intervals: [100, 250, 500] });
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(timeline.locator(`[aria-posinset="${total}"]`)).toBeVisible();
    await expect(page.getByText(`${total.toLocaleString('en')} entries, newest first`, { exact: false })).toBeVisible();
    expect(await timeline.getByRole('listitem').count()).toBeLessThan(60);
    await expectNoAxeViolations(page, 'timeline (5,000 entries)');
  } finally {
    await host.stop();
  }
});
