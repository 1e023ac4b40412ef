/** The printed recovery key: Base32 in groups of five with a checksum, forgiving how it is typed. */
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSodium } from '../../src/main/vault/crypto';
import { RECOVERY_KEY_BYTES, formatRecoveryKey, parseRecoveryKey } from '../../src/main/vault/recoveryKey';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

beforeAll(async () => {
  await loadSodium();
});

function randomKey(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(RECOVERY_KEY_BYTES));
}

function parsedKey(text: string): Uint8Array {
  const r = parseRecoveryKey(text);
  if (!r.ok) throw new Error(`did not parse: ${r.reason}`);
  return r.key;
}

describe('recovery key format', () => {
  test('round trips: 55 characters in 11 dash-separated groups of five', () => {
    for (let i = 0; i < 200; i++) {
      const key = randomKey();
      const text = formatRecoveryKey(key);
      expect(text).toMatch(/^([A-Z2-7]{5}-){10}[A-Z2-7]{5}$/);
      expect(parsedKey(text)).toEqual(key);
    }
    expect(parsedKey(formatRecoveryKey(new Uint8Array(32)))).toEqual(new Uint8Array(32));
    expect(parsedKey(formatRecoveryKey(new Uint8Array(32).fill(255)))).toEqual(new Uint8Array(32).fill(255));
  });

  test('accepts lower case, spaces, no separators, and extra dashes', () => {
    const key = randomKey();
    const text = formatRecoveryKey(key);
    const variants = [
      text.toLowerCase(),
      text.replace(/-/g, ' '),
      text.replace(/-/g, ''),
      `  ${text.replace(/-/g, ' - ')}\n`,
      text.replace(/-/g, '').replace(/(.{4})/g, '$1-'),
      text.replace(/-/g, '\t'),
    ];
    for (const v of variants) expect(parsedKey(v)).toEqual(key);
  });

  test('reads the look-alikes 0 as O, 1 as I and 8 as B', () => {
    let substituted = 0;
    for (let i = 0; i < 50; i++) {
      const key = randomKey();
      const text = formatRecoveryKey(key);
      const typed = text.replace(/O/g, '0').replace(/I/g, '1').replace(/B/g, '8');
      if (typed !== text) substituted++;
      expect(parsedKey(typed)).toEqual(key);
      expect(parsedKey(typed.toLowerCase())).toEqual(key);
    }
    expect(substituted).toBeGreaterThan(40);
  });

  test('the checksum catches every single-character change', () => {
    for (let k = 0; k < 8; k++) {
      const text = formatRecoveryKey(randomKey()).replace(/-/g, '');
      let tried = 0;
      for (let i = 0; i < text.length; i++) {
        for (const c of ALPHABET) {
          if (c === text[i]) continue;
          const changed = text.slice(0, i) + c + text.slice(i + 1);
          const r = parseRecoveryKey(changed);
          tried++;
          if (r.ok) throw new Error(`a change at character ${i} was not caught`);
          expect(r.reason).toMatch(/typo/);
        }
      }
      expect(tried).toBe(55 * 31);
    }
  });

  test('catches two neighbouring characters swapped', () => {
    for (let k = 0; k < 20; k++) {
      const text = formatRecoveryKey(randomKey()).replace(/-/g, '');
      for (let i = 0; i + 1 < text.length; i++) {
        if (text[i] === text[i + 1]) continue;
        const swapped = text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
        expect(parseRecoveryKey(swapped).ok).toBe(false);
      }
    }
  });

  test('refuses a wrong length or foreign characters with a reason a person can act on', () => {
    const text = formatRecoveryKey(randomKey());
    const short = parseRecoveryKey(text.slice(0, -1));
    expect(short).toEqual({ ok: false, reason: 'A recovery key has 55 letters and digits; this one has 54.' });
    const long = parseRecoveryKey(`${text}A`);
    expect(long.ok).toBe(false);
    const foreign = parseRecoveryKey(`${text.slice(0, -1)}9`);
    expect(foreign).toEqual({ ok: false, reason: 'A recovery key uses only the letters A to Z and the digits 2 to 7.' });
    expect(parseRecoveryKey('').ok).toBe(false);
  });
});
