import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { PASSPHRASE, expect, field, launchHost, test } from './fixtures';

const quarter = `${new Date().getFullYear()}-Q${Math.floor(new Date().getMonth() / 3) + 1}`;

test('a quarterly review: walk the clients, leave and resume, finish, see follow-ups and timeline, export the report', async ({ page }) => {
  test.setTimeout(240_000);
  const host = await launchHost({ seed: { clients: 8, events: 120 } });
  try {
    await page.goto(host.url);
    await field(page, 'Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Reviews/ }).click();
    await expect(page.getByRole('heading', { name: 'No reviews yet' })).toBeVisible();

    await page.getByRole('button', { name: 'Start a review' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start review' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Review ${quarter}` })).toBeVisible();
    const progress = page.getByRole('status').filter({ hasText: 'clients recorded' });
    const total = Number((await progress.innerText()).match(/of (\d+)/)![1]);
    expect(total).toBeGreaterThanOrEqual(3);
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

    // The first client: invest, with a next action.
    const firstName = (await page.getByRole('region', { name: /^Signals for / }).getByRole('heading').innerText()).trim();
    // No warmth is chosen for the reviewer (issue 16: no invented Neutral).
    for (const label of ['Cold', 'Cool', 'Neutral', 'Warm', 'Very warm']) await expect(page.getByRole('radio', { name: label, exact: true })).not.toBeChecked();
    await page.getByRole('radio', { name: 'Warm', exact: true }).check();
    await page.getByRole('form', { name: 'Review decision' }).getByText('Invest', { exact: true }).click();
    await expect(page.getByRole('radio', { name: 'Invest' })).toBeChecked();
    await field(page, 'Reason').fill('Our biggest account; cooling a little');
    await page.getByRole('button', { name: 'Add a next action' }).click();
    await field(page, 'Next action 1').fill('Lunch with the CFO');
    await page.getByRole('button', { name: 'Save and go to the next client' }).click();
    await expect(progress).toHaveText(`1 of ${total} clients recorded`);

    // Leave, and resume where we were.
    await page.getByRole('button', { name: 'Leave the review (resume later)' }).click();
    await page.getByRole('button', { name: `Resume review ${quarter}` }).click();
    await expect(progress).toHaveText(`1 of ${total} clients recorded`);

    for (let n = 1; n < total; n++) {
      await field(page, 'Reason').fill('Steady relationship');
      await page.getByRole('button', { name: 'Save and go to the next client' }).click();
      await expect(progress).toHaveText(`${n + 1} of ${total} clients recorded`);
    }
    await page.getByRole('button', { name: 'Finish the review' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Finish', exact: true }).click();

    await expect(page.getByRole('heading', { name: `Review ${quarter} — summary` })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Decisions' })).toContainText(firstName);
    await expect(page.getByRole('figure', { name: /Attention against revenue share/ })).toBeVisible();
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`).join('; ')}`)).toEqual([]);
    fs.mkdirSync('artifacts/reviews', { recursive: true });
    await page.screenshot({ path: path.join('artifacts/reviews', 'summary.png'), fullPage: true });

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF report' }).click()]);
    expect(pdf.suggestedFilename()).toBe(`Quarterly review ${quarter}.pdf`);
    expect(fs.readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    // The report's charts are drawn, with text, in the embedded fonts; a page is kept to look at.
    fs.copyFileSync((await pdf.path())!, 'artifacts/reviews/report.pdf');
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', 'artifacts/reviews/report.pdf', 'artifacts/reviews/report-page1']);
    const reportText = execFileSync('pdftotext', ['artifacts/reviews/report.pdf', '-']).toString();
    expect(reportText).toContain(`Attention against revenue share, ${quarter}`);
    expect(reportText).toContain('Share of the practice (%)');
    expect(reportText).not.toContain('?');
    expect(execFileSync('pdffonts', ['artifacts/reviews/report.pdf']).toString()).toMatch(/SourceSans3/);

    // One client's page for the quarter.
    await page.getByRole('combobox', { name: 'One client’s page' }).click();
    await page.getByRole('option', { name: firstName, exact: true }).click();
    const [onePage] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the client’s page' }).click()]);
    expect(onePage.suggestedFilename()).toBe(`${firstName} review ${quarter}.pdf`);
    expect(fs.readFileSync((await onePage.path())!).subarray(0, 5).toString()).toBe('%PDF-');

    // A finished review cannot be edited, only annotated.
    await expect(page.getByRole('button', { name: 'Save and go to the next client' })).toHaveCount(0);
    await field(page, 'Add an annotation').fill('CFO lunch moved to January');
    await page.getByRole('button', { name: 'Add annotation' }).click();
    await expect(page.getByText(/CFO lunch moved to January/)).toBeVisible();

    // The action became a follow-up; the review is on the timeline.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Follow-ups/ }).click();
    await expect(page.getByText('Lunch with the CFO').first()).toBeVisible();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Timeline/ }).click();
    await expect(page.getByText(`Quarterly review ${quarter}: invest`).first()).toBeVisible();
  } finally {
    await host.stop();
  }
});
