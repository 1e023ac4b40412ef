/**
 * Property-based fuzzing of the whole API (fast-check). For every method of the contract:
 * arbitrary and adversarial payloads (wrong types, strings of megabytes, deep nesting, cycles,
 * `__proto__`/`constructor`/`prototype` keys as JSON.parse makes them, invalid dates, lone
 * surrogates, bidi and zero-width characters, NUL), and mutations of a valid input that uses the
 * ids of real records, so the fuzzer gets past zod into the services.
 *
 * Each call must answer a Result: a value, or an error whose code is one of ERROR_CODES and never
 * INTERNAL, with a short human message. The worker must not crash, Object.prototype stays clean,
 * and a call that fails leaves the vault's content hash (every row of every table) and the files
 * in the sandbox as they were. Paths are confined to a sandbox folder (HOME points into it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { absolutePath } from '../../src/main/paths';
import { METHOD_NAMES, type MethodName } from '../../src/shared/contract';
import { ERROR_CODES, type Result } from '../../src/shared/errors';
import {
  DATE_EDGES,
  HOSTILE_KEYS,
  adversarialNumber,
  adversarialString,
  adversarialText,
  adversarialValue,
  withPrototypeKeys,
} from '../support/adversarial';
import { OTHER_ID, SOME_ID, specOf, validInput } from '../support/inputs';
import { stopTimers } from '../support/internals';
import { readKeyFile } from '../../src/main/vault/keyfile';
import { RawDb, dumpAll, testVaultKey } from '../support/rawDb';
import { NEW_PASSPHRASE, PASSPHRASE, choose, ok, testCore } from '../support/vault';

/** Time box per method (fast-check stops there), and the most runs per method. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 380);
const MAX_RUNS = Number(process.env.FUZZ_MAX_RUNS ?? 400);
const MIN_RUNS = 8;
/** Methods whose valid calls derive a key (Argon2id) or render documents: a longer time box. */
const SLOW = new Set<string>([
  'vault.unlock',
  'vault.changePassphrase',
  'vault.newRecoveryKey',
  'vault.rekey',
  'vault.unlockWithRecoveryKey',
  'backup.inspect',
  'backup.restore',
  'export.plain',
  'letters.export',
  'letters.batch',
]);

const ERROR_SET = new Set<string>(ERROR_CODES);
const PATH_KEYS = new Set(['path', 'folder', 'backupFolder']);

let sandbox: string;
let dataDir: string;
let vaultFile: string;
let core: RapportCore;
let raw: RawDb;
let savedHome: string | undefined;
let recoveryKey: string;
/** The passphrase that opens the vault now, and every one seen (fallbacks). */
let passphrase = PASSPHRASE;
const passphrases = new Set([PASSPHRASE, NEW_PASSPHRASE]);
const protoNames = {
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  func: Object.getOwnPropertyNames(Function.prototype).sort(),
};

// ---- tallies ----
let tried = 0;
const outcomes = new Map<string, number>();
const perMethod = new Map<string, { runs: number; ok: number; codes: Record<string, number> }>();
const findings: string[] = [];
const logged: string[] = [];

// ---- real records, so mutated valid inputs reach the services ----
type Kind =
  | 'clients'
  | 'contacts'
  | 'facts'
  | 'dates'
  | 'followUps'
  | 'entries'
  | 'engagements'
  | 'items'
  | 'checklists'
  | 'reviews'
  | 'templates'
  | 'tokens'
  | 'previews';
const pool: Record<Kind, string[]> = {
  clients: [],
  contacts: [],
  facts: [],
  dates: [],
  followUps: [],
  entries: [],
  engagements: [],
  items: [],
  checklists: [],
  reviews: [],
  templates: [],
  tokens: [],
  previews: [],
};
/** The records of one seeding, which belong together (a contact of that client, an entry of it...). */
const families: Partial<Record<Kind, string>>[] = [];
let needsReseed = false;

let seeds = 0;
async function seed(): Promise<void> {
  const n = seeds++;
  const org = await ok(core, 'clients.create', { kind: 'organisation', name: `Fuzz Org ${n}`, tags: ['fuzz'], notes: 'Seed' });
  const person = await ok(core, 'clients.create', { kind: 'person', name: `Fuzz Person ${n}`, stage: 'active', cadenceDays: 30 });
  const contact = await ok(core, 'contacts.create', { clientId: org.id, name: 'Ada Fuzz', email: 'ada@example.com', role: 'CFO' });
  const fact = await ok(core, 'facts.add', { clientId: org.id, contactId: contact.id, type: 'hobbies', text: 'Sails' });
  const date = await ok(core, 'dates.add', { clientId: org.id, label: 'Birthday', date: '2026-03-14', recurrence: 'yearly' });
  const followUp = await ok(core, 'followUps.create', { clientId: org.id, reason: 'Call back', dueOn: '2026-11-20' });
  const entry = await ok(core, 'timeline.add', {
    clientId: org.id,
    kind: 'meeting',
    occurredAt: '2026-10-01T10:00:00Z',
    summary: 'Kick-off',
    contactIds: [contact.id],
  });
  const engagement = await ok(core, 'engagements.create', { clientId: org.id, name: 'Audit', startOn: '2026-11-01' });
  const item = await ok(core, 'expectations.add', { engagementId: engagement.id, kind: 'promise', text: 'Weekly report', dueOn: '2026-11-08' });
  const checklist = await ok(core, 'clients.setStage', { clientId: org.id, stage: 'onboarding', startChecklist: true });
  const review = await ok(core, 'reviews.start', { quarter: `${2100 + n}-Q${1 + (n % 4)}`, clientIds: [org.id, person.id] });
  const template = await ok(core, 'letters.createTemplate', { kind: 'welcome', name: 'Mine', subject: 'Hi', body: 'Dear {{contact.firstName}},' });
  await ok(core, 'warmth.record', { clientId: org.id, value: 4, reason: 'Good' });
  pool.clients.push(org.id, person.id);
  pool.contacts.push(contact.id);
  pool.facts.push(fact.id);
  pool.dates.push(date.id);
  pool.followUps.push(followUp.id);
  pool.entries.push(entry.id);
  pool.engagements.push(engagement.id);
  pool.items.push(item.id);
  if (checklist) pool.checklists.push(checklist.id);
  pool.reviews.push(review.id);
  pool.templates.push(template.id);
  families.push({
    clients: org.id,
    contacts: contact.id,
    facts: fact.id,
    dates: date.id,
    followUps: followUp.id,
    entries: entry.id,
    engagements: engagement.id,
    items: item.id,
    checklists: checklist?.id,
    reviews: review.id,
    templates: template.id,
  });
}

async function freshPreview(): Promise<void> {
  const p = await ok(core, 'import.preview', { format: 'csv', text: 'Name,E-mail\r\nGrace Hopper,grace@example.com\r\nFuzz Org 0,org@example.com\r\n' });
  if (p.previewId) pool.previews.push(p.previewId);
}

/** Which real ids a field of a method takes. */
function kindOf(method: string, key: string): Kind | null {
  if (key === 'clientId' || key === 'clientIds') return 'clients';
  if (key === 'contactId' || key === 'contactIds') return 'contacts';
  if (key === 'engagementId') return 'engagements';
  if (key === 'evidenceEntryId') return 'entries';
  if (key === 'previewId') return 'previews';
  if (key === 'token') return 'tokens';
  if (key === 'templateId' || key === 'basedOn') return 'templates';
  if (key !== 'id') return null;
  const byPrefix: Record<string, Kind> = {
    clients: 'clients',
    contacts: 'contacts',
    facts: 'facts',
    dates: 'dates',
    followUps: 'followUps',
    timeline: 'entries',
    engagements: 'engagements',
    expectations: 'items',
    checklists: 'checklists',
    reviews: 'reviews',
    letters: 'templates',
  };
  return byPrefix[method.split('.')[0]] ?? null;
}

function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length ? list[Math.abs(n) % list.length] : undefined;
}

/**
 * An id for a field: mostly a live record of the right kind from one family (so every id of an
 * input belongs together: the contact is the client's, the entry is the client's), sometimes any
 * record of the kind, another kind's, or none. `i` varies the pick between fields of one input.
 */
function idFor(method: string, key: string, n: number, i = 0): string {
  const kind = kindOf(method, key);
  if (kind && n % 5 < 3) return pick(families, n >> 3)?.[kind] ?? pick(pool[kind], n) ?? SOME_ID;
  if (kind && n % 5 === 3) return pick(pool[kind], (n >> 3) + i) ?? SOME_ID;
  return pick([...Object.values(pool).flat(), SOME_ID, OTHER_ID], (n >> 3) + i) ?? SOME_ID;
}

// ---- building inputs ----

/** A copy to mutate (the generated value may be replayed by fast-check); deep or odd values stay shared. */
function clone<T>(v: T): T {
  try {
    return structuredClone(v);
  } catch {
    return v; // nesting too deep to copy, or not cloneable: the app must not mutate inputs anyway
  }
}

/** The valid input of a method with real ids and sandbox paths in place of the placeholders. */
function realValid(method: MethodName, n: number): Record<string, unknown> {
  const v = clone(validInput(method));
  const fix = (key: string, value: unknown, i: number): unknown => {
    if (value === SOME_ID || value === OTHER_ID) return idFor(method, key, n, i);
    if (typeof value === 'string' && (value === '/tmp' || value.startsWith('/tmp/'))) return sandbox + value.slice(4);
    if (key === 'recoveryKey') return n % 2 ? recoveryKey : value;
    if (key === 'passphrase' || key === 'currentPassphrase') return n % 4 ? passphrase : value;
    if (Array.isArray(value)) return value.map((x, j) => fix(key, x, i + j + 1));
    return value;
  };
  for (const [k, value] of Object.entries(v)) v[k] = fix(k, value, 0);
  if ('version' in v) v.version = 1 + (n % 3);
  if (method === 'reviews.record' && n % 5 < 3 && families.length) v.clientId = pick(families, n >> 3)!.clients!; // a client of that review
  return v;
}

type Mutation =
  | { op: 'set'; key: number; value: unknown }
  | { op: 'string'; key: number; s: string; form: number }
  | { op: 'text'; key: number; s: string }
  | { op: 'number'; key: number; x: number }
  | { op: 'date'; key: number; d: string }
  | { op: 'id'; key: number; n: number }
  | { op: 'delete'; key: number }
  | { op: 'add'; name: string; value: unknown }
  | { op: 'nested'; key: number; inner: number; value: unknown };

function mutationArb(keys: string[]): fc.Arbitrary<Mutation> {
  const key = fc.nat();
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), key, value: adversarialValue(keys) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('string' as const), key, s: adversarialString, form: fc.nat(9) }) },
    { weight: 8, arbitrary: fc.record({ op: fc.constant('text' as const), key, s: adversarialText }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('number' as const), key, x: adversarialNumber }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('date' as const), key, d: fc.constantFrom(...DATE_EDGES) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('id' as const), key, n: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('add' as const),
        name: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 })),
        value: adversarialValue(keys),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('nested' as const), key, inner: fc.nat(), value: adversarialValue(keys) }) },
  );
}

const textMutationArb: fc.Arbitrary<Mutation> = fc.record({ op: fc.constant('text' as const), key: fc.nat(), s: adversarialText });

/** A valid string changed by an adversarial one: replaced, wrapped, repeated past its limit, renormalised. */
function mutateString(valid: string, s: string, form: number): string {
  switch (form) {
    case 0:
      return s;
    case 1:
      return valid + s;
    case 2:
      return s + valid;
    case 3:
      return `${valid.slice(0, 1)}${s}${valid.slice(1)}`;
    case 4:
      return valid.repeat(Math.ceil(100_001 / Math.max(1, valid.length))).slice(0, 100_001);
    case 5:
      return ` \t${valid}\u00a0\u200b`;
    case 6:
      return valid.normalize('NFD') + '\u0301';
    case 7:
      return valid + '\u0000' + s;
    case 8:
      return valid.toUpperCase();
    default:
      return (valid + s).slice(0, 200);
  }
}

/** Fields whose strings are enums, ids, dates, paths or secrets: not free text. */
const NOT_TEXT = new Set([
  'kind', 'stage', 'type', 'sensitivity', 'recurrence', 'status', 'state', 'format', 'mode', 'preferredChannel', 'decision',
  'paper', 'font', 'templateId', 'basedOn', 'quarter', 'occurredAt', 'dueOn', 'date', 'until', 'startOn', 'plannedEndOn',
  'toldOn', 'newDueOn', 'from', 'to', 'email', 'passphrase', 'currentPassphrase', 'newPassphrase', 'recoveryKey', 'path',
  'folder', 'backupFolder', 'token', 'previewId', 'batchId', 'logo', 'signature', 'field', 'kinds', 'stages',
]);
const isIdKey = (k: string) => k === 'id' || /Ids?$/.test(k);

function applyMutation(method: MethodName, input: Record<string, unknown>, m: Mutation): void {
  let keys = Object.keys(input);
  if (m.op === 'text') {
    // Free text only, so the input stays valid and reaches the service with hostile content.
    keys = keys.filter((k) => !NOT_TEXT.has(k) && !isIdKey(k) && (typeof input[k] === 'string' || Array.isArray(input[k])));
    if (method === 'search.query') keys = ['q'];
  }
  const key = 'key' in m ? keys[m.key % Math.max(1, keys.length)] : undefined;
  switch (m.op) {
    case 'text': {
      if (key === undefined) break;
      const current = input[key];
      if (Array.isArray(current)) input[key] = current.map((x) => (typeof x === 'string' ? m.s : x));
      else if (typeof current === 'string') input[key] = m.s;
      break;
    }
    case 'set':
      if (key !== undefined) input[key] = m.value;
      break;
    case 'string': {
      if (key === undefined) break;
      const current = input[key];
      if (typeof current === 'string') input[key] = mutateString(current, m.s, m.form);
      else if (Array.isArray(current)) input[key] = current.map((x) => (typeof x === 'string' ? mutateString(x, m.s, m.form) : x));
      else input[key] = m.s;
      break;
    }
    case 'number':
      if (key !== undefined) input[key] = m.x;
      break;
    case 'date':
      if (key !== undefined) input[key] = m.d;
      break;
    case 'id':
      if (key !== undefined) input[key] = Array.isArray(input[key]) ? [idFor(method, key, m.n), idFor(method, key, m.n + 1)] : idFor(method, key, m.n);
      break;
    case 'delete':
      if (key !== undefined) delete input[key];
      break;
    case 'add':
      Object.defineProperty(input, m.name, { value: m.value, enumerable: true, configurable: true, writable: true });
      break;
    case 'nested': {
      if (key === undefined) break;
      const inner = input[key];
      if (Array.isArray(inner) && inner.length) {
        const i = m.inner % inner.length;
        const el = inner[i];
        if (el && typeof el === 'object' && !Array.isArray(el)) {
          const ek = Object.keys(el);
          if (ek.length) (el as Record<string, unknown>)[ek[m.inner % ek.length]] = m.value;
        } else inner[i] = m.value;
      } else if (inner && typeof inner === 'object') {
        const ek = Object.keys(inner);
        if (ek.length) (inner as Record<string, unknown>)[ek[m.inner % ek.length]] = m.value;
      }
      break;
    }
  }
}

/** Every key of the valid input, nested ones too (for generated objects to hit). */
function keysOf(method: MethodName): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.add(k);
        walk(x);
      }
    }
  };
  walk(validInput(method));
  return [...out];
}

type Plan =
  | { from: 'arbitrary'; payload: unknown; proto: number | null }
  | { from: 'valid'; n: number; mutations: Mutation[]; proto: number | null };

function planArb(method: MethodName): fc.Arbitrary<Plan> {
  const keys = keysOf(method);
  const proto = fc.option(fc.nat(), { freq: 8 });
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ from: fc.constant('arbitrary' as const), payload: adversarialValue(keys), proto }) },
    { weight: 1, arbitrary: fc.record({ from: fc.constant('valid' as const), n: fc.nat(), mutations: fc.constant([] as Mutation[]), proto }) },
    {
      weight: 4,
      arbitrary: fc.record({
        from: fc.constant('valid' as const),
        n: fc.nat(),
        mutations: fc.array(mutationArb(keys), { minLength: 1, maxLength: 3 }),
        proto,
      }),
    },
    {
      // Still valid, with hostile text in every free-text field it touches: these reach the services.
      weight: 4,
      arbitrary: fc.record({
        from: fc.constant('valid' as const),
        n: fc.nat(),
        mutations: fc.array(textMutationArb, { minLength: 1, maxLength: 3 }),
        proto: fc.constant(null),
      }),
    },
  );
}

function build(method: MethodName, plan: Plan): unknown {
  let input: unknown;
  if (plan.from === 'arbitrary') input = clone(plan.payload);
  else {
    const v = realValid(method, plan.n);
    for (const m of plan.mutations) applyMutation(method, v, clone(m));
    input = v;
  }
  if (plan.proto !== null) input = withPrototypeKeys(input, plan.proto);
  return confine(input);
}

/** Keeps every path the fuzzer sends inside the sandbox: the app writes backups and letters where it is told. */
function confine(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (!PATH_KEYS.has(key) || typeof v !== 'string') continue;
    let inside = false;
    try {
      const abs = absolutePath(v);
      inside = abs === sandbox || abs.startsWith(sandbox + path.sep);
    } catch {
      inside = false;
    }
    if (!inside) {
      const name = v.replace(/[/\\]/g, '_').replace(/^\.+$/, 'dots').slice(0, 100) || 'empty';
      obj[key] = path.join(sandbox, 'outside', name);
    }
  }
  return input;
}

// ---- checks ----

function describeInput(input: unknown): string {
  const seen = new WeakSet<object>();
  try {
    const s = JSON.stringify(input, (_k, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'string' && v.length > 120) return `${v.slice(0, 120)}…(${v.length} chars)`;
      if (v && typeof v === 'object') {
        if (seen.has(v)) return '[cycle]';
        seen.add(v);
      }
      return v;
    });
    return (s ?? String(input)).slice(0, 1500);
  } catch (e) {
    return `(unprintable: ${(e as Error).message})`;
  }
}

/** The lines only one side has, for a finding's message. */
function lineDiff(before: string, after: string): string {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  const gone = [...a].filter((l) => !b.has(l)).map((l) => `- ${l.slice(0, 160)}`);
  const added = [...b].filter((l) => !a.has(l)).map((l) => `+ ${l.slice(0, 160)}`);
  return [...gone, ...added].slice(0, 8).join(' | ');
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else out.push(p);
  }
  return out;
}

/** Files in the sandbox and their sizes, except the vault's own (its content is hashed instead). */
function fileSet(): string {
  return listFiles(sandbox)
    .filter((f) => !f.startsWith(vaultFile))
    .sort()
    .map((f) => `${f} ${fs.statSync(f).size}`)
    .join('\n');
}

let cachedHash: string | null = null;
let cachedFiles: string | null = null;
/**
 * What the vault holds: every row of every table, read on our own connection with the database key
 * (the file is page-encrypted), and the key slots of its key file (less the commit counter, which
 * Rapport rewrites a moment after each commit).
 */
async function vaultHash(): Promise<string> {
  return `${await dumpAll(raw)}\nslots ${JSON.stringify(readKeyFile(vaultFile).slots)}`;
}

/** A raw connection to the vault file as it is now, with its database key. */
async function openRaw(): Promise<RawDb> {
  return RawDb.open(vaultFile, 'rw', await testVaultKey(vaultFile));
}

function prototypesClean(): boolean {
  return (
    Object.getOwnPropertyNames(Object.prototype).sort().join() === protoNames.object.join() &&
    Object.getOwnPropertyNames(Array.prototype).sort().join() === protoNames.array.join() &&
    Object.getOwnPropertyNames(Function.prototype).sort().join() === protoNames.func.join() &&
    ({} as Record<string, unknown>).polluted === undefined &&
    ({} as Record<string, unknown>).isAdmin === undefined
  );
}

/** Back to the fuzzing state after any call: our vault open, unlocked. */
async function restoreState(): Promise<void> {
  let st = core.status();
  if (st.vaultPath !== vaultFile) {
    const r = await core.call('vault.open', { choiceId: await choose(core, 'vault-open', vaultFile) });
    if (!r.ok) throw new Error(`could not reopen the vault: ${r.error.code} ${r.error.message}`);
    st = core.status();
  }
  if (st.state !== 'unlocked') {
    for (const p of [passphrase, ...passphrases]) {
      const r = await core.call('vault.unlock', { passphrase: p });
      if (r.ok) {
        passphrase = p;
        break;
      }
    }
    if (core.status().state !== 'unlocked') throw new Error('lost access to the vault: no known passphrase unlocks it');
    pool.previews = [];
    pool.tokens = [];
  }
  stopTimers(core);
}

function noteSuccess(method: MethodName, input: Record<string, unknown>, value: unknown): void {
  const v = value as Record<string, unknown> | null;
  if (method === 'vault.changePassphrase' || method === 'vault.unlockWithRecoveryKey') passphrase = String(input.newPassphrase);
  if (method === 'backup.restore') passphrase = String(input.passphrase ?? input.newPassphrase);
  if ((method === 'vault.newRecoveryKey' || method === 'vault.rekey') && v) recoveryKey = String(v.recoveryKey);
  passphrases.add(passphrase);
  if (v && typeof v.undoToken === 'string') pool.tokens.push(v.undoToken);
  if (method === 'import.preview' && v && typeof v.previewId === 'string') pool.previews.push(v.previewId);
  if (/\.(delete|discard|deleteTemplate|commit|json)$/.test(method) || method === 'undo.apply' || method === 'backup.restore') {
    needsReseed = true;
  }
}

async function reopenRaw(): Promise<void> {
  await raw.close();
  raw = await openRaw(); // a restore put another file (and key file) in place
}

async function runOne(method: MethodName, plan: Plan): Promise<boolean> {
  const input = build(method, plan);
  cachedHash ??= await vaultHash();
  cachedFiles ??= fileSet();
  const mark = logged.length;
  let r: Result<unknown>;
  try {
    r = await core.call(method, input);
  } catch (e) {
    findings.push(`${method}: core.call threw ${(e as Error).name}: ${(e as Error).message} — input ${describeInput(input)}`);
    return false;
  }
  tried++;
  const tally = perMethod.get(method) ?? { runs: 0, ok: 0, codes: {} };
  tally.runs++;
  const code = r.ok ? 'ok' : r.error.code;
  tally.codes[code] = (tally.codes[code] ?? 0) + 1;
  outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
  let good = true;
  const fail = (what: string) => {
    good = false;
    if (findings.filter((f) => f.startsWith(`${method}:`)).length < 3) {
      findings.push(`${method}: ${what} — input ${describeInput(input)}${logged.length > mark ? `\n${logged.slice(mark).join('\n')}` : ''}`);
    }
  };
  if (r.ok) {
    tally.ok++;
    noteSuccess(method, (input ?? {}) as Record<string, unknown>, r.value);
    // A restore or a rekey put another file (and key file) in place.
    if (method === 'backup.restore' || method === 'vault.rekey') await reopenRaw();
    cachedHash = null;
    cachedFiles = null;
  } else {
    if (!ERROR_SET.has(r.error.code)) fail(`unknown error code ${String(r.error.code)}`);
    if (r.error.code === 'INTERNAL') fail(`INTERNAL: ${r.error.message}`);
    if (typeof r.error.message !== 'string' || r.error.message.length === 0 || r.error.message.length > 1000) {
      fail(`bad message (${typeof r.error.message}, ${String(r.error.message).length} chars)`);
    }
    if (/\n\s+at /.test(r.error.message)) fail('message holds a stack trace');
    const after = await vaultHash();
    if (after !== cachedHash) fail(`${r.error.code} but the vault changed: ${lineDiff(cachedHash!, after)}`);
    const files = fileSet();
    if (files !== cachedFiles) fail(`${r.error.code} but files in the sandbox changed: ${lineDiff(cachedFiles!, files)}`);
  }
  perMethod.set(method, tally);
  if (!prototypesClean()) fail('a prototype was polluted');
  const before = core.status();
  await restoreState();
  if (before.state !== 'unlocked' || before.vaultPath !== vaultFile) {
    cachedHash = null; // unlock may upgrade or re-read; recompute
    cachedFiles = null;
  }
  return good;
}

beforeAll(async () => {
  sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-fuzz-rel-')));
  dataDir = path.join(sandbox, 'data');
  for (const d of ['home', 'outside', 'letters', 'backups']) fs.mkdirSync(path.join(sandbox, d));
  fs.writeFileSync(path.join(sandbox, 'a-file'), 'not a folder');
  fs.writeFileSync(path.join(sandbox, 'empty.rapport'), '');
  savedHome = process.env.HOME;
  process.env.HOME = path.join(sandbox, 'home');
  core = await testCore({ dataDir });
  stopTimers(core);
  recoveryKey = (await ok(core, 'vault.create', { passphrase: PASSPHRASE })).recoveryKey;
  vaultFile = core.status().vaultPath;
  await seed();
  await freshPreview();
  await ok(core, 'backup.create', { choiceId: await choose(core, 'backup-save', path.join(sandbox, 'backup.rapport')) });
  raw = await openRaw();
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' ').slice(0, 2000));
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  const perCode = [...outcomes.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  const reached = [...perMethod.entries()].filter(([, t]) => t.ok > 0).length;
  const never = METHOD_NAMES.filter((m) => !perMethod.get(m)?.ok).map((m) => `${m} ${JSON.stringify(perMethod.get(m)?.codes ?? {})}`);
  console.log(
    `fuzz: ${tried} inputs tried over ${perMethod.size} methods (${perCode}); ` +
      `${reached} methods also answered ok to some mutated input (never ok: ${never.join(', ') || 'none'}); findings: ${findings.length}`,
  );
  await raw?.close();
  await core?.dispose();
  process.env.HOME = savedHome;
  if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
});

describe('fuzzing every API method', () => {
  for (const method of METHOD_NAMES) {
    test(method, async () => {
      specOf(method); // a method without valid inputs fails loudly
      if (needsReseed) {
        await seed();
        needsReseed = false;
      }
      if (method.startsWith('import.') && !pool.previews.length) await freshPreview();
      cachedHash = null; // seeding wrote
      cachedFiles = null;
      const before = findings.length;
      // Our own time box: fast-check's interruptAfterTimeLimit abandons a run still in flight,
      // which would then write behind the next method's back.
      const deadline = Date.now() + (SLOW.has(method) ? BUDGET_MS * 3 : BUDGET_MS);
      const result = await fc.check(
        fc.asyncProperty(planArb(method), async (plan) => {
          const runs = perMethod.get(method)?.runs ?? 0;
          if (Date.now() > deadline && runs >= MIN_RUNS) return true;
          return runOne(method, plan);
        }),
        { numRuns: MAX_RUNS, endOnFailure: true },
      );
      const mine = findings.slice(before);
      expect(mine, mine.join('\n\n')).toEqual([]);
      expect(result.failed, fc.defaultReportMessage(result) ?? '').toBe(false);
      expect(perMethod.get(method)?.runs ?? 0).toBeGreaterThanOrEqual(MIN_RUNS);
    });
  }

  test('values that make zod itself throw answer INVALID_INPUT, for every method', async () => {
    const crafted = [{ length: { toString: {} } }, { length: { valueOf: {}, toString: {} } }];
    for (const method of METHOD_NAMES) {
      const valid = validInput(method);
      const inputs: unknown[] = crafted.flatMap((c) => [c, ...Object.keys(valid).map((k) => ({ ...valid, [k]: c }))]);
      for (const input of inputs) {
        const r = await core.call(method, JSON.parse(JSON.stringify(input)) as unknown);
        tried++;
        expect({ method, code: r.ok ? 'ok' : r.error.code }).toEqual({ method, code: 'INVALID_INPUT' });
      }
    }
  });

  test('unknown method names, fuzzed, answer UNKNOWN_METHOD', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(adversarialString, adversarialValue([])), async (name) => {
        const r = await core.call(name, {});
        tried++;
        if (typeof name === 'string' && (METHOD_NAMES as string[]).includes(name)) return;
        expect(r.ok ? 'ok' : r.error.code).toBe('UNKNOWN_METHOD');
      }),
      { numRuns: 300 },
    );
    expect(prototypesClean()).toBe(true);
  });
});
