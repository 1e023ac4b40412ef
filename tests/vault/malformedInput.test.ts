/**
 * The API boundary: for every method of the contract, malformed input is answered with
 * INVALID_INPUT before any service runs, and unknown method names with UNKNOWN_METHOD; the vault
 * is unchanged afterwards (same content hash of every row of every table, same state).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { METHOD_NAMES, type MethodName, contract } from '../../src/shared/contract';
import { specOf, validInput } from '../support/inputs';
import { contentHash } from '../support/rawDb';
import { readAll, seedRecords } from '../support/records';
import { PASSPHRASE, fails, ok, testCore } from '../support/vault';

const HUGE = 'x'.repeat(2_000_000);

/** Wrong values for a field, chosen by the type of its valid value. */
function wrongValues(valid: unknown, nullable: boolean): unknown[] {
  const common: unknown[] = [{}, HUGE, [HUGE], { toString: () => String(valid) }];
  if (!Array.isArray(valid)) common.push([]); // an empty list is a valid list
  if (!nullable) common.push(null);
  if (typeof valid === 'boolean') return [...common, 'true', 1, 0];
  common.push(true);
  if (typeof valid === 'string') return [...common, 42, 0];
  if (typeof valid === 'number') {
    return [...common, String(valid), Number.NaN, Number.POSITIVE_INFINITY, -1e308, 1e308];
  }
  if (Array.isArray(valid)) return [...common, 'text', [42], [{}], [null], new Array(25_000).fill(valid[0])];
  return common;
}

interface Case {
  label: string;
  input: unknown;
}

/** Bad inputs for one method, derived from its valid input. */
function badInputs(method: MethodName): Case[] {
  const spec = specOf(method);
  const valid = validInput(method);
  const json = JSON.stringify(valid);
  const cases: Case[] = [
    { label: 'null', input: null },
    { label: 'undefined', input: undefined },
    { label: 'array', input: [] },
    { label: 'array of the valid input', input: [valid] },
    { label: 'number', input: 42 },
    { label: 'string', input: 'hello' },
    { label: 'huge string', input: HUGE },
    { label: 'boolean', input: true },
    { label: 'extra key', input: { ...valid, extra: 1 } },
    { label: 'extra key constructor', input: { ...valid, constructor: 'x' } },
    { label: '__proto__ key (JSON.parse)', input: JSON.parse(`{"__proto__": {"polluted": true}, ${json.slice(1)}`.replace(', }', '}')) },
    { label: 'inherited extra key', input: Object.assign(Object.create({ inherited: 1 }) as object, valid) },
  ];
  for (const key of Object.keys(spec.required)) {
    const { [key]: _dropped, ...rest } = valid;
    cases.push({ label: `missing ${key}`, input: rest });
  }
  for (const [key, value] of Object.entries(valid)) {
    const nullable = spec.nullable?.includes(key) ?? false;
    wrongValues(value, nullable).forEach((wrong, i) =>
      cases.push({ label: `${key} wrong #${i} (${typeof wrong})`, input: { ...valid, [key]: wrong } }),
    );
  }
  return cases;
}

/** Specific invalid values the generic ones miss (formats, bounds, blank required text). */
const ID = '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11';
const SPECIFIC: Partial<Record<MethodName, Record<string, unknown>[]>> = {
  'vault.create': [{ passphrase: '' }, { passphrase: 'x'.repeat(1025) }],
  'vault.unlock': [{ passphrase: '' }],
  'vault.unlockWithRecoveryKey': [{ recoveryKey: '', newPassphrase: PASSPHRASE }, { recoveryKey: 'A'.repeat(201), newPassphrase: PASSPHRASE }],
  'vault.open': [{ path: '/tmp/elsewhere.rapport' }, { choiceId: '/tmp/elsewhere.rapport' }, { choiceId: '   ' }],
  'files.choose': [{ purpose: '/etc' }, { purpose: 'save' }, { purpose: 'backup-folder', path: '/tmp' }, { purpose: 'letter-save', suggestedName: '../x' }],
  'backup.create': [{ path: '/tmp/x.rapport-backup' }, { choiceId: '/tmp' }, { choiceId: 'not-an-id' }],
  'settings.update': [{ autoLockMinutes: 0 }, { autoLockMinutes: 1441 }, { autoLockMinutes: 2.5 }, { userName: 'u'.repeat(201) }],
  'clients.get': [{ id: 'not-a-uuid' }, { id: '' }, { id: "' OR 1=1 --" }],
  'clients.create': [
    { kind: 'robot', name: 'Acme' },
    { kind: 'person', name: '   ' },
    { kind: 'person', name: 'n'.repeat(201) },
    { kind: 'person', name: 'Acme', stage: 'won' },
    { kind: 'person', name: 'Acme', revenueShare: 101 },
    { kind: 'person', name: 'Acme', revenueShare: -1 },
    { kind: 'person', name: 'Acme', tags: [''] },
    { kind: 'person', name: 'Acme', tags: new Array(51).fill('t') },
    { kind: 'person', name: 'Acme', notes: 'n'.repeat(100_001) },
  ],
  'clients.update': [
    { id: 'nope', version: 1 },
    { id: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', version: 0 },
    { id: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', version: 1.5 },
    { id: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', version: 1, name: '' },
  ],
  'contacts.create': [
    { clientId: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', name: 'Ada', email: 'not an email' },
    { clientId: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', name: 'Ada', phone: 'p'.repeat(51) },
  ],
  'clients.handOver': [{ clientId: ID, to: 'Kim', reason: ' ', notes: 'n' }, { clientId: ID, to: 'Kim', reason: 'r', notes: '' }],
  'facts.add': [{ clientId: ID, type: 'gossip', text: 'x' }, { clientId: ID, type: 'diet', text: ' ' }, { clientId: ID, type: 'diet', text: 'x', sensitivity: 'secret' }],
  'dates.add': [
    { clientId: ID, label: 'B', date: '2026-02-30', recurrence: 'yearly' },
    { clientId: ID, label: 'B', date: '14/03/2026', recurrence: 'yearly' },
    { clientId: ID, label: 'B', date: '2026-03-14', recurrence: 'monthly' },
  ],
  'warmth.record': [0, 6, 2.5, -1].map((value) => ({ clientId: ID, value, reason: 'r' })),
  'followUps.create': [{ clientId: ID, reason: 'r', dueOn: 'tomorrow' }, { clientId: ID, reason: 'r', dueOn: '2026-12-01', repeatDays: 0 }],
  'followUps.list': [{ status: 'late' }, { clientId: 'x' }, { limit: 0 }, { limit: 501 }, { limit: 2.5 }, { cursor: 'not a cursor!' }, { dueAfter: '30/11/2026' }],
  'followUps.snooze': [{ id: ID, version: 1, until: '2026-13-01' }],
  'timeline.query': [{ kinds: ['chat'] }, { from: '2026-01-01' }, { kinds: new Array(100).fill('call') }, { limit: 0 }, { cursor: 'x'.repeat(1001) }, { cursor: '{"a":1}' }],
  'engagements.create': [
    { clientId: ID, name: 'E', startOn: '2026-11-01', value: -1 },
    { clientId: ID, name: 'E', startOn: '2026-11-01', items: [{ kind: 'wish', text: 'x' }] },
    { clientId: ID, name: 'E', startOn: '2026-11-01', items: new Array(201).fill({ kind: 'gap', text: 'x' }) },
  ],
  'expectations.setState': [{ id: ID, version: 1, state: 'kept', note: ' ' }, { id: ID, version: 1, state: 'done', note: 'n' }],
  'checklists.toggle': [{ id: ID, version: 1, index: 50, done: true }, { id: ID, version: 1, index: -1, done: false }],
  'checklists.updateTemplate': [{ stage: 'onboarding', items: [''] }, { stage: 'onboarding', items: new Array(51).fill('x') }],
  'reviews.start': [{ quarter: '2026-Q5' }, { quarter: 'Q4 2026' }, { quarter: '2026-Q4', stages: [] }],
  'reviews.record': [{ id: ID, clientId: ID, warmth: 6, decision: 'maintain', reason: 'r' }, { id: ID, clientId: ID, warmth: 3, decision: 'sell', reason: 'r' }],
  'backup.restore': [
    { choiceId: ID, passphrase: PASSPHRASE, recoveryKey: 'AAAAA' },
    { choiceId: ID, recoveryKey: 'AAAAA' },
    { choiceId: ' ', passphrase: PASSPHRASE },
    { path: '/tmp/b', passphrase: PASSPHRASE },
  ],
  'backup.inspect': [{ path: '/tmp/b', passphrase: PASSPHRASE }, { choiceId: '/tmp/b', passphrase: PASSPHRASE }],
  'undo.apply': [{ token: 'not-a-token' }],
  'search.query': [{ q: 'q'.repeat(201) }],
  'import.preview': [
    { format: 'xlsx', text: 'a' },
    { format: 'vcard', text: '' },
    { format: 'csv', text: 'x'.repeat(20 * 1024 * 1024 + 1) },
    { format: 'csv', text: 'Name\nAda', mapping: { email: 'Name' } },
    { format: 'csv', text: 'Name\nAda', mapping: { name: '' } },
    { format: 'csv', text: 'Name\nAda', mapping: { name: 'Name', birthday: 'Name' } },
    { format: 'vcard', text: 'BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nEND:VCARD', mapping: { name: 'Name' } },
  ],
  'import.commit': [
    { previewId: 'not-an-id' },
    { previewId: ID, decisions: { r1: 'delete' } },
    { previewId: ID, decisions: { 'not a row': 'skip' } },
    { previewId: ID, decisions: { r1: ['skip'] } },
    { previewId: ID, decisions: 'skip' },
    { previewId: ID, decisions: [['r1', 'skip']] },
  ],
  'import.json': [{ text: '' }, { text: '{}' }, { text: '{"format":"rapport-export","version":2,"exportedAt":"x","tables":{}}' }],
  'export.plain': [
    { passphrase: PASSPHRASE, confirmUnencrypted: false, format: 'json' },
    { passphrase: PASSPHRASE, format: 'json' },
    { passphrase: PASSPHRASE, confirmUnencrypted: true, format: 'xml' },
    { passphrase: '', confirmUnencrypted: true, format: 'csv' },
  ],
  'export.calendar': [{ includeSensitiveText: 'yes' }, {}],
  'timeline.add': [
    { clientId: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', kind: 'call', occurredAt: 'yesterday', summary: 'S' },
    { clientId: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', kind: 'call', occurredAt: '2026-10-01', summary: 'S' },
    { clientId: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', kind: 'call', occurredAt: '2026-10-01T10:00:00Z', summary: ' ' },
    { clientId: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11', kind: 'chat', occurredAt: '2026-10-01T10:00:00Z', summary: 'S' },
    {
      clientId: '6f1c1c1e-9f2a-4b53-8d8e-6c1a6c2f0a11',
      kind: 'call',
      occurredAt: '2026-10-01T10:00:00Z',
      summary: 'S',
      contactIds: ['x'],
    },
  ],
};

let core: RapportCore;
let file: string;
let hash: string;
let before: Awaited<ReturnType<typeof readAll>>;

let dataDir: string;

beforeAll(async () => {
  // Our own folder: tempDir() folders are removed after each test, and this core spans the file.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-malformed-'));
  core = await testCore({ dataDir });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await seedRecords(core);
  before = await readAll(core);
  file = core.status().vaultPath;
  hash = await contentHash(file);
});

afterAll(async () => {
  // Nothing any of the bad calls did changed the vault or the session.
  expect(core.status()).toMatchObject({ state: 'unlocked', vaultPath: file });
  expect(await contentHash(file)).toBe(hash);
  expect(await readAll(core)).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  await core.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('malformed API input', () => {
  test('the valid inputs the bad ones are made from are valid (so each bad one differs by its fault only)', () => {
    for (const method of METHOD_NAMES) {
      const r = contract[method].input.safeParse(validInput(method));
      expect({ method, ok: r.success }).toEqual({ method, ok: true });
    }
  });

  for (const method of METHOD_NAMES) {
    test(`${method}: every malformed input gives INVALID_INPUT`, async () => {
      const cases = [
        ...badInputs(method),
        ...(SPECIFIC[method] ?? []).map((input, i) => ({ label: `specific #${i}`, input })),
      ];
      expect(cases.length).toBeGreaterThanOrEqual(12);
      for (const { label, input } of cases) {
        const r = await core.call(method, input);
        expect({ label, code: r.ok ? 'ACCEPTED' : r.error.code }).toEqual({ label, code: 'INVALID_INPUT' });
        if (!r.ok) expect(r.error.message.length).toBeLessThan(500); // never echoes a huge input back
      }
      expect(await contentHash(file)).toBe(hash);
    });
  }

  test('methods that take no arguments refuse any key', async () => {
    const empties = METHOD_NAMES.filter(
      (m) => Object.keys(specOf(m).required).length + Object.keys(specOf(m).optional).length === 0,
    );
    expect(empties).toEqual(
      expect.arrayContaining(['app.status', 'vault.lock', 'session.activity', 'settings.get', 'clients.list', 'vault.confirmRecoveryKey']),
    );
    for (const method of empties) {
      for (const input of [{ a: 1 }, { passphrase: PASSPHRASE }, { id: undefined }]) {
        const err = await fails(core, method, input);
        expect({ method, code: err.code }).toEqual({ method, code: 'INVALID_INPUT' });
      }
    }
    expect(core.status().state).toBe('unlocked');
  });

  test('unknown method names give UNKNOWN_METHOD', async () => {
    const names: unknown[] = [
      '',
      'clients.drop',
      'CLIENTS.LIST',
      ' clients.list',
      'clients.list ',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      HUGE,
      42,
      null,
      undefined,
      {},
      ['clients.list'],
      { toString: () => 'clients.list' },
    ];
    for (const name of names) {
      const r = await core.call(name, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect({ name: String(name).slice(0, 30), code: r.error.code }).toEqual({ name: String(name).slice(0, 30), code: 'UNKNOWN_METHOD' });
    }
  });

  test('bad input is refused before the lock check, on a locked vault too', async () => {
    await ok(core, 'vault.lock', {});
    try {
      expect((await fails(core, 'clients.get', { id: 42 })).code).toBe('INVALID_INPUT');
      expect((await fails(core, 'clients.list', { x: 1 })).code).toBe('INVALID_INPUT');
      expect((await fails(core, 'vault.unlock', { passphrase: PASSPHRASE, extra: true })).code).toBe('INVALID_INPUT');
      expect(core.status().state).toBe('locked');
    } finally {
      await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    }
  });
});
