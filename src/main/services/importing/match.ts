/**
 * Duplicate detection for imports: the same email, the same phone digits, or a close name.
 * Names are compared normalised (case, accents, punctuation and whitespace folded, word order
 * ignored); "close" is Jaro-Winkler similarity of at least 0.92 between names whose digits agree,
 * compared only within blocks (first letters), so a 10,000-row file against a 10,000-contact vault
 * stays fast.
 */

/** Lower case, accents stripped, punctuation to spaces, whitespace collapsed. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a normalised name, sorted, so "Lovelace, Ada" and "Ada Lovelace" agree. */
export function nameKey(name: string): string {
  return normaliseName(name).split(' ').filter(Boolean).sort().join(' ');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The digits of a phone number; numbers written with and without a country code agree on their last nine. */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D+/g, '');
  if (digits.length < 6) return '';
  return digits.length > 9 ? digits.slice(-9) : digits;
}

/** Jaro-Winkler similarity in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Uint8Array(la);
  const matchedB = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (!matchedB[j] && a[i] === b[j]) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, la, lb) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

export const SIMILAR_NAME = 0.92;

const digitsOf = (key: string) => key.replace(/\D+/g, '');

/** Two name keys are close: similar enough, and any numbers in them are the same. */
export function similarNames(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (digitsOf(a) !== digitsOf(b)) return false;
  return jaroWinkler(a, b) >= SIMILAR_NAME;
}

/**
 * Block keys for a name key: its numbers, and the first letters of each pair of its other words
 * (so a typo past the first letters is still found). Only names sharing a block are compared.
 */
function blocks(key: string): string[] {
  const digits = digitsOf(key);
  const words = key.split(' ').filter((w) => w && !/^\d+$/.test(w));
  if (words.length === 0) return digits ? [`#${digits}`] : [];
  if (words.length === 1) return [`${digits}#${words[0].slice(0, 2)}`];
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) out.add(`${digits}#${words[i][0]}|${words[j][0]}`);
  }
  return [...out];
}

export interface Candidate<T> {
  item: T;
  nameKey: string;
  email: string;
  phone: string;
}

export interface Found<T> {
  item: T;
  reasons: ('email' | 'phone' | 'name' | 'similar-name')[];
}

/** An index of people (existing contacts, and rows planned so far) to look duplicates up in. */
export class PeopleIndex<T> {
  private readonly byEmail = new Map<string, Candidate<T>>();
  private readonly byPhone = new Map<string, Candidate<T>>();
  private readonly byName = new Map<string, Candidate<T>[]>();
  private readonly byBlock = new Map<string, Candidate<T>[]>();

  add(item: T, fields: { name: string; email: string; phone: string }): void {
    const c: Candidate<T> = { item, nameKey: nameKey(fields.name), email: normaliseEmail(fields.email), phone: phoneKey(fields.phone) };
    if (c.email && !this.byEmail.has(c.email)) this.byEmail.set(c.email, c);
    if (c.phone && !this.byPhone.has(c.phone)) this.byPhone.set(c.phone, c);
    if (c.nameKey) {
      push(this.byName, c.nameKey, c);
      for (const b of blocks(c.nameKey)) push(this.byBlock, b, c);
    }
  }

  /**
   * The best match for a person: by email, then phone, then the exact name (preferring one that
   * `prefer` accepts, such as the same organisation), then a close name. Null when none.
   */
  find(fields: { name: string; email: string; phone: string }, prefer?: (item: T) => boolean): Found<T> | null {
    const key = nameKey(fields.name);
    const email = normaliseEmail(fields.email);
    const phone = phoneKey(fields.phone);
    const hit = (email && this.byEmail.get(email)) || (phone && this.byPhone.get(phone)) || null;
    if (hit) {
      const reasons: Found<T>['reasons'] = [];
      if (email && hit.email === email) reasons.push('email');
      if (phone && hit.phone === phone) reasons.push('phone');
      if (key && hit.nameKey === key) reasons.push('name');
      return { item: hit.item, reasons };
    }
    if (!key) return null;
    const same = this.byName.get(key);
    if (same?.length) {
      const best = (prefer && same.find((c) => prefer(c.item))) || same[0];
      return { item: best.item, reasons: ['name'] };
    }
    let best: Candidate<T> | null = null;
    let bestScore = 0;
    for (const b of blocks(key)) {
      for (const c of this.byBlock.get(b) ?? []) {
        if (!similarNames(key, c.nameKey)) continue;
        const score = jaroWinkler(key, c.nameKey);
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
    }
    return best ? { item: best.item, reasons: ['similar-name'] } : null;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
