/**
 * `npm run bench -- --ui` (bench/ui.ts): the flags choose the UI benchmark and are checked, and
 * the summary takes medians and judges them against issue 13's targets. The UI run itself is a
 * benchmark, not part of npm test; its figures are in docs/PERFORMANCE.md.
 */
import { expect, test } from 'vitest';
import { parseOptions } from '../bench/run';
import { UI_TARGETS, summarise } from '../bench/ui';

test('--ui chooses the UI benchmark at 1,000 clients, with its runs; the service benchmark stays the default', () => {
  const ui = parseOptions(['--ui', '--runs', '3', '--skip-build']);
  expect(ui).toMatchObject({ ui: true, runs: 3, clients: 1000, build: false, json: false });
  expect(parseOptions(['--ui'])).toMatchObject({ ui: true, runs: 5, build: true });
  expect(parseOptions([])).toMatchObject({ ui: false, scale: 1 });
});

test('bad UI flags are refused with a message', () => {
  expect(() => parseOptions(['--ui', '--runs', '0'])).toThrow(/--runs must be a whole number/);
  expect(() => parseOptions(['--ui', '--runs', '2.5'])).toThrow(/--runs/);
  expect(() => parseOptions(['--ui', '--only', 'large'])).toThrow(/not --ui/);
  expect(() => parseOptions(['--runs', '3'])).toThrow(/go with --ui/);
});

test('the summary is the median of the runs, judged against the targets', () => {
  const m = summarise({ dossier: [310, 120, 150], dossierTimeline: [400], timeline: [1500, 900, 1200, 800], followUps: [], search: [299.6] });
  expect(m.dossier).toMatchObject({ median: 150, min: 120, max: 310, target: UI_TARGETS.dossier, met: true });
  expect(m.timeline).toMatchObject({ median: 1050, met: false });
  expect(m.followUps).toMatchObject({ median: null, met: null });
  expect(m.dossierTimeline).toMatchObject({ median: 400, target: null, met: null });
  expect(m.search.met).toBe(true);
});
