/**
 * The fonts letters are set in, read from resources/fonts (shipped with the app; nothing is
 * downloaded). Registered with the PDF renderer once per process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RapportError } from '../../../shared/errors';
import { LETTER_FONTS, type LetterFontId } from '../../../shared/letters';

export const FONT_STYLES = ['Regular', 'Italic', 'Bold', 'BoldItalic'] as const;

/**
 * Finds resources/fonts: next to the packaged app's resources, or up from this file (the built
 * out/main/*.js and the sources under vitest both sit below the project root), or the working folder.
 */
export function findFontsDir(): string {
  const candidates: string[] = [];
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'fonts'), path.join(resourcesPath, 'resources', 'fonts'));
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 8; i++) {
    candidates.push(path.join(dir, 'resources', 'fonts'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  candidates.push(path.join(process.cwd(), 'resources', 'fonts'));
  const found = candidates.find((c) => fs.existsSync(path.join(c, LETTER_FONTS[0].id, 'Regular.ttf')));
  if (!found) throw new RapportError('INTERNAL', 'The letter fonts are missing from this installation of Rapport.');
  return found;
}

let cachedDir: string | null = null;
export function fontsDir(): string {
  cachedDir ??= findFontsDir();
  return cachedDir;
}

export function fontFile(dir: string, font: LetterFontId, style: (typeof FONT_STYLES)[number]): string {
  return path.join(dir, font, `${style}.ttf`);
}

/** The family name a font is registered under in the PDF renderer. */
export function pdfFamily(font: LetterFontId): string {
  return `Rapport ${font}`;
}

/** The family name Word sees. */
export function docxFamily(font: LetterFontId): string {
  return LETTER_FONTS.find((f) => f.id === font)!.family;
}
