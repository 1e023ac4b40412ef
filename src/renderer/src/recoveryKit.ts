/**
 * The printable recovery kit, as a PDF (pdf-lib: pure JavaScript, standard fonts, no WebAssembly,
 * so the strict CSP stays as it is) or as a text file. Built in memory; written only where the
 * user saves it.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export interface KitInfo {
  recoveryKey: string;
  vaultName: string;
  createdAt: Date;
}

const INSTRUCTIONS = [
  'This key opens your Rapport vault if you forget your passphrase.',
  'Rapport cannot recover it for you: without the passphrase or this key, the vault stays locked.',
  'Print it or keep it offline, somewhere as safe as your passport. Do not email it.',
  'To use it: on the unlock screen choose "Forgot your passphrase?", type the key, and set a new passphrase.',
];

export function recoveryKitText({ recoveryKey, vaultName, createdAt }: KitInfo): string {
  return [
    'RAPPORT RECOVERY KIT',
    '',
    `Vault: ${vaultName}`,
    `Created: ${createdAt.toISOString().slice(0, 10)}`,
    '',
    'Recovery key:',
    recoveryKey,
    '',
    ...INSTRUCTIONS,
    '',
  ].join('\n');
}

export async function recoveryKitPdf({ recoveryKey, vaultName, createdAt }: KitInfo): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Rapport recovery kit');
  doc.setProducer('Rapport');
  const page = doc.addPage([595.28, 841.89]); // A4
  const sans = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.CourierBold);
  const ink = rgb(0.1, 0.12, 0.14);
  let y = 770;
  page.drawText('Rapport recovery kit', { x: 56, y, size: 24, font: bold, color: ink });
  y -= 32;
  page.drawText(`Vault: ${vaultName}    Created: ${createdAt.toISOString().slice(0, 10)}`, { x: 56, y, size: 11, font: sans, color: ink });
  y -= 48;
  page.drawText('Recovery key', { x: 56, y, size: 12, font: bold, color: ink });
  y -= 14;
  page.drawRectangle({ x: 50, y: y - 70, width: 495, height: 70, borderColor: ink, borderWidth: 1.2 });
  const groups = recoveryKey.split('-');
  const lines = [groups.slice(0, 6).join('  '), groups.slice(6).join('  ')];
  lines.forEach((line, i) => page.drawText(line, { x: 66, y: y - 28 - i * 26, size: 15, font: mono, color: ink }));
  y -= 110;
  for (const text of INSTRUCTIONS) {
    for (const line of wrap(text, 88)) {
      page.drawText(line, { x: 56, y, size: 11, font: sans, color: ink });
      y -= 16;
    }
    y -= 6;
  }
  return doc.save();
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if ((line + ' ' + word).trim().length > width) {
      out.push(line);
      line = word;
    } else line = (line + ' ' + word).trim();
  }
  if (line) out.push(line);
  return out;
}
