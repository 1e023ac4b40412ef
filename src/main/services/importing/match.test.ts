import { describe, expect, test } from 'vitest';
import { PeopleIndex, SIMILAR_NAME, blocks, closeInLength, jaroWinkler, nameKey } from './match';

const person = (name: string, organisation = '') => ({ name, email: '', phone: '', organisation });

/** A made-up word from a number, letters only (digits in a name keep it apart from others). */
const word = (first: string, n: number) => {
  let s = first;
  for (let i = 0; i < 4; i++, n = Math.floor(n / 26)) s += String.fromCharCode(97 + (n % 26));
  return s;
};

describe('close names among many', () => {
  test('a typo in one word is found even when hundreds of later names share both initials', () => {
    const index = new PeopleIndex<string>();
    index.add('john', person('John Smith', 'Acme'));
    // 500 other people whose words start with J and S: with blocks of initials alone, John Smith
    // fell out of the bounded scan of the "j|s" block and the typo below went unnoticed.
    for (let i = 0; i < 500; i++) index.add(`other ${i}`, person(`${word('J', i * 7)} ${word('S', i * 13)}`));
    expect(index.find(person('Jon Smith', 'Beta'))).toMatchObject({ item: 'john', kind: 'similar-name', strong: false, reasons: ['similar-name'] });
    expect(index.find(person('Smith, Jonh'))).toMatchObject({ item: 'john', kind: 'similar-name' });
    // Exact names are still found first, and distinct people are not close.
    expect(index.find(person('John Smith', 'Acme'))).toMatchObject({ item: 'john', kind: 'same-name-and-organisation', strong: true });
    expect(index.find(person('Mary Jones'))).toBeNull();
  });

  test('names whose numbers differ are never close', () => {
    const index = new PeopleIndex<string>();
    index.add('a', person('Site Team 1'));
    expect(index.find(person('Site Team 2'))).toBeNull();
    expect(index.find(person('Site Teem 1'))).toMatchObject({ item: 'a', kind: 'similar-name' });
  });

  test('findThenAdd finds earlier rows and adds this one for the rows after it', () => {
    const index = new PeopleIndex<string>();
    expect(index.findThenAdd('r1', { name: 'Ada Lovelace', email: 'ada@example.org', phone: '', organisation: '' })).toBeNull();
    expect(index.findThenAdd('r2', { name: 'A. Lovelace', email: 'ADA@example.org', phone: '', organisation: '' })).toMatchObject({ item: 'r1', kind: 'same-email', strong: true });
    expect(index.find(person('Ada Lovelace'))).toMatchObject({ item: 'r1', kind: 'same-name-and-organisation' });
  });

  test('blocks pair one whole word with the other words\' initials, in either order', () => {
    expect(blocks(nameKey('Adam Moore')).sort()).toEqual(['#adam|m', '#moore|a']);
    expect(blocks(nameKey('Adam Mork'))).toContain('#adam|m');
    expect(blocks(nameKey('Barnes, Stan'))).toContain('#barnes|s');
    expect(blocks(nameKey('Steven Barnes'))).toContain('#barnes|s');
    expect(blocks(nameKey('Cher'))).toEqual(['#ch']);
  });
});

describe('Jaro-Winkler', () => {
  test('the textbook values, and the same answer whatever was compared before', () => {
    const round = (x: number) => Math.round(x * 1000) / 1000;
    expect(round(jaroWinkler('martha', 'marhta'))).toBe(0.961);
    expect(round(jaroWinkler('dwayne', 'duane'))).toBe(0.84);
    expect(round(jaroWinkler('dixon', 'dicksonx'))).toBe(0.813);
    // A long pair first, then short ones: marks left over from the long pair must not count.
    jaroWinkler('a'.repeat(300), 'a'.repeat(299) + 'b');
    expect(round(jaroWinkler('martha', 'marhta'))).toBe(0.961);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });
});

test('names whose lengths rule out a close match are never close', () => {
  // Pairs sharing a long prefix (the largest bonus) and lengths on either side of the bound.
  let random = 7;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let ruledOut = 0;
  for (let i = 0; i < 20_000; i++) {
    const la = 1 + Math.floor(next() * 20);
    const lb = 1 + Math.floor(next() * 20);
    const a = Array.from({ length: la }, () => 'abcde'[Math.floor(next() * 5)]).join('');
    const b = a.slice(0, Math.min(4, la, lb)) + Array.from({ length: Math.max(0, lb - 4) }, () => 'abcde'[Math.floor(next() * 5)]).join('');
    if (!closeInLength(a, b)) {
      ruledOut++;
      expect(jaroWinkler(a, b), `${a} ${b}`).toBeLessThan(SIMILAR_NAME);
    }
  }
  expect(ruledOut).toBeGreaterThan(1_000);
  expect(closeInLength('adam mork', 'adam moore')).toBe(true);
});
