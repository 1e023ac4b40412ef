/**
 * Structured names (vCard N: prefix, given, additional, family, suffix), kept from an import. They
 * are used only while they still fit the name as written: a contact renamed since keeps its stale
 * parts in the record, but they are ignored.
 */
import type { NameParts } from './types';

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The parts, when they are there and still describe `name` (its given and family names are words of it); else null. */
export function fittingParts(name: string, parts: NameParts | null | undefined): NameParts | null {
  if (!parts || typeof parts !== 'object') return null;
  const given = fold(parts.given ?? '');
  const family = fold(parts.family ?? '');
  if (!given && !family) return null;
  const words = ` ${fold(name)} `;
  return [given, family].every((p) => !p || words.includes(` ${p} `)) ? parts : null;
}

/** Courtesy titles written before a name ("Dr", "Mrs.", "Herr"), lower case without the dot. */
export const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'rev', 'fr', 'herr', 'frau', 'mme', 'mlle', 'sr', 'sra', 'srta', 'dhr', 'mevr', 'sig', 'sig.ra']);
/** Words written after a name that are not the family name ("Jr.", "III", "PhD"). */
export const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'phd', 'md', 'esq', 'cpa', 'mba', 'frs', 'obe', 'mbe', 'cbe', 'kc', 'qc']);

const bare = (w: string) => w.replace(/[.,]+$/, '').toLowerCase();

/**
 * The key a person's name sorts by: their given, additional and family names when the parts are
 * known (so "Mr. Michael Angstadt Jr." sorts under M, like "Michael Angstadt"), else the name
 * without a leading courtesy title.
 */
export function sortName(name: string, parts?: NameParts | null): string {
  const p = fittingParts(name, parts);
  if (p) return [p.given, p.additional, p.family].map((x) => (x ?? '').trim()).filter(Boolean).join(' ');
  const words = name.trim().split(/\s+/);
  return words.length > 1 && TITLES.has(bare(words[0])) ? words.slice(1).join(' ') : name.trim();
}
