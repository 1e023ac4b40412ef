/** Batch letters warn, before anything is written, when no sender is set: they would go out unsigned. */
import { createVault, expect, test } from './fixtures';
import { api, expectNoAxeViolations, section } from './helpers';

test.describe.configure({ timeout: 180_000 });

test('the batch tab warns that letters would be unsigned until a sender name is set', async ({ page, host }) => {
  await page.goto(host.url);
  await createVault(page);
  await api(page, 'clients.create', { kind: 'organisation', name: 'Harbour Bakery', stage: 'alumni' });
  await section(page, 'Letters').click();
  await page.getByRole('tab', { name: 'Batch' }).click();
  const warning = page.getByRole('alert').filter({ hasText: 'No sender: these letters would be unsigned' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Set your name and title in Settings');
  await expectNoAxeViolations(page, 'batch letters (unsigned)');

  // A name in Settings signs them: the warning goes.
  await api(page, 'settings.update', { userName: 'Sam Carter' });
  await section(page, 'Clients').click();
  await section(page, 'Letters').click();
  await page.getByRole('tab', { name: 'Batch' }).click();
  await expect(page.getByRole('region', { name: 'Batch letter' }).getByRole('combobox', { name: 'Template' })).toBeVisible();
  await expect(page.getByText('No sender: these letters would be unsigned')).toHaveCount(0);

  // So does a sender on the letterhead, with no name in Settings.
  await api(page, 'settings.update', { userName: '' });
  await api(page, 'letters.updateLetterhead', { senderName: 'Ana Lopez' });
  await section(page, 'Clients').click();
  await section(page, 'Letters').click();
  await page.getByRole('tab', { name: 'Batch' }).click();
  await expect(page.getByRole('region', { name: 'Batch letter' }).getByRole('combobox', { name: 'Template' })).toBeVisible();
  await expect(page.getByText('No sender: these letters would be unsigned')).toHaveCount(0);
});
