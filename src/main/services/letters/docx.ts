/**
 * The letter as a Word document (to edit in a word processor), with the same layout as the PDF:
 * letterhead, rule, date, address block, subject, body, signature and sign-off. It names the
 * letter font (Word substitutes a similar one where it is not installed).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
  type ParagraphChild,
} from 'docx';
import type { LetterImage, LetterPreview, LetterRun, Letterhead } from '../../../shared/letters';
import { exportedBlocks, signOffLines } from './compose';
import { docxFamily } from './fonts';
import { fitImage } from './images';

/** Twentieths of a point. */
const PAPER = {
  a4: { width: 11906, height: 16838 },
  letter: { width: 12240, height: 15840 },
};
const pt = (n: number) => Math.round(n * 20);
const INK = '1F2328';
const MUTED = '5B6470';

function runs(list: LetterRun[]): TextRun[] {
  return list.filter((r) => r.text).map((r) => new TextRun({ text: r.text, bold: r.bold, italics: r.italic }));
}

/** Points to pixels at 96 dpi (docx sizes images in pixels). */
function image(img: LetterImage, maxWidthPt: number, maxHeightPt: number): ImageRun {
  const size = fitImage(img, maxWidthPt, maxHeightPt);
  return new ImageRun({
    type: img.mime === 'image/png' ? 'png' : 'jpg',
    data: Buffer.from(img.data, 'base64'),
    transformation: { width: Math.round((size.width * 96) / 72), height: Math.round((size.height * 96) / 72) },
  });
}

function letterhead(lh: Letterhead): Paragraph[] {
  const contactLine = [lh.phone, lh.email].filter(Boolean).join('  ·  ');
  const details = [...lh.addressLines, contactLine].filter(Boolean);
  const out: Paragraph[] = [];
  if (lh.logo) out.push(new Paragraph({ children: [image(lh.logo, 170, 54)], spacing: { after: pt(6) } }));
  else if (lh.firm || lh.senderName) {
    out.push(new Paragraph({ children: [new TextRun({ text: lh.firm || lh.senderName, bold: true, size: 34, color: INK })], spacing: { after: pt(4) } }));
  }
  const right: ParagraphChild[] = [];
  if (lh.logo && lh.firm) right.push(new TextRun({ text: lh.firm, bold: true, size: 21, color: INK }));
  details.forEach((l) => right.push(new TextRun({ text: l, size: 17, color: MUTED, break: right.length > 0 ? 1 : 0 })));
  out.push(
    new Paragraph({
      alignment: lh.logo ? AlignmentType.RIGHT : AlignmentType.LEFT,
      children: right,
      border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'B9C0C8', space: 8 } },
      spacing: { after: pt(26), line: 260 },
    }),
  );
  return out;
}

/** Renders the letter to DOCX bytes. */
export async function renderDocx(preview: LetterPreview, lh: Letterhead): Promise<Buffer> {
  const paper = PAPER[preview.paper];
  const body: Paragraph[] = [];
  body.push(new Paragraph({ children: [new TextRun(preview.date)], spacing: { after: pt(18) } }));
  preview.recipient.forEach((l, i) =>
    body.push(
      new Paragraph({
        children: [new TextRun({ text: l, bold: i === 0 })],
        spacing: { after: i === preview.recipient.length - 1 ? pt(22) : 0 },
      }),
    ),
  );
  if (preview.subject) body.push(new Paragraph({ children: [new TextRun({ text: preview.subject, bold: true })], spacing: { after: pt(14) } }));
  for (const block of exportedBlocks(preview)) {
    if (block.type === 'paragraph') {
      const children: ParagraphChild[] = [];
      block.lines.forEach((line, i) => {
        if (i > 0) children.push(new TextRun({ text: '', break: 1 }));
        children.push(...runs(line));
      });
      body.push(new Paragraph({ children }));
    } else {
      block.items.forEach((item, i) =>
        body.push(
          new Paragraph({
            children: runs(item),
            numbering: { reference: 'bullets', level: 0 },
            spacing: { after: i === block.items.length - 1 ? pt(9) : pt(3) },
          }),
        ),
      );
    }
  }
  if (lh.signature) body.push(new Paragraph({ children: [image(lh.signature, 160, 50)], spacing: { before: pt(2), after: pt(2) }, keepNext: true }));
  else body.push(new Paragraph({ children: [], spacing: { before: pt(18), after: 0 }, keepNext: true }));
  signOffLines(preview).forEach((l, i, all) =>
    body.push(
      new Paragraph({
        children: [new TextRun({ text: l, bold: i === 0, color: i === 0 ? INK : MUTED })],
        spacing: { after: 0 },
        keepNext: i < all.length - 1,
      }),
    ),
  );

  const doc = new Document({
    title: preview.subject,
    subject: preview.subject,
    creator: preview.signOff.name || 'Rapport',
    styles: {
      default: {
        document: {
          run: { font: docxFamily(preview.font), size: 22, color: INK },
          paragraph: { spacing: { after: pt(9), line: 300 } },
        },
      },
    },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: pt(20), hanging: pt(14) } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: paper.width, height: paper.height },
            margin: { top: pt(46), bottom: pt(60), left: pt(64), right: pt(64) },
          },
        },
        children: [...letterhead(lh), ...body],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
