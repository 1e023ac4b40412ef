/**
 * Adversarial values for the API fuzzer (fast-check arbitraries): wrong types, huge strings, deep
 * nesting, prototype keys, invalid dates, unicode edge cases, and what a structured-clone IPC can
 * carry besides JSON (Date, Map, Set, BigInt, typed arrays, cycles). Test-only.
 */
import fc from 'fast-check';

/** Built once: strings of a few MB (kept rare in the mix, they are slow to copy). */
export const HUGE_ASCII = 'x'.repeat(3 * 1024 * 1024);
export const HUGE_UNICODE = '\u05d0\u200b\ud83e\uddee\u0000'.repeat(300_000); // RTL letter, zero-width space, emoji, NUL: 1.5 M code units
export const HUGE_LINES = 'Name,Email\r\n' + 'Ada Lovelace,ada@example.com\r\n'.repeat(60_000); // ~1.8 MB of CSV

/** Nesting far deeper than any schema, built without recursion. */
function deep(depth: number, asArray: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}
export const DEEP_ARRAY = deep(20_000, true);
export const DEEP_OBJECT = deep(20_000, false);

function cyclic(): unknown {
  const o: Record<string, unknown> = { name: 'loop' };
  o.self = o;
  o.list = [o, o];
  return o;
}

/** Unicode edge cases: lone surrogates, bidi controls, zero-width characters, NUL, noncharacters. */
export const UNICODE_EDGES = [
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\ud83e', // half an emoji
  '\u202eevil\u202c', // right-to-left override
  '\u200f\u05e9\u05dc\u05d5\u05dd', // RLM + Hebrew
  '\u0645\u0631\u062d\u0628\u0627', // Arabic
  '\u200b',
  '\u200c\u200d',
  '\u2060',
  '\ufeff',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(64),
  '\u2028\u2029',
  '\r\n\t\v\f\b',
  '\ufffe\uffff',
  '\u{10ffff}',
  'e\u0301'.repeat(200), // combining accents
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359'.repeat(30), // zalgo
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}', // family emoji (ZWJ sequence)
  '\u{1f3f3}\ufe0f\u200d\u{1f308}',
  'ﷺ',
  'Ⅻ',
  'ß'.toUpperCase(),
  'İ',
  '\u00a0\u2003\u3000', // non-breaking and wide spaces
  '   ',
  '',
];

/** Strings that mean something to some parser, template engine, shell, spreadsheet or path. */
export const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '{{constructor.constructor("return process")()}}',
  '{{__proto__}}',
  '{{client.__proto__.polluted}}',
  '{{#each this}}{{/each}}',
  '${process.exit(1)}',
  '`rm -rf /`',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "'); DROP TABLE clients; --",
  '=HYPERLINK("http://x","y")',
  '+cmd|\' /C calc\'!A0',
  '@SUM(1+1)',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'file:///etc/passwd',
  'BEGIN:VCARD\nFN:x\nEND:VCARD',
  'a\r\nBcc: victim@example.com',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '1e309',
  '-0',
  'true',
  '[]',
  '{}',
  '{"__proto__":{"polluted":1}}',
  '6F1C1C1E-9F2A-4B53-8D8E-6C1A6C2F0A11',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** Dates and date-times that are invalid, extreme, or valid only on a technicality. */
export const DATE_EDGES = [
  '2026-02-30',
  '2026-02-29',
  '2024-02-29',
  '2026-13-01',
  '2026-00-10',
  '0000-00-00',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '1970-01-01',
  '2026-1-1',
  '2026/10/01',
  '2026-10-01T10:00:00Z',
  '2026-10-01T25:00:00Z',
  '2026-10-01T23:59:60Z',
  '2026-10-01T10:00:00+25:00',
  '2026-10-01T10:00:00+14:00',
  '2026-10-01T10:00:00-12:00',
  '2026-10-01T10:00:00.123456789Z',
  '2026-10-01T10:00:00z',
  '2026-10-01 10:00:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1969-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  'Invalid Date',
  '2026-Q0',
  '2026-Q5',
  '9999-Q4',
  '0000-Q1',
];

export const NUMBER_EDGES = [
  0,
  -0,
  -1,
  1,
  0.5,
  1.0000000000000002,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 31,
  2 ** 32 + 1,
  1e21,
  49,
  50,
  100,
  101,
  3650,
  3651,
];

/** Keys an attacker would add to an object. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'length', '', ' ', '\u0000', 'id', 'version'];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_EDGES) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...DATE_EDGES) },
);

/** A string made of adversarial pieces; now and then a huge one. */
export const adversarialString: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join('')) },
  { weight: 6, arbitrary: piece },
  { weight: 2, arbitrary: fc.tuple(piece, fc.integer({ min: 2, max: 30_000 })).map(([s, n]) => (s || 'y').repeat(n).slice(0, 120_000)) },
  { weight: 1, arbitrary: fc.constantFrom(HUGE_ASCII, HUGE_UNICODE, HUGE_LINES) },
);

/** Text a schema accepts (non-blank, at most 200 characters) but full of edge cases: reaches the services. */
export const adversarialText: fc.Arbitrary<string> = fc
  .array(piece, { minLength: 1, maxLength: 5 })
  .map((p) => p.join('').slice(0, 190))
  .map((t) => (t.trim() ? t : `${t}x`));

export const adversarialNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...NUMBER_EDGES),
  fc.integer(),
  fc.double(),
  fc.integer({ min: -2, max: 60 }),
);

/** Values a structured-clone IPC can carry that JSON cannot. */
const cloneable: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  undefined,
  new Date(Number.NaN),
  new Date(8.64e15),
  new Date(0),
  10n ** 30n,
  new Map([['id', 'x']]),
  new Set(['a']),
  new Uint8Array([0, 1, 2]),
  /regex/g,
  [, , 1], // eslint-disable-line no-sparse-arrays
  cyclic(),
  // JSON-representable objects whose `length` or conversions misbehave (zod 4 threw on the first).
  { length: { toString: {} } },
  { length: { valueOf: {}, toString: {} } },
  { toString: {}, valueOf: {} },
  { length: 1e9 },
  { length: -1 },
  { then: {} },
  DEEP_ARRAY,
  DEEP_OBJECT,
);

export const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: adversarialString },
  { weight: 3, arbitrary: adversarialNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: cloneable },
);

/** Any value: leaves, arrays and objects (keys from `keys`, hostile ones, or random), a few levels deep. */
export function adversarialValue(keys: string[]): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    { weight: 4, arbitrary: keys.length ? fc.constantFrom(...keys) : fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: leaf },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
      { weight: 2, arbitrary: fc.dictionary(key, tie('value'), { maxKeys: 5 }) },
    ),
  }));
  return value;
}

/**
 * An object given own `__proto__`, `constructor` and `prototype` keys the way JSON.parse makes them
 * (an own property named __proto__, not a prototype change), as a web page's JSON would arrive.
 */
export function withPrototypeKeys(input: unknown, which: number): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  let json: string;
  try {
    json = JSON.stringify(input);
  } catch {
    return input; // cyclic or BigInt: keep as is
  }
  if (!json || !json.startsWith('{')) return input;
  const extras = [
    '"__proto__":{"polluted":"yes","isAdmin":true}',
    '"constructor":{"prototype":{"polluted":"yes"}}',
    '"prototype":{"polluted":"yes"}',
    '"__proto__":[1,2]',
    '"__proto__":null',
  ];
  const extra = extras[which % extras.length];
  const body = json.slice(1, -1);
  return JSON.parse(`{${extra}${body ? ',' + body : ''}}`) as unknown;
}
