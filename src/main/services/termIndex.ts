/**
 * A compact in-memory inverted index for search (issue 8): replaces MiniSearch, whose posting maps
 * and stored text took most of 2.8 GB on a 5,000-client vault and whose short-prefix queries took
 * ~200 ms there. Here each document is a number; each term has one array of postings (document
 * number × 2, plus 1 when the term is in the title); the text itself is not kept (the caller
 * decrypts the few hits it shows to make snippets). Terms are kept sorted, so a prefix is a range.
 *
 * Matching: every query word must match (AND), as the whole term, as a prefix of a term (as you
 * type), or, from five letters, within one edit (two from ten) of a term with the same first
 * letter. Score: per query word the best match of the document (exact 1, prefix 0.6, fuzzy 0.4),
 * doubled in the title; summed over the words. Equal scores keep insertion order.
 */

export interface IndexedDoc<M> {
  /** Unique per record, such as `table:rowId`. */
  key: string;
  meta: M;
}

export interface TermHit<M> {
  key: string;
  meta: M;
  score: number;
}

const EXACT = 1;
const PREFIX = 0.6;
const FUZZY = 0.4;
const TITLE_BOOST = 2;

/** Words for indexing and for queries: lower case, accents folded, split at anything not a letter or digit. */
export function words(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether a and b are within `max` (1 or 2) edits of each other (Levenshtein, banded). */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return false;
    prev = row;
  }
  return prev[b.length] <= max;
}

/** The first index in sorted `xs` whose value is >= x. */
function lowerBound(xs: string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class TermIndex<M> {
  /** Document number → the document, or null once removed (its postings are skipped, then compacted). */
  private docs: (IndexedDoc<M> | null)[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();
  /** Every term, sorted (prefix ranges, fuzzy neighbourhoods); null while a bulk load is running. */
  private sorted: string[] | null = [];
  private removed = 0;

  get size(): number {
    return this.numbers.size;
  }

  has(key: string): boolean {
    return this.numbers.has(key);
  }

  /** Adds a document, replacing any with the same key. */
  add(doc: IndexedDoc<M>, title: string, body: string): void {
    this.remove(doc.key);
    const n = this.docs.length;
    this.docs.push(doc);
    this.numbers.set(doc.key, n);
    const titleWords = new Set(words(title));
    for (const w of new Set([...titleWords, ...words(body)])) {
      let list = this.postings.get(w);
      if (!list) {
        this.postings.set(w, (list = []));
        if (this.sorted) this.sorted.splice(lowerBound(this.sorted, w), 0, w);
      }
      list.push(n * 2 + (titleWords.has(w) ? 1 : 0));
    }
  }

  remove(key: string): void {
    const n = this.numbers.get(key);
    if (n === undefined) return;
    this.numbers.delete(key);
    this.docs[n] = null;
    this.removed++;
    if (this.removed > 10_000 && this.removed > this.docs.length / 4) this.compact();
  }

  /**
   * Many adds to come (building the index): the term list is sorted once, by `endBulk`, instead of
   * kept sorted on every add. Searches in between still work, sorting it each time.
   */
  startBulk(): void {
    this.sorted = null;
  }

  endBulk(): void {
    this.sorted = [...this.postings.keys()].sort();
  }

  /** Documents matching every word of the query, best first, at most `limit`. */
  search(query: string, limit: number): TermHit<M>[] {
    const qs = [...new Set(words(query))];
    if (qs.length === 0 || this.docs.length === 0) return [];
    const total = new Float64Array(this.docs.length);
    const count = new Uint16Array(this.docs.length);
    let candidates: number[] = [];
    for (const [i, q] of qs.entries()) {
      const best = new Float64Array(this.docs.length);
      const touched: number[] = [];
      for (const [term, weight] of this.matches(q)) {
        for (const p of this.postings.get(term)!) {
          const n = p >>> 1;
          if (this.docs[n] === null || count[n] !== i) continue; // removed, or missed an earlier word
          const s = weight * (p & 1 ? TITLE_BOOST : 1);
          if (best[n] === 0) touched.push(n);
          if (s > best[n]) best[n] = s;
        }
      }
      for (const n of touched) {
        total[n] += best[n];
        count[n] = i + 1;
      }
      candidates = touched;
      if (candidates.length === 0) return [];
    }
    // `candidates` (the last word's documents) matched every word; order by score, then by number.
    if (candidates.length > 4 * limit) {
      // Only the best `limit` are wanted: keep those at or above the limit-th best score first.
      const scores = Float64Array.from(candidates, (n) => total[n]).sort();
      const floor = scores[scores.length - limit];
      candidates = candidates.filter((n) => total[n] >= floor);
    }
    candidates.sort((a, b) => total[b] - total[a] || a - b);
    return candidates.slice(0, limit).map((n) => {
      const doc = this.docs[n]!;
      return { key: doc.key, meta: doc.meta, score: total[n] };
    });
  }

  /** Index terms a query word matches, with their weight: itself, its completions, near misses. */
  private matches(q: string): Map<string, number> {
    const out = new Map<string, number>();
    const terms = this.sorted ?? [...this.postings.keys()].sort();
    for (let i = lowerBound(terms, q); i < terms.length && terms[i].startsWith(q); i++) {
      out.set(terms[i], terms[i] === q ? EXACT : PREFIX);
    }
    if (q.length >= 5) {
      const max = q.length >= 10 ? 2 : 1;
      const first = q[0];
      for (let i = lowerBound(terms, first); i < terms.length && terms[i][0] === first; i++) {
        const t = terms[i];
        if (!out.has(t) && withinEdits(q, t, max)) out.set(t, FUZZY);
      }
    }
    return out;
  }

  /** Drops removed documents' postings and renumbers the rest (keeping their order). */
  private compact(): void {
    const renumber = new Int32Array(this.docs.length).fill(-1);
    const docs: IndexedDoc<M>[] = [];
    this.docs.forEach((d, n) => {
      if (d) {
        renumber[n] = docs.length;
        docs.push(d);
      }
    });
    for (const [term, list] of this.postings) {
      const kept: number[] = [];
      for (const p of list) {
        const m = renumber[p >>> 1];
        if (m >= 0) kept.push(m * 2 + (p & 1));
      }
      if (kept.length) this.postings.set(term, kept);
      else this.postings.delete(term);
    }
    this.docs = docs;
    docs.forEach((d, n) => this.numbers.set(d.key, n));
    this.removed = 0;
    if (this.sorted) this.sorted = [...this.postings.keys()].sort();
  }
}
