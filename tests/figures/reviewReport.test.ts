/**
 * Issue 16: the review PDF draws real charts (titles, axes, labels, legends; not blocks of colour),
 * has the app's data tables, and every glyph (arrows, dashes) is in its embedded fonts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { clientPagePdf, reviewReportPdf } from '../../src/renderer/src/screens/reviews/report';
import { ManualClock, PASSPHRASE, ok, tempDir, testCore } from '../support/vault';
import { readPdf } from '../letters/support';

const fonts = {
  regular: new Uint8Array(fs.readFileSync('resources/fonts/source-sans/Regular.ttf')),
  bold: new Uint8Array(fs.readFileSync('resources/fonts/source-sans/Bold.ttf')),
};

/** The page as RGB pixels (pdftoppm, 50 dpi). */
function raster(pdf: string, pageNo: number): { w: number; h: number; px: Buffer } {
  const out = path.join(path.dirname(pdf), `p${pageNo}`);
  execFileSync('pdftoppm', ['-r', '50', '-f', String(pageNo), '-l', String(pageNo), '-singlefile', pdf, out]);
  const buf = fs.readFileSync(`${out}.ppm`);
  const header = buf.subarray(0, 20).toString('latin1').split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  return { w, h, px: buf.subarray(buf.length - w * h * 3) };
}

test('the review report: vector charts with text, the data tables, and no missing glyphs', async () => {
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z').getTime());
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const big = await ok(core, 'clients.create', { kind: 'organisation', name: 'Big Architects', stage: 'active', revenueShare: 60, owner: 'Ana' });
  const small = await ok(core, 'clients.create', { kind: 'organisation', name: 'Small Ltd', stage: 'active', revenueShare: 10 });
  await ok(core, 'timeline.add', { clientId: big.id, kind: 'meeting', occurredAt: '2026-11-02T10:00:00Z', summary: 'Lunch' });
  for (const d of ['03', '04', '05']) await ok(core, 'timeline.add', { clientId: small.id, kind: 'call', occurredAt: `2026-11-${d}T10:00:00Z`, summary: 'Call' });
  await ok(core, 'clients.handOver', { clientId: small.id, to: 'Ben', reason: 'Workload', notes: 'Likes short emails' });
  let s = await ok(core, 'reviews.start', { quarter: '2026-Q4' });
  s = await ok(core, 'reviews.record', { id: s.id, version: s.version, clientId: big.id, warmth: 4, decision: 'invest', reason: 'Growing — more work' });
  s = await ok(core, 'reviews.record', { id: s.id, version: s.version, clientId: small.id, decision: 'maintain', reason: 'Steady' });
  const done = await ok(core, 'reviews.finish', { id: s.id, version: s.version });
  const trends = await ok(core, 'reviews.trends', {});
  await core.dispose();

  const dir = tempDir();
  const file = path.join(dir, 'report.pdf');
  fs.writeFileSync(file, await reviewReportPdf(done, trends, fonts));
  const { pages } = await readPdf(file);
  const text = pages.map((p) => p.text).join('\n');
  expect(text).toContain('Quarterly relationship review — 2026-Q4');
  // Chart titles, axis ticks, axis label and legend are text in the PDF.
  expect(text).toContain('Attention against revenue share, 2026-Q4');
  for (const t of ['0%', '50%', '100%', 'Share of the practice (%)', 'Revenue share', 'Share of attention (interactions)']) expect(text).toContain(t);
  expect(text).toContain('Practice warmth by quarter');
  expect(text).toContain('Promises kept on time by quarter');
  // The same table as the app's chart.
  expect(text).toContain('Share of interactions (%)');
  expect(text).toMatch(/Small Ltd\s*10\s*75/);
  expect(text).toContain('not set'); // Small Ltd's warmth was left unset
  expect(text).not.toContain('?');
  const fontsList = execFileSync('pdffonts', [file]).toString();
  expect(fontsList).toMatch(/SourceSans3-Regular.*yes/);
  expect(fontsList).not.toMatch(/Helvetica/);

  // Rendered, the first page has many colours and no block of one colour: the bars are thin.
  const { w, h, px } = raster(file, 1);
  const counts = new Map<number, number>();
  for (let i = 0; i < w * h; i++) {
    const key = (px[i * 3] << 16) | (px[i * 3 + 1] << 8) | px[i * 3 + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const nonWhite = [...counts.entries()].filter(([k]) => k !== 0xffffff).sort((a, b) => b[1] - a[1]);
  expect(nonWhite.length).toBeGreaterThan(20);
  expect(nonWhite[0][1] / (w * h)).toBeLessThan(0.05);
  const green = nonWhite.find(([k]) => k === 0x087f5b);
  const orange = nonWhite.find(([k]) => k === 0xe8590c);
  expect(green && orange).toBeTruthy();

  // A client's page: the arrow of an ownership change prints as an arrow.
  const one = path.join(dir, 'client.pdf');
  fs.writeFileSync(one, await clientPagePdf(done, small.id, fonts));
  const client = (await readPdf(one)).pages[0].text;
  expect(client).toContain('— → Ben');
  expect(client).toContain('Warmth by quarter');
  expect(client).not.toContain('?');
  fs.mkdirSync('artifacts/reviews', { recursive: true });
  execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', file, 'artifacts/reviews/report-page1-unit']);
});
