/**
 * The meeting brief as a PDF, built in the renderer with pdf-lib (standard fonts, so no font files
 * and no change to the CSP). Characters the standard fonts cannot draw are replaced.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDateTime, formatDay } from '../../format';
import { ENTRY_KIND_LABELS, FACT_TYPE_LABELS, STAGE_LABELS, warmthText } from '../../labels';
import { BRIEF_DATE_WINDOW_DAYS, contactLine, type Brief } from './briefData';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const INK = rgb(0.1, 0.12, 0.14);
const GREY = rgb(0.38, 0.4, 0.43);
const RED = rgb(0.72, 0.11, 0.11);

/** Replaces what WinAnsi (the standard fonts' encoding) cannot hold. */
function drawable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\t/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if (known.has(code)) out += ch;
    else {
      const plain = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += plain && [...plain].every((c) => known.has(c.codePointAt(0)!)) ? plain : '?';
    }
  }
  return out;
}

class Writer {
  private page: PDFPage;
  private y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: { sans: PDFFont; bold: PDFFont },
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  private room(height: number) {
    if (this.y - height < MARGIN) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }

  /** Wrapped text; returns nothing, moves down. */
  text(text: string, opts: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; indent?: number; gap?: number } = {}) {
    const size = opts.size ?? 10.5;
    const font = opts.bold ? this.fonts.bold : this.fonts.sans;
    const x = MARGIN + (opts.indent ?? 0);
    const width = A4[0] - MARGIN - x;
    for (const para of drawable(font, text).split('\n')) {
      for (const line of wrap(para, font, size, width)) {
        this.room(size * 1.4);
        this.page.drawText(line, { x, y: this.y - size, size, font, color: opts.color ?? INK });
        this.y -= size * 1.4;
      }
    }
    this.y -= opts.gap ?? 2;
  }

  heading(text: string) {
    this.room(40);
    this.y -= 10;
    this.text(text, { size: 13, bold: true, gap: 4 });
  }

  bullet(text: string, color = INK) {
    this.text(`•  ${text}`, { indent: 8, color });
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  if (!text) return [''];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width) line = next;
    else {
      if (line) lines.push(line);
      // A single word wider than the line is cut.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let n = rest.length - 1;
        while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
        lines.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
  }
  lines.push(line);
  return lines;
}

export async function briefPdf(b: Brief): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${b.client.name} meeting brief`);
  doc.setProducer('Rapport');
  const w = new Writer(doc, { sans: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) });

  w.text(`${b.client.name}: meeting brief`, { size: 20, bold: true, gap: 6 });
  w.text(
    `${STAGE_LABELS[b.client.stage]} · owner ${b.client.owner || 'nobody yet'} · warmth ${warmthText(b.client.warmth)} · prepared ${formatDay(b.preparedOn)}`,
    { color: GREY, gap: 8 },
  );

  if (b.alerts.length) {
    w.heading('ALERTS');
    b.alerts.forEach((f) => w.bullet(`${f.about}: ${f.text} (${FACT_TYPE_LABELS[f.type]})`, RED));
  }
  w.heading('People');
  if (!b.contacts.length) w.text('No contacts recorded.', { color: GREY });
  b.contacts.forEach((c) => w.bullet(contactLine(c) ? `${c.name} · ${contactLine(c)}` : c.name));
  w.heading('Personal facts');
  if (!b.facts.length) w.text('Nothing noted.', { color: GREY });
  b.facts.forEach((f) => w.bullet(`${f.about}: ${f.text} (${FACT_TYPE_LABELS[f.type]})`));
  w.heading(`Dates in the next ${BRIEF_DATE_WINDOW_DAYS} days`);
  if (!b.dates.length) w.text('No dates coming up.', { color: GREY });
  b.dates.forEach((x) => w.bullet(`${formatDay(x.nextOn)}: ${x.label}${x.about ? ` · ${x.about}` : ''}`));
  w.heading('Last five interactions');
  if (!b.recent.length) w.text('No interactions yet.', { color: GREY });
  b.recent.forEach((e) => {
    w.text(`${ENTRY_KIND_LABELS[e.kind]} · ${formatDateTime(e.occurredAt)}${e.with.length ? ` · with ${e.with.join(', ')}` : ''}`, {
      size: 9,
      color: GREY,
      gap: 0,
    });
    w.text(e.summary, { bold: true, gap: 0 });
    if (e.body) w.text(e.body.length > 600 ? `${e.body.slice(0, 600)}…` : e.body, { color: GREY });
    w.text('', { size: 4 });
  });
  w.heading('Open follow-ups');
  if (!b.followUps.length) w.text('Nothing open.', { color: GREY });
  b.followUps.forEach((f) => w.bullet(`${f.reason} (due ${formatDay(f.dueOn)})`));
  w.heading('Latest news');
  w.text(b.news || 'No news noted.', { color: b.news ? INK : GREY });
  return doc.save();
}
