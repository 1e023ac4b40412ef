/** Helpers the journeys share: the page's API, sections, and axe. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { expect } from './fixtures';

export async function expectNoAxeViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => `${n.html.slice(0, 200)} (${n.failureSummary ?? ''})`).join(', ')}`,
  );
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

/** Calls the API the page sees, for setting the scene quickly (the journeys themselves use the UI). */
export async function api<M extends MethodName>(page: Page, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await page.evaluate(([m, i]) => window.rapport.invoke(m as MethodName, i), [method, input] as const);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as MethodOutput<M>;
}

/** A section's button in the sidebar. */
export function section(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });
}
