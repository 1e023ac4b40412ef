import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createVault, expect, field, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('an engagement with promises and a gap: kept with evidence, slipped, renegotiated; then offboarding to alumni', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  await page.getByRole('button', { name: 'Add client' }).first().click();
  await field(page, 'Name').fill('Bluebird Dental');
  await page.getByRole('dialog').getByRole('button', { name: 'Add client' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Bluebird Dental' })).toBeVisible();

  // A delivery to cite as evidence later (set up through the API the page sees; the journey is the UI).
  const today = new Date().toISOString().slice(0, 10);
  await page.evaluate(async () => {
    const list = await window.rapport.invoke('clients.list', {});
    if (!list.ok) throw new Error(list.error.message);
    const client = (list.value as { id: string }[])[0];
    await window.rapport.invoke('timeline.add', { clientId: client.id, kind: 'delivery', occurredAt: new Date().toISOString(), summary: 'Booking form live' });
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Clients' })).toBeVisible();
  await page.getByRole('button', { name: 'Bluebird Dental' }).first().click();

  // The engagement: three promises (two already past their due date) and one expectation gap.
  const section = page.getByRole('region', { name: 'Engagements and promises' });
  await section.getByRole('button', { name: 'New engagement' }).click();
  const dlg = page.getByRole('dialog', { name: 'New engagement' });
  await field(page, 'Engagement name').fill('Practice website rebuild');
  await field(page, 'Item 1').fill('Deliver A: the booking form');
  await dlg.getByLabel('Item 1 due').fill(today);
  for (const [n, text, due] of [
    [2, 'Deliver B: the team pages', '2020-01-10'],
    [3, 'Deliver C: the blog', '2020-01-20'],
  ] as const) {
    await dlg.getByRole('button', { name: 'Add promise' }).click();
    await field(page, `Item ${n}`).fill(text);
    await dlg.getByLabel(`Item ${n} due`).fill(due);
  }
  await dlg.getByRole('button', { name: 'Add expectation gap' }).click();
  await field(page, 'Item 4').fill('Expects us to write all the copy');
  await field(page, 'Item 4: how we told them').fill('Told Dr Okafor at kick-off that copy is theirs');
  await dlg.getByRole('button', { name: 'Start engagement' }).click();
  await expect(dlg).toBeHidden();
  await expect(section.getByRole('region', { name: 'Expectation gaps' })).toContainText('Expects us to write all the copy');

  const change = async (item: string, state: string, extra?: () => Promise<void>) => {
    await section.getByRole('button', { name: `Change the state of “${item}”` }).click();
    const d = page.getByRole('dialog', { name: 'Change the promise’s state' });
    await pick(page, 'New state', state);
    await d.getByRole('textbox', { name: 'Note', exact: true }).fill(`${state}: noted`);
    if (extra) await extra();
    await d.getByRole('button', { name: 'Save' }).click();
    await expect(d).toBeHidden();
  };
  await change('Deliver A: the booking form', 'Kept', () => pick(page, 'Evidence (a delivery on the timeline)', `${today} — Booking form live`));
  await change('Deliver B: the team pages', 'Slipped');
  await change('Deliver C: the blog', 'Renegotiated', async () => {
    await field(page, 'New terms').fill('Blog moves to next month');
    await page.getByLabel('The client agreed to the new terms').check();
  });

  // Kept 1 on time of 3 due (A due today and kept; B slipped; C past its old date) -> 33%.
  await expect(section.getByLabel('Promise-keeping rate')).toHaveText('33% kept on time');
  await expect(page.getByText('Promise kept: Deliver A: the booking form').first()).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // Offboarding: move the stage, tick every step; the client becomes alumni.
  const lists = page.getByRole('region', { name: 'Lifecycle checklists' });
  await lists.getByRole('button', { name: 'Move to another stage…' }).click();
  await pick(page, 'New stage', 'Offboarding');
  await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
  await expect(lists.getByRole('heading', { name: 'Stage: Offboarding' })).toBeVisible();
  const boxes = lists.getByRole('checkbox');
  const count = await boxes.count();
  expect(count).toBe(6);
  for (let i = 0; i < count; i++) {
    // The box is ticked once the vault has recorded it.
    await lists.getByRole('checkbox').nth(i).click();
    if (i < count - 1) {
      await expect(lists.getByText(`${i + 1} of ${count} done`)).toBeVisible();
      await expect(lists.getByRole('checkbox').nth(i)).toBeChecked();
    }
  }
  await expect(lists.getByRole('heading', { name: 'Stage: Alumni' })).toBeVisible();
  await expect(page.getByText('Keep in touch with Bluebird Dental').first()).toBeVisible();
});
