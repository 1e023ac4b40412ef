/** Sorting and filtering the client list (pure, so it is easy to reason about). */
import type { ClientSummary } from '../../../../shared/types';
import { LIFECYCLE_STAGES } from '../../../../shared/types';

export type SortKey = 'name' | 'lastContact' | 'warmth' | 'revenueShare' | 'stage';

export interface ClientFilter {
  /** Words to find in the name, industry, owner or tags (any case, any accents), or null. */
  text: string | null;
  stage: string | null;
  owner: string | null;
  tag: string | null;
  /** '1'..'5', or 'none' for no reading. */
  warmth: string | null;
}

export const NO_FILTER: ClientFilter = { text: null, stage: null, owner: null, tag: null, warmth: null };

/** Ascending comparison; nulls sort last whatever the direction. */
const compareNullable = (a: number | string | null, b: number | string | null, dir: 1 | -1) => {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a < b ? -1 : a > b ? 1 : 0) * dir;
};

/** The natural direction for each key: names A–Z, everything else highest/most recent first. */
export const DEFAULT_DIRECTION: Record<SortKey, 1 | -1> = { name: 1, lastContact: -1, warmth: -1, revenueShare: -1, stage: 1 };

/**
 * Names ignoring case and accents, with one collator: localeCompare with options builds a new one
 * per call, which made sorting a 5,000-client list take seconds.
 */
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
const byName = (a: ClientSummary, b: ClientSummary) => collator.compare(a.name, b.name);

export function sortClients(list: ClientSummary[], key: SortKey, dir: 1 | -1): ClientSummary[] {
  const value = (c: ClientSummary): number | string | null => {
    switch (key) {
      case 'name':
        return null;
      case 'lastContact':
        return c.lastContactAt;
      case 'warmth':
        return c.warmth;
      case 'revenueShare':
        return c.revenueShare;
      case 'stage':
        return LIFECYCLE_STAGES.indexOf(c.stage);
    }
  };
  return [...list].sort((a, b) =>
    key === 'name' ? byName(a, b) * dir : compareNullable(value(a), value(b), dir) || byName(a, b),
  );
}

/** Lower case without accents, so "zoe" finds "Zoë". */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();

/** Whether every word of the text is in the client's name, industry, owner or tags. */
function matchesText(c: ClientSummary, words: string[]): boolean {
  if (words.length === 0) return true;
  const hay = fold([c.name, c.industry, c.owner, ...c.tags].join('\n'));
  return words.every((w) => hay.includes(w));
}

export function filterClients(list: ClientSummary[], f: ClientFilter): ClientSummary[] {
  const words = fold(f.text ?? '').split(/\s+/).filter(Boolean);
  return list.filter(
    (c) =>
      matchesText(c, words) &&
      (!f.stage || c.stage === f.stage) &&
      (!f.owner || (f.owner === '—' ? !c.owner : c.owner === f.owner)) &&
      (!f.tag || c.tags.includes(f.tag)) &&
      (!f.warmth || (f.warmth === 'none' ? c.warmth === null : c.warmth === Number(f.warmth))),
  );
}
