import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TermIndex, withinEdits, words } from './termIndex';

function indexOf(docs: [string, string, string][]): TermIndex<string> {
  const index = new TermIndex<string>();
  for (const [key, title, body] of docs) index.add({ key, meta: key }, title, body);
  return index;
}
const keys = (index: TermIndex<string>, q: string, limit = 60) => index.search(q, limit).map((h) => h.key);

describe('words', () => {
  test('lower case, accents folded, split at punctuation', () => {
    expect(words('Zoë O’Brien-Smith, CEO; 3 kids')).toEqual(['zoe', 'o', 'brien', 'smith', 'ceo', '3', 'kids']);
    expect(words('  ... ')).toEqual([]);
  });
});

describe('withinEdits agrees with a plain Levenshtein distance', () => {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length][b.length];
  };
  test('on random short words', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 8 });
    fc.assert(fc.property(word, word, fc.constantFrom(1, 2), (a, b, max) => withinEdits(a, b, max) === distance(a, b) <= max));
  });
});

describe('TermIndex', () => {
  const docs: [string, string, string][] = [
    ['client:1', 'Hartley & Sons', 'Hartley & Sons\nlogistics'],
    ['entry:1', 'Call about the warehouse', 'Call about the warehouse\nThey want to expand; Hartley is keen'],
    ['fact:1', 'allergy', 'Allergic to pecans'],
    ['fact:2', 'family', 'Daughter Mia plays the cello'],
  ];

  test('every word must match: whole, as a prefix, or (from five letters) within an edit', () => {
    const index = indexOf(docs);
    expect(keys(index, 'pecans')).toEqual(['fact:1']);
    expect(keys(index, 'pec')).toEqual(['fact:1']); // as the user types
    expect(keys(index, 'pecnas')).toEqual([]); // a transposition is two edits
    expect(keys(index, 'pecaus')).toEqual(['fact:1']); // one edit
    expect(keys(index, 'celo')).toEqual([]); // four letters: no fuzzy match
    expect(keys(index, 'Mia cello')).toEqual(['fact:2']);
    expect(keys(index, 'mia pecans')).toEqual([]); // AND: no document has both
    expect(keys(index, 'Zoë')).toEqual([]);
    expect(keys(index, '   ')).toEqual([]);
  });

  test('a word in the title ranks above the same word in the text; ties keep insertion order', () => {
    const index = indexOf(docs);
    expect(keys(index, 'hartley')).toEqual(['client:1', 'entry:1']);
    expect(keys(index, 'the')).toEqual(['entry:1', 'fact:2']);
    expect(index.search('hartley', 60)[0].score).toBeGreaterThan(index.search('hartley', 60)[1].score);
    expect(keys(index, 'hartley', 1)).toEqual(['client:1']);
  });

  test('an exact word ranks above a completion, and a completion above a near miss', () => {
    const index = indexOf([
      ['a', 'note', 'report'],
      ['b', 'note', 'reporting'],
      ['c', 'note', 'reprot'],
    ]);
    expect(index.search('report', 60).map((h) => [h.key, h.score])).toEqual([
      ['a', 1],
      ['b', 0.6],
    ]);
    expect(keys(index, 'reports')).toEqual(['a']); // one edit from 'report'; 'reprot' and 'reporting' are further
  });

  test('replacing and removing documents, with and without a bulk load, answers as a fresh index would', () => {
    const index = new TermIndex<string>();
    index.startBulk();
    for (const [key, title, body] of docs) index.add({ key, meta: key }, title, body);
    expect(keys(index, 'cello')).toEqual(['fact:2']); // searchable even before the bulk load ends
    index.endBulk();
    index.add({ key: 'fact:2', meta: 'fact:2' }, 'family', 'Son Leo plays the violin');
    index.remove('fact:1');
    index.remove('no such key');
    expect(keys(index, 'cello')).toEqual([]);
    expect(keys(index, 'violin')).toEqual(['fact:2']);
    expect(keys(index, 'pecans')).toEqual([]);
    expect(index.size).toBe(3);
    expect(index.has('fact:1')).toBe(false);
    const fresh = indexOf([docs[0], docs[1], ['fact:2', 'family', 'Son Leo plays the violin']]);
    for (const q of ['the', 'hartley', 'violin', 'ware', 'call', 'son leo']) expect(keys(index, q)).toEqual(keys(fresh, q));
  });

  test('many removals compact the index without changing any answer', () => {
    const index = new TermIndex<string>();
    for (let i = 0; i < 30_000; i++) index.add({ key: `d${i}`, meta: `d${i}` }, `title ${i % 7}`, `word${i % 100} common`);
    for (let i = 0; i < 30_000; i += 2) index.remove(`d${i}`); // 15,000 removed: compaction runs
    for (let i = 1; i < 200; i += 2) index.add({ key: `d${i}`, meta: `d${i}` }, 'replaced', 'fresh text'); // replaced after compaction
    expect(index.size).toBe(15_000);
    const exact = index.search('word17', 10_000).filter((h) => h.score === 1); // not word170-179, word27…
    expect(exact).toHaveLength(298); // i % 100 === 17 (300, all odd), less d17 and d117 replaced
    expect(exact.every((h) => Number(h.key.slice(1)) % 2 === 1)).toBe(true);
    expect(keys(index, 'replaced', 10_000)).toHaveLength(100);
    expect(keys(index, 'common', 5)).toEqual(['d201', 'd203', 'd205', 'd207', 'd209']);
  });
});
