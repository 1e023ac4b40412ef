/**
 * The review's PDF report, built in the page with pdf-lib: the summary as text and the charts as
 * images (each chart's SVG drawn onto a canvas). Nothing is written until the user saves the file.
 */
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import type { ReviewSession } from '../../../../shared/types';
import { REVIEW_DECISIONS } from '../../../../shared/types';
import { DECISION_LABELS, percent, warmthLabel } from './labels';

async function svgToPng(svg: SVGSVGElement): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  const img = new Image();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('chart image failed'));
    img.src = url;
  });
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const dataUrl = canvas.toDataURL('image/png');
  const bytes = Uint8Array.from(atob(dataUrl.split(',')[1]), (c) => c.charCodeAt(0));
  return { bytes, width, height };
}

class Writer {
  page: PDFPage;
  y = 790;
  constructor(
    private readonly doc: PDFDocument,
    private readonly sans: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage([595.28, 841.89]);
  }
  private room(h: number) {
    if (this.y - h < 50) {
      this.page = this.doc.addPage([595.28, 841.89]);
      this.y = 790;
    }
  }
  line(text: string, opts: { size?: number; bold?: boolean; gap?: number } = {}) {
    const size = opts.size ?? 10.5;
    this.room(size + 6);
    this.page.drawText(text.replace(/[^\x20-\x7E\u00A0-\u00FF–—’]/g, '?'), { x: 50, y: this.y, size, font: opts.bold ? this.bold : this.sans, color: rgb(0.1, 0.12, 0.14), maxWidth: 495 });
    this.y -= size + (opts.gap ?? 5);
  }
  async image(png: { bytes: Uint8Array; width: number; height: number }) {
    const img = await this.doc.embedPng(png.bytes);
    const w = 495;
    const h = (png.height / png.width) * w;
    this.room(h + 10);
    this.page.drawImage(img, { x: 50, y: this.y - h, width: w, height: h });
    this.y -= h + 12;
  }
}

export async function reviewReportPdf(session: ReviewSession, charts: SVGSVGElement[]): Promise<Uint8Array> {
  const s = session.summary!;
  const doc = await PDFDocument.create();
  doc.setTitle(`Quarterly review ${s.quarter}`);
  doc.setProducer('Rapport');
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  w.line(`Quarterly relationship review — ${s.quarter}`, { size: 20, bold: true, gap: 10 });
  w.line(`Finished ${new Date(session.finishedAt!).toLocaleDateString()} · ${s.reviewed} clients reviewed`, { gap: 14 });
  w.line(`Promise-keeping this quarter: ${percent(s.promiseRate)}   Average warmth: ${s.practiceWarmth?.toFixed(1) ?? '—'}`, { gap: 14 });
  w.line('Decisions', { size: 13, bold: true });
  for (const d of REVIEW_DECISIONS) w.line(`${DECISION_LABELS[d]}: ${s.byDecision[d].join(', ') || '—'}`);
  w.y -= 8;
  w.line('Going cold', { size: 13, bold: true });
  w.line(s.goingCold.join(', ') || 'None', { gap: 12 });
  w.line('Changes since the previous review', { size: 13, bold: true });
  for (const c of s.changes) {
    w.line(`${c.clientName}: ${c.decisionBefore ? DECISION_LABELS[c.decisionBefore] : 'new'} → ${DECISION_LABELS[c.decisionNow]}; warmth ${c.warmthBefore ?? '—'} → ${c.warmthNow}`);
  }
  w.y -= 8;
  w.line('Clients', { size: 13, bold: true });
  for (const r of session.records) {
    const sig = session.signals?.find((x) => x.clientId === r.clientId);
    w.line(`${sig?.clientName ?? ''} — ${DECISION_LABELS[r.decision]}, ${warmthLabel(r.warmth)}`, { bold: true, gap: 3 });
    w.line(`Reason: ${r.reason}`, { gap: 3 });
    for (const a of r.actions) w.line(`Next: ${a.reason} (by ${a.dueOn})`, { gap: 3 });
    w.y -= 4;
  }
  for (const svg of charts) await w.image(await svgToPng(svg));
  if (session.annotations.length) {
    w.line('Annotations', { size: 13, bold: true });
    for (const a of session.annotations) w.line(`${new Date(a.at).toLocaleDateString()}: ${a.text}`);
  }
  return doc.save();
}

/** One client's page of a finished review: its frozen signals, the decision, reason, notes and actions. */
export async function clientPagePdf(session: ReviewSession, clientId: string): Promise<Uint8Array> {
  const sig = session.signals?.find((x) => x.clientId === clientId);
  const r = session.records.find((x) => x.clientId === clientId);
  if (!sig) throw new Error('client not in this review');
  const doc = await PDFDocument.create();
  doc.setTitle(`${sig.clientName} — review ${session.quarter}`);
  doc.setProducer('Rapport');
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  w.line(sig.clientName, { size: 20, bold: true, gap: 8 });
  w.line(`Quarterly review ${session.quarter} · finished ${new Date(session.finishedAt!).toLocaleDateString()}`, { gap: 14 });
  w.line('Signals', { size: 13, bold: true });
  w.line(`Last contact: ${sig.daysSinceContact === null ? 'never' : `${sig.daysSinceContact} days ago`}${sig.cadenceDays ? ` (cadence ${sig.cadenceDays} days, ${sig.daysOverCadence ?? 0} over)` : ''}`);
  w.line(`Warmth: ${warmthLabel(sig.warmthNow)}; by quarter ${sig.warmthTrend.map((t) => `${t.quarter} ${t.value ?? '–'}`).join(', ')}`);
  w.line(`Promises due this quarter: ${sig.promises.due}; kept ${sig.promises.kept}, slipped ${sig.promises.slipped}, missed ${sig.promises.missed}`);
  w.line(`Attention: ${sig.attentionShare}% of interactions (${sig.interactionsThisQuarter}) against ${sig.revenueShare ?? '—'}% of revenue`);
  w.line(`Open issues: ${sig.openIssues.map((i) => `${i.summary} (${i.daysOpen} days)`).join('; ') || 'none'}`);
  w.line(`Follow-ups overdue: ${sig.overdueFollowUps}`);
  w.line(`Personal dates next quarter: ${sig.datesNextQuarter.map((d) => `${d.label} ${d.on}`).join(', ') || 'none'}`);
  w.line(`Ownership changes: ${sig.ownershipChanges.map((o) => `${o.from || '—'} to ${o.to}`).join(', ') || 'none'}`, { gap: 12 });
  w.line('Decision', { size: 13, bold: true });
  if (!r) w.line('Not reviewed in this session.');
  else {
    w.line(`${DECISION_LABELS[r.decision]}, warmth ${warmthLabel(r.warmth)}`, { bold: true });
    w.line(`Reason: ${r.reason}`);
    if (r.notes) w.line(`Notes: ${r.notes}`);
    for (const a of r.actions) w.line(`Next: ${a.reason} (by ${a.dueOn})`);
  }
  return doc.save();
}
