/**
 * The review's PDF report, built in the page with pdf-lib: text set in Source Sans (embedded, so
 * arrows, dashes and accents print as themselves), and the charts drawn as vector graphics from
 * the review's data (title, axes, tick labels, legend), each followed by the same data table the
 * app shows. Nothing is written until the user saves the file. No DOM: it also runs under vitest.
 */
import { PDFDocument, type PDFFont, type PDFPage, degrees, rgb, type RGB } from 'pdf-lib';
import * as fontkit from 'fontkit';
import type { ReviewSession, ReviewTrends } from '../../../../shared/types';
import { REVIEW_DECISIONS } from '../../../../shared/types';
import { DECISION_LABELS, percent, warmthLabel } from './labels';

/** The TrueType files the report is set in (Source Sans 3, shipped in resources/fonts). */
export interface ReportFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

const PAGE: [number, number] = [595.28, 841.89];
const LEFT = 50;
const WIDTH = 495;
const INK = rgb(0.1, 0.12, 0.14);
const MUTED = rgb(0.38, 0.4, 0.44);
const GRID = rgb(0.85, 0.86, 0.88);
const AXIS = rgb(0.45, 0.47, 0.5);
const hex = (h: string): RGB => rgb(parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255);
/** The app's chart colours (Charts.tsx). */
const SERIES = ['#087f5b', '#1c7ed6', '#ae3ec9', '#e8590c', '#2f9e44', '#f08c00', '#c2255c', '#1098ad'].map(hex);
const REVENUE = hex('#e8590c');
const ATTENTION = hex('#087f5b');

const dateOf = (iso: string) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso));

class Writer {
  page: PDFPage;
  y = 790;
  constructor(
    private readonly doc: PDFDocument,
    readonly sans: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(PAGE);
  }
  room(h: number) {
    if (this.y - h < 50) {
      this.page = this.doc.addPage(PAGE);
      this.y = 790;
    }
  }
  /** Text, wrapped to the page width. */
  line(text: string, opts: { size?: number; bold?: boolean; gap?: number; color?: RGB } = {}) {
    const size = opts.size ?? 10.5;
    const font = opts.bold ? this.bold : this.sans;
    for (const part of wrap(text, font, size, WIDTH)) {
      this.room(size + 6);
      this.page.drawText(part, { x: LEFT, y: this.y, size, font, color: opts.color ?? INK });
      this.y -= size + 3;
    }
    this.y -= (opts.gap ?? 5) - 3;
  }
  /** A table: header row in bold, then the rows; columns share the width by the weights given. */
  table(head: string[], rows: string[][], weights = head.map(() => 1)) {
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / total) * WIDTH);
    const row = (cells: string[], bold: boolean) => {
      const size = 9.5;
      const font = bold ? this.bold : this.sans;
      this.room(size + 8);
      let x = LEFT;
      cells.forEach((c, i) => {
        this.page.drawText(clip(c, font, size, widths[i] - 6), { x, y: this.y, size, font, color: INK });
        x += widths[i];
      });
      this.page.drawLine({ start: { x: LEFT, y: this.y - 4 }, end: { x: LEFT + WIDTH, y: this.y - 4 }, thickness: bold ? 0.8 : 0.3, color: bold ? AXIS : GRID });
      this.y -= size + 8;
    };
    row(head, true);
    for (const r of rows) row(r, false);
    this.y -= 8;
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  out.push(line);
  return out;
}

function clip(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let t = text;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
  return `${t}…`;
}

interface Series {
  name: string;
  color: RGB;
  values: (number | null)[];
}

/** The legend under a chart: a swatch and the series name for each. */
function legend(w: Writer, series: Series[], y: number) {
  let x = LEFT;
  for (const s of series) {
    w.page.drawRectangle({ x, y: y - 1, width: 10, height: 8, color: s.color });
    w.page.drawText(s.name, { x: x + 14, y, size: 9, font: w.sans, color: INK });
    x += 24 + w.sans.widthOfTextAtSize(s.name, 9);
  }
}

/** Horizontal grouped bars per category (0–100 %), with gridlines, axis labels and a legend. */
export function barChart(w: Writer, title: string, categories: string[], series: Series[], axisLabel: string) {
  const labelWidth = 130;
  const band = 10 * series.length + 8;
  const plotH = Math.max(60, categories.length * band);
  const height = 18 + plotH + 40 + 16;
  w.room(height + 10);
  w.page.drawText(title, { x: LEFT, y: w.y, size: 12, font: w.bold, color: INK });
  const top = w.y - 12;
  const x0 = LEFT + labelWidth;
  const plotW = WIDTH - labelWidth - 10;
  const bottom = top - plotH;
  for (let t = 0; t <= 100; t += 25) {
    const x = x0 + (t / 100) * plotW;
    w.page.drawLine({ start: { x, y: bottom }, end: { x, y: top }, thickness: 0.4, color: GRID });
    const label = `${t}%`;
    w.page.drawText(label, { x: x - w.sans.widthOfTextAtSize(label, 8) / 2, y: bottom - 11, size: 8, font: w.sans, color: MUTED });
  }
  w.page.drawLine({ start: { x: x0, y: bottom }, end: { x: x0 + plotW, y: bottom }, thickness: 0.8, color: AXIS });
  w.page.drawLine({ start: { x: x0, y: bottom }, end: { x: x0, y: top }, thickness: 0.8, color: AXIS });
  w.page.drawText(axisLabel, { x: x0 + plotW / 2 - w.sans.widthOfTextAtSize(axisLabel, 8.5) / 2, y: bottom - 23, size: 8.5, font: w.sans, color: MUTED });
  categories.forEach((c, i) => {
    const yBand = top - i * band - 4;
    w.page.drawText(clip(c, w.sans, 9, labelWidth - 8), { x: LEFT, y: yBand - 5 * series.length - 3, size: 9, font: w.sans, color: INK });
    series.forEach((s, j) => {
      const v = Math.max(0, Math.min(100, s.values[i] ?? 0));
      const barW = (v / 100) * plotW;
      const y = yBand - (j + 1) * 10;
      if (barW > 0) w.page.drawRectangle({ x: x0, y, width: barW, height: 8, color: s.color });
      w.page.drawText(`${s.values[i] ?? 0}%`, { x: x0 + barW + 3, y: y + 1, size: 7, font: w.sans, color: MUTED });
    });
  });
  legend(w, series, bottom - 38);
  w.y = bottom - 62;
}

/** Lines over quarters on a fixed value axis, with gridlines, tick labels, points and a legend. */
export function lineChart(w: Writer, title: string, quarters: string[], series: Series[], axis: { min: number; max: number; step: number; label: string; unit?: string }) {
  const plotH = 120;
  const height = 18 + plotH + 56;
  w.room(height + 10);
  w.page.drawText(title, { x: LEFT, y: w.y, size: 12, font: w.bold, color: INK });
  const top = w.y - 14;
  const x0 = LEFT + 40;
  const plotW = WIDTH - 50;
  const bottom = top - plotH;
  const yOf = (v: number) => bottom + ((v - axis.min) / (axis.max - axis.min)) * plotH;
  for (let t = axis.min; t <= axis.max + 1e-9; t += axis.step) {
    const y = yOf(t);
    w.page.drawLine({ start: { x: x0, y }, end: { x: x0 + plotW, y }, thickness: 0.4, color: GRID });
    const label = `${t}${axis.unit ?? ''}`;
    w.page.drawText(label, { x: x0 - 5 - w.sans.widthOfTextAtSize(label, 8), y: y - 3, size: 8, font: w.sans, color: MUTED });
  }
  w.page.drawLine({ start: { x: x0, y: bottom }, end: { x: x0 + plotW, y: bottom }, thickness: 0.8, color: AXIS });
  w.page.drawLine({ start: { x: x0, y: bottom }, end: { x: x0, y: top }, thickness: 0.8, color: AXIS });
  const xOf = (i: number) => x0 + (quarters.length === 1 ? plotW / 2 : 12 + (i / (quarters.length - 1)) * (plotW - 24));
  quarters.forEach((q, i) => {
    w.page.drawText(q, { x: xOf(i) - w.sans.widthOfTextAtSize(q, 8) / 2, y: bottom - 11, size: 8, font: w.sans, color: MUTED });
  });
  const labelW = w.sans.widthOfTextAtSize(axis.label, 8.5);
  w.page.drawText(axis.label, { x: LEFT + 6, y: bottom + plotH / 2 - labelW / 2, size: 8.5, font: w.sans, color: MUTED, rotate: degrees(90) });
  for (const s of series) {
    let prev: { x: number; y: number } | null = null;
    s.values.forEach((v, i) => {
      if (v === null) return;
      const p = { x: xOf(i), y: yOf(v) };
      if (prev) w.page.drawLine({ start: prev, end: p, thickness: 1.6, color: s.color });
      w.page.drawCircle({ x: p.x, y: p.y, size: 2.6, color: s.color });
      prev = p;
    });
  }
  legend(w, series, bottom - 28);
  w.y = bottom - 54;
}

async function newDoc(title: string, fonts: ReportFonts) {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  doc.setTitle(title);
  doc.setProducer('Rapport');
  // Whole fonts: pdf-lib's subsetter needs its own fontkit fork; the full face keeps every glyph.
  const w = new Writer(doc, await doc.embedFont(fonts.regular, { subset: false }), await doc.embedFont(fonts.bold, { subset: false }));
  return { doc, w };
}

export async function reviewReportPdf(session: ReviewSession, trends: ReviewTrends | null, fonts: ReportFonts): Promise<Uint8Array> {
  const s = session.summary!;
  const { doc, w } = await newDoc(`Quarterly review ${s.quarter}`, fonts);
  w.line(`Quarterly relationship review — ${s.quarter}`, { size: 20, bold: true, gap: 10 });
  w.line(`Finished ${dateOf(session.finishedAt!)} · ${s.reviewed} ${s.reviewed === 1 ? 'client' : 'clients'} reviewed`, { gap: 14 });
  w.line(`Promises kept on time this quarter: ${percent(s.promiseRate)}   Average warmth: ${s.practiceWarmth?.toFixed(1) ?? '—'} / 5`, { gap: 14 });
  w.line('Decisions', { size: 13, bold: true });
  w.table(['Decision', 'Clients'], REVIEW_DECISIONS.map((d) => [DECISION_LABELS[d], s.byDecision[d].join(', ') || '—']), [1, 4]);
  w.line('Going cold', { size: 13, bold: true });
  w.line(s.goingCold.join(', ') || 'Nobody is past their keep-in-touch cadence.', { gap: 12 });

  barChart(
    w,
    `Attention against revenue share, ${s.quarter}`,
    s.attention.map((a) => a.clientName),
    [
      { name: 'Revenue share', color: REVENUE, values: s.attention.map((a) => a.revenueShare ?? 0) },
      { name: 'Share of attention (interactions)', color: ATTENTION, values: s.attention.map((a) => a.attentionShare) },
    ],
    'Share of the practice (%)',
  );
  w.table(['Client', 'Revenue share (%)', 'Share of interactions (%)'], s.attention.map((a) => [a.clientName, String(a.revenueShare ?? 0), String(a.attentionShare)]), [3, 1.4, 1.6]);

  if (trends && trends.quarters.length > 0) {
    lineChart(w, 'Practice warmth by quarter', trends.quarters, [{ name: 'Average warmth (1–5)', color: SERIES[0], values: trends.practiceWarmth }], {
      min: 1,
      max: 5,
      step: 1,
      label: 'Warmth',
    });
    lineChart(
      w,
      'Promises kept on time by quarter',
      trends.quarters,
      [{ name: 'Promises kept on time (%)', color: SERIES[1], values: trends.promiseRate.map((r) => (r === null ? null : Math.round(r * 100))) }],
      { min: 0, max: 100, step: 25, label: 'Kept on time', unit: '%' },
    );
    w.table(
      ['Quarter', 'Average warmth (1–5)', 'Promises kept on time (%)'],
      trends.quarters.map((q, i) => [q, trends.practiceWarmth[i]?.toFixed(1) ?? '—', trends.promiseRate[i] === null ? '—' : String(Math.round(trends.promiseRate[i]! * 100))]),
    );
  }

  w.line('Changes since the previous review', { size: 13, bold: true });
  w.table(
    ['Client', 'Decision before', 'Decision now', 'Warmth before', 'Warmth now'],
    s.changes.map((c) => [
      c.clientName,
      c.decisionBefore ? DECISION_LABELS[c.decisionBefore] : 'First review',
      DECISION_LABELS[c.decisionNow],
      c.warmthBefore === null ? '—' : String(c.warmthBefore),
      c.warmthNow === null ? 'not set' : String(c.warmthNow),
    ]),
    [2.4, 1.3, 1.3, 1, 1],
  );
  w.line('Clients', { size: 13, bold: true });
  for (const r of session.records) {
    const sig = session.signals?.find((x) => x.clientId === r.clientId);
    w.line(`${sig?.clientName ?? ''} — ${DECISION_LABELS[r.decision]}, ${r.warmth === null ? 'warmth not set' : warmthLabel(r.warmth)}`, { bold: true, gap: 3 });
    w.line(`Reason: ${r.reason}`, { gap: 3 });
    for (const a of r.actions) w.line(`Next: ${a.reason} (by ${dateOf(a.dueOn)})`, { gap: 3 });
    w.y -= 4;
  }
  if (session.annotations.length) {
    w.line('Annotations', { size: 13, bold: true });
    for (const a of session.annotations) w.line(`${dateOf(a.at)}: ${a.text}`);
  }
  return doc.save();
}

/** One client's page of a finished review: its frozen signals, the decision, reason, notes and actions. */
export async function clientPagePdf(session: ReviewSession, clientId: string, fonts: ReportFonts): Promise<Uint8Array> {
  const sig = session.signals?.find((x) => x.clientId === clientId);
  const r = session.records.find((x) => x.clientId === clientId);
  if (!sig) throw new Error('client not in this review');
  const { doc, w } = await newDoc(`${sig.clientName} — review ${session.quarter}`, fonts);
  w.line(sig.clientName, { size: 20, bold: true, gap: 8 });
  w.line(`Quarterly review ${session.quarter} · finished ${dateOf(session.finishedAt!)}`, { gap: 14 });
  w.line('Signals', { size: 13, bold: true });
  w.line(`Last contact: ${sig.daysSinceContact === null ? 'never' : `${sig.daysSinceContact} ${sig.daysSinceContact === 1 ? 'day' : 'days'} ago`}${sig.cadenceDays ? ` (cadence ${sig.cadenceDays} days, ${sig.daysOverCadence ?? 0} over)` : ''}`);
  w.line(`Warmth: ${warmthLabel(sig.warmthNow)}`);
  lineChart(w, 'Warmth by quarter', sig.warmthTrend.map((t) => t.quarter), [{ name: sig.clientName, color: SERIES[0], values: sig.warmthTrend.map((t) => t.value) }], {
    min: 1,
    max: 5,
    step: 1,
    label: 'Warmth',
  });
  w.line(`Promises due this quarter: ${sig.promises.due}; kept ${sig.promises.kept}, slipped ${sig.promises.slipped}, missed ${sig.promises.missed}`);
  w.line(`Attention: ${sig.attentionShare}% of interactions (${sig.interactionsThisQuarter}) against ${sig.revenueShare ?? '—'}% of revenue`);
  w.line(`Open issues: ${sig.openIssues.map((i) => `${i.summary} (${i.daysOpen} days)`).join('; ') || 'none'}`);
  w.line(`Follow-ups overdue: ${sig.overdueFollowUps}`);
  w.line(`Personal dates next quarter: ${sig.datesNextQuarter.map((d) => `${d.label} ${dateOf(d.on)}`).join(', ') || 'none'}`);
  w.line(`Ownership changes: ${sig.ownershipChanges.map((o) => `${o.from || '—'} → ${o.to}`).join(', ') || 'none'}`, { gap: 12 });
  w.line('Decision', { size: 13, bold: true });
  if (!r) w.line('Not reviewed in this session.');
  else {
    w.line(`${DECISION_LABELS[r.decision]}, ${r.warmth === null ? 'warmth not set' : `warmth ${warmthLabel(r.warmth)}`}`, { bold: true });
    w.line(`Reason: ${r.reason}`);
    if (r.notes) w.line(`Notes: ${r.notes}`);
    for (const a of r.actions) w.line(`Next: ${a.reason} (by ${dateOf(a.dueOn)})`);
  }
  return doc.save();
}
