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
