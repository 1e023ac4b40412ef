/**
 * People first-class: a contact's own page, reached from the dossier, from search and from the
 * timeline; what it shows; axe; and a screenshot kept under artifacts/people.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { createVault, expect, field, test } from './fixtures';
import { api, expectNoAxeViolations, section } from './helpers';

test.describe.configure({ timeout: 180_000 });

/** Hartley & Sons (owned by Ana) with Dave and Megan, Dave's fact and birthday, two entries with him, and a follow-up naming him. */
async function seed(page: Page) {
  await createVault(page);
  const client = await api(page, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons', stage: 'active', owner: 'Ana Lopez' });
  const dave = await api(page, 'contacts.create', {
    clientId: client.id,
    name: 'Dave Hartley',
    role: 'Managing director',
    email: 'dave@hartley.example',
    phone: '+44 20 7946 0000',
    preferredChannel: 'phone',
    preferredTime: 'mornings',
  });
  const megan = await api(page, 'contacts.create', { clientId: client.id, name: 'Megan Hartley', role: 'Finance director' });
  await api(page, 'facts.add', { clientId: client.id, contactId: dave.id, type: 'hobbies', text: 'Plays the cello on Sundays' });
  await api(page, 'facts.add', { clientId: client.id, contactId: megan.id, type: 'diet', text: 'Vegan' });
  await api(page, 'dates.add', { clientId: client.id, contactId: dave.id, label: 'Birthday', date: '1970-05-04', recurrence: 'yearly' });
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  await api(page, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt: day(20), summary: 'Budget call', contactIds: [dave.id] });
  await api(page, 'timeline.add', { clientId: client.id, kind: 'meeting', occurredAt: day(5), summary: 'Lunch at the bakery', contactIds: [dave.id, megan.id] });
  await api(page, 'timeline.add', { clientId: client.id, kind: 'email', occurredAt: day(1), summary: 'Megan’s invoice question', contactIds: [megan.id] });
  await api(page, 'followUps.create', { clientId: client.id, reason: 'Send Dave the expansion memo', dueOn: day(-3).slice(0, 10) });
  await api(page, 'followUps.create', { clientId: client.id, reason: 'Chase the invoice', dueOn: day(-4).slice(0, 10) });
  // Coming back to the list reads it afresh.
  await section(page, 'Timeline').click();
  await section(page, 'Clients').click();
  return { client, dave, megan };
}

async function expectDavesPage(page: Page) {
  await expect(page.getByRole('heading', { level: 1, name: 'Dave Hartley' })).toBeVisible();
  await expect(page.getByText('Managing director at')).toBeVisible();
  await expect(page.getByLabel('Last spoke')).toHaveText(/Last spoke: 5 days ago/);
}

test('a person page from the dossier: how to reach them, their facts and dates, interactions newest first, follow-ups naming them', async ({ page, host }) => {
  await page.goto(host.url);
  await seed(page);
  await page.getByRole('table', { name: 'Clients' }).getByRole('button', { name: 'Hartley & Sons' }).click();
  await page.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: 'Dave Hartley', exact: true }).click();
  await expectDavesPage(page);

  const reach = page.getByRole('region', { name: 'How to reach them' });
  await expect(reach.getByLabel('Email')).toHaveText('dave@hartley.example');
  await expect(reach).toContainText('+44 20 7946 0000');
  await expect(reach).toContainText('Prefers phone, mornings');
  await expect(reach).toContainText('Hartley & Sons’ account is looked after by Ana Lopez.');

  // Only Dave's own facts and dates.
  const facts = page.getByRole('list', { name: 'Personal facts' });
  await expect(facts.getByRole('listitem')).toHaveCount(1);
  await expect(facts).toContainText('Plays the cello on Sundays');
  await expect(page.getByRole('region', { name: 'Important dates' })).toContainText('Birthday');

  const interactions = page.getByRole('list', { name: 'Interactions with Dave Hartley' });
  await expect(interactions.getByRole('listitem')).toHaveCount(2);
  await expect(interactions.getByRole('listitem').first()).toContainText('Lunch at the bakery');
  await expect(interactions.getByRole('listitem').last()).toContainText('Budget call');

  const followUps = page.getByRole('region', { name: 'Follow-ups' });
  await expect(followUps).toContainText('Send Dave the expansion memo');
  await expect(followUps).not.toContainText('Chase the invoice');

  await expectNoAxeViolations(page, 'person page');
  fs.mkdirSync('artifacts/people', { recursive: true });
  await page.screenshot({ path: 'artifacts/people/person.png', fullPage: true });

  // The address is copied (the app follows no mailto: links).
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await reach.getByRole('button', { name: 'Copy dave@hartley.example' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied dave@hartley.example' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('dave@hartley.example');

  // A fact added here is about Dave unless told otherwise, and shows on his page at once.
  await field(page, 'New fact').fill('Supports Leeds United');
  await page.getByRole('form', { name: 'Add a personal fact' }).getByRole('button', { name: 'Add fact' }).click();
  await expect(facts.getByRole('listitem')).toHaveCount(2);
  await expect(facts).toContainText('About Dave Hartley');

  // Back goes to the client's dossier.
  await page.getByRole('button', { name: 'Back to Hartley & Sons' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hartley & Sons' })).toBeVisible();
});

test('a person page from a search hit of a contact, and from a timeline entry’s contact', async ({ page, host }) => {
  await page.goto(host.url);
  const { client, megan } = await seed(page);
  // Twenty older calls with Megan: her page shows the newest twenty of her 22, then all on asking.
  for (let i = 0; i < 20; i++) {
    const occurredAt = new Date(Date.now() - (40 + i) * 86_400_000).toISOString();
    await api(page, 'timeline.add', { clientId: client.id, kind: 'call', occurredAt, summary: `Old call ${i + 1}`, contactIds: [megan.id] });
  }
  await page.getByRole('textbox', { name: 'Search' }).fill('Dave Hartley');
  const results = page.getByRole('region', { name: 'Search results' });
  await results.getByRole('button', { name: /Contact\s*Dave Hartley/ }).click();
  await expectDavesPage(page);
  // Their client is the current one: logging an interaction from here is for Hartley & Sons.
  await page.getByRole('button', { name: 'Log interaction' }).click();
  const log = page.getByRole('dialog', { name: 'Log interaction' });
  await expect(log.getByRole('textbox', { name: 'Client' }).or(log.getByRole('combobox', { name: 'Client' }))).toHaveValue('Hartley & Sons');
  await page.keyboard.press('Escape');
  await expect(log).toBeHidden();

  await section(page, 'Timeline').click();
  const lunch = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: 'Lunch at the bakery' });
  await lunch.getByRole('button', { name: 'Megan Hartley' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Megan Hartley' })).toBeVisible();
  const hers = page.getByRole('list', { name: 'Interactions with Megan Hartley' });
  await expect(hers.getByRole('listitem')).toHaveCount(20);
  await expect(hers.getByRole('listitem').first()).toContainText('Megan’s invoice question');
  await page.getByRole('button', { name: 'Show all 22 entries' }).click();
  await expect(hers.getByRole('listitem')).toHaveCount(22);
  await expect(hers.getByRole('listitem').last()).toContainText('Old call 20');
  await expect(page.getByRole('region', { name: 'Follow-ups' })).toContainText('No open follow-up names Megan.');
  await expectNoAxeViolations(page, 'person page (no follow-ups)');
});
