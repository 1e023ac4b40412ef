/**
 * Duplicate detection for imports. Strong evidence (suggested merge or skip): the same email, the
 * same phone digits with a compatible name, or the same name in the same organisation. Weak
 * evidence (a "possible duplicate", created unless the user says otherwise): the same phone with
 * another name, the same name in another organisation, or a close name. Names are compared
 * normalised (case, accents, punctuation and whitespace folded, word order ignored); "close" is
 * Jaro-Winkler similarity of at least 0.92 between names whose digits agree, compared only within
 * blocks (one whole word and another word's first letter). Every lookup is a hash lookup or a
 * bounded scan, so preview time grows linearly with the file and the vault.
 */
import type { DuplicateKind, ImportDuplicate } from '../../../shared/types';

/** Lower case, accents stripped, punctuation to spaces, whitespace collapsed. */
export function normaliseName(name: string): string {
  // Most names are printable ASCII, which NFKD leaves as it is: the Unicode work is for the others.
  if (ASCII.test(name)) return name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const ASCII = /^[ -~]*$/;

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

/** Jaro-Winkler's marks of matched characters, reused between calls (an import makes hundreds of thousands). */
let scratch = new Uint8Array(256);

/** Jaro-Winkler similarity in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (scratch.length < la + lb) scratch = new Uint8Array(2 * (la + lb));
  const matchedA = scratch.subarray(0, la).fill(0);
  const matchedB = scratch.subarray(la, la + lb).fill(0);
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
 * Block keys for a name key: for each pair of its words (numbers aside), one whole word with the
 * other's first letter, both ways round. Two names whose words differ by a typo in one word share a
 * block ("adam moore" and "adam mork" share "adam|m"; "barnes stan" and "barnes steven" share
 * "barnes|s"), and a block holds few names even in a large vault, so the bounded scan of each block
 * sees nearly all of it. (Blocks of first letters alone, "a|m", held hundreds of names each: every
 * row paid 64 comparisons and still missed most of its block.) A one-word name blocks on its
 * first two letters. Only names sharing a block are compared.
 */
export function blocks(key: string): string[] {
  const digits = digitsOf(key);
  const words = key.split(' ').filter((w) => w && !/^\d+$/.test(w));
  if (words.length === 0) return digits ? [`#${digits}`] : [];
  if (words.length === 1) return [`${digits}#${words[0].slice(0, 2)}`];
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let j = 0; j < words.length; j++) if (i !== j) out.add(`${digits}#${words[i]}|${words[j][0]}`);
  }
  return [...out];
}

/** A person's normalised keys, worked out once for the lookup and the index. */
interface Keys {
  nameKey: string;
  /** The digits of nameKey (names with different numbers are never close). */
  digits: string;
  /** The blocks of nameKey. */
  blocks: string[];
  orgKey: string;
  email: string;
  phone: string;
}

export interface Candidate<T> extends Keys {
  item: T;
}

export interface Found<T> {
  item: T;
  kind: DuplicateKind;
  strong: boolean;
  reasons: ImportDuplicate['reasons'];
}

export interface PersonFields {
  name: string;
  email: string;
  phone: string;
  /** The organisation the person belongs to ('' for none). */
  organisation: string;
}

/** At most this many candidates are compared per bucket, so a shared switchboard number or a very common name stays cheap. */
const SCAN_LIMIT = 64;

/** A name that is only the email address or phone number (email-only rows): not evidence of anything. */
function nameKeyOf(f: PersonFields): string {
  const n = f.name.trim();
  if (!n || (f.email && n.toLowerCase() === f.email.trim().toLowerCase()) || (f.phone && n === f.phone.trim())) return '';
  return nameKey(n);
}

/** Names that may belong to one person: either is unknown, they are equal or close, or one's words are all in the other ("Ada" and "Ada Lovelace"). */
export function compatibleNames(a: string, b: string): boolean {
  if (!a || !b || a === b || similarNames(a, b)) return true;
  const wa = a.split(' ');
  const wb = b.split(' ');
  const [short, long] = wa.length <= wb.length ? [wa, new Set(wb)] : [wb, new Set(wa)];
  return short.every((w) => long.has(w));
}

function keysOf(fields: PersonFields): Keys {
  const nameKey = nameKeyOf(fields);
  return { nameKey, digits: digitsOf(nameKey), blocks: nameKey ? blocks(nameKey) : [], orgKey: normaliseName(fields.organisation), email: normaliseEmail(fields.email), phone: phoneKey(fields.phone) };
}

/** An index of people (existing contacts, and rows planned so far) to look duplicates up in. */
export class PeopleIndex<T> {
  private readonly byEmail = new Map<string, Candidate<T>>();
  private readonly byPhone = new Map<string, Candidate<T>[]>();
  private readonly byName = new Map<string, Candidate<T>[]>();
  private readonly byNameOrg = new Map<string, Candidate<T>>();
  private readonly byBlock = new Map<string, Candidate<T>[]>();

  add(item: T, fields: PersonFields): void {
    this.insert(item, keysOf(fields));
  }

  /** The best match for a person, strongest evidence first; null when none. */
  find(fields: PersonFields): Found<T> | null {
    return this.lookup(keysOf(fields));
  }

  /** find, then add the person itself (an import row, which later rows may duplicate). */
  findThenAdd(item: T, fields: PersonFields): Found<T> | null {
    const keys = keysOf(fields);
    const found = this.lookup(keys);
    this.insert(item, keys);
    return found;
  }

  private insert(item: T, keys: Keys): void {
    const c: Candidate<T> = { item, ...keys };
    if (c.email && !this.byEmail.has(c.email)) this.byEmail.set(c.email, c);
    if (c.phone) push(this.byPhone, c.phone, c);
    if (c.nameKey) {
      push(this.byName, c.nameKey, c);
      const k = `${c.nameKey}|${c.orgKey}`;
      if (!this.byNameOrg.has(k)) this.byNameOrg.set(k, c);
      for (const b of c.blocks) push(this.byBlock, b, c);
    }
  }

  private lookup({ nameKey: key, digits, blocks: keyBlocks, orgKey: org, email, phone }: Keys): Found<T> | null {
    const found = (c: Candidate<T>, kind: DuplicateKind, strong: boolean): Found<T> => {
      const reasons: Found<T>['reasons'] = [];
      if (email && c.email === email) reasons.push('email');
      if (phone && c.phone === phone) reasons.push('phone');
      if (key && c.nameKey === key) reasons.push('name');
      else if (kind === 'similar-name') reasons.push('similar-name');
      if (org && c.orgKey === org) reasons.push('organisation');
      return { item: c.item, kind, strong, reasons };
    };

    const byEmail = email ? this.byEmail.get(email) : undefined;
    if (byEmail) return found(byEmail, 'same-email', true);

    const samePhone = phone ? (this.byPhone.get(phone) ?? []) : [];
    if (samePhone.length) {
      const sameNameAndPhone = key ? firstOf(this.byName.get(key), (c) => c.phone === phone) : undefined;
      const compatible = sameNameAndPhone ?? firstOf(samePhone, (c) => compatibleNames(key, c.nameKey));
      if (compatible) return found(compatible, 'same-phone', true);
    }
    if (key) {
      const sameNameOrg = this.byNameOrg.get(`${key}|${org}`);
      if (sameNameOrg) return found(sameNameOrg, 'same-name-and-organisation', true);
    }
    if (samePhone.length) return found(samePhone[0], 'same-phone-other-name', false);
    if (!key) return null;
    const sameName = this.byName.get(key);
    if (sameName?.length) return found(sameName[0], 'same-name-other-organisation', false);

    // Close names: the latest SCAN_LIMIT names of each block this name is in.
    let best: Candidate<T> | null = null;
    let bestScore = 0;
    for (const b of keyBlocks) {
      const block = this.byBlock.get(b);
      if (!block) continue;
      for (let i = Math.max(0, block.length - SCAN_LIMIT); i < block.length; i++) {
        const c = block[i];
        if (c.digits !== digits || !closeInLength(key, c.nameKey)) continue;
        const score = jaroWinkler(key, c.nameKey);
        if (score >= SIMILAR_NAME && score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
    }
    return best ? found(best, 'similar-name', false) : null;
  }
}

/**
 * Whether two names' lengths allow a Jaro-Winkler similarity of SIMILAR_NAME: with the largest
 * prefix bonus (four letters) that needs Jaro ≥ 0.8667, and Jaro ≤ (2 + shorter/longer) / 3, so the
 * shorter must be at least 0.6 of the longer. A cheap test that spares the comparison.
 */
export function closeInLength(a: string, b: string): boolean {
  return Math.min(a.length, b.length) >= 0.6 * Math.max(a.length, b.length);
}

/** The first of the first SCAN_LIMIT candidates that passes the test. */
function firstOf<T>(list: Candidate<T>[] | undefined, test: (c: Candidate<T>) => boolean): Candidate<T> | undefined {
  if (!list) return undefined;
  for (let i = 0; i < list.length && i < SCAN_LIMIT; i++) if (test(list[i])) return list[i];
  return undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
