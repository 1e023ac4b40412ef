/**
 * Search on FTS5 (src/main/services/search.ts over migration 0003_search), through a real vault:
 * matching, ranking, snippets, typo tolerance, and that no query string can break it.
 * Records are written straight through the vault (as imports, undo and conversion do), so these
 * tests prove the triggers keep the index in step whatever writes the rows.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { search, snippet, withinEdits, words } from '../../src/main/services/search';
import type { RecordTableName } from '../../src/main/vault/schema';
import { Vault } from '../../src/main/vault/vault';
import { vaultOf } from '../support/internals';
import { PASSPHRASE, TEST_VAULT_OPTIONS, ok, tempDir, testCore } from '../support/vault';

const open: Vault[] = [];
afterEach(async () => {
  for (const v of open.splice(0)) await v.close();
});

async function newVault(): Promise<Vault> {
  const { vault } = await Vault.create(path.join(tempDir(), 'v.rapport'), PASSPHRASE, TEST_VAULT_OPTIONS);
  open.push(vault);
  return vault;
}

const client = (name: string, more: Partial<{ industry: string; owner: string; tags: string[]; notes: string; news: string }> = {}) => ({
  kind: 'company',
  name,
  industry: '',
  owner: '',
  tags: [],
  notes: '',
  ...more,
});

/** Adds records in one transaction; answers their ids. */
async function add(vault: Vault, rows: [RecordTableName, unknown, string?][]): Promise<string[]> {
  return vault.write(async (w) => {
    const ids: string[] = [];
    for (const [table, data, clientId] of rows) {
      const id = randomUUID();
      await w.insert(table, id, data, clientId ? { client_id: clientId } : {});
      ids.push(id);
    }
    return ids;
  });
}

async function addClient(vault: Vault, name: string, more?: Parameters<typeof client>[1]): Promise<string> {
  return (await add(vault, [['clients', client(name, more)]]))[0];
}

const fact = (text: string, type = 'family') => ({ contactId: null, type, text, sensitivity: 'normal', createdAt: '2026-01-01' });
const entry = (summary: string, body = '') => ({ kind: 'call', occurredAt: '2026-01-01T10:00:00Z', summary, body });

/** The hits' titles, best first, over all groups. */
const titles = async (vault: Vault, q: string, limit?: number) => (await search(vault, q, limit)).flatMap((g) => g.hits.map((h) => h.title));

describe('words and withinEdits', () => {
  test('words: lower case, accents folded, split at punctuation', () => {
    expect(words('Zoë O’Brien-Smith, CEO; 3 kids')).toEqual(['zoe', 'o', 'brien', 'smith', 'ceo', '3', 'kids']);
    expect(words('  ... ')).toEqual([]);
  });

  test('withinEdits agrees with a plain Levenshtein distance on random short words', () => {
    const distance = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
      for (let j = 1; j <= b.length; j++) d[0][j] = j;
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length][b.length];
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 8 });
    fc.assert(fc.property(word, word, fc.constantFrom(1, 2), (a, b, max) => withinEdits(a, b, max) === distance(a, b) <= max));
  });
});

describe('matching', () => {
  test('every word must match: whole, the last as a prefix, or (from five letters) within an edit', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Hartley & Sons', { industry: 'logistics' });
    await add(vault, [
      ['facts', fact('Allergic to pecans', 'allergy'), c],
      ['facts', fact('Daughter Mia plays the cello'), c],
    ]);
    const kinds = async (q: string) => (await search(vault, q)).flatMap((g) => g.hits.map((h) => `${h.kind}:${h.title}`));
    expect(await kinds('pecans')).toEqual(['fact:allergy']);
    expect(await kinds('pec')).toEqual(['fact:allergy']); // as the user types
    expect(await kinds('p')).toEqual(['fact:family', 'fact:allergy']); // one letter: plays, pecans (the newer first)
    expect(await kinds('pecnas')).toEqual([]); // a transposition is two edits
    expect(await kinds('pecaus')).toEqual(['fact:allergy']); // one edit
    expect(await kinds('celo')).toEqual([]); // four letters: no near misses
    expect(await kinds('Mia cello')).toEqual(['fact:family']);
    expect(await kinds('mia pecans')).toEqual([]); // every word: no record has both
    expect(await kinds('cello mia')).toEqual(['fact:family']); // in any order
    expect(await kinds('logist')).toEqual(['client:Hartley & Sons']);
    expect(await kinds('   ')).toEqual([]);
    expect(await kinds('Zoë')).toEqual([]);
    // Groups carry the client and its name.
    const [group] = await search(vault, 'cello');
    expect(group).toMatchObject({ clientId: c, clientName: 'Hartley & Sons' });
  });

  test('accents and case are folded both ways, in the text and in the query', async () => {
    const vault = await newVault();
    await addClient(vault, 'Zoë Ångström');
    await addClient(vault, 'CAFE ROUGE');
    expect(await titles(vault, 'zoe angstrom')).toEqual(['Zoë Ångström']);
    expect(await titles(vault, 'ZOË')).toEqual(['Zoë Ångström']);
    expect(await titles(vault, 'café')).toEqual(['CAFE ROUGE']);
  });

  test('a near miss needs the same first letter; ten letters allow two edits', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Acme');
    await add(vault, [
      ['timeline_entries', entry('Quarterly renegotiation'), c],
      ['timeline_entries', entry('Report on the warehouse'), c],
    ]);
    expect(await titles(vault, 'renegotaition')).toEqual(['Quarterly renegotiation']); // 13 letters, 2 edits
    expect(await titles(vault, 'wearhouse')).toEqual([]); // 9 letters, 2 edits
    expect(await titles(vault, 'warehuse')).toEqual(['Report on the warehouse']);
    expect(await titles(vault, 'qarehouse')).toEqual([]); // other first letter
    expect(await titles(vault, 'warehuse report')).toEqual(['Report on the warehouse']); // with an exact word
  });

  test('every searchable kind is found by the words of its fields, and the index follows updates and deletes', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Hartley', { owner: 'Benedikt', tags: ['platinum', 'north'], notes: 'Prefers mornings', news: 'Acquired Zephyr' });
    const [contact, , , , , , item] = await add(vault, [
      ['contacts', { name: 'Megan Oduya', role: 'Treasurer', email: 'megan@hartley.example', phone: '+44 20 7946 0000', preferredTime: 'afternoons', createdAt: '' }, c],
      ['facts', fact('Plays the cello'), c],
      ['timeline_entries', entry('Site visit', 'Walked the warehouse'), c],
      ['follow_ups', { reason: 'Send the expansion memo', dueOn: '2026-02-01', repeatDays: null, status: 'open', snoozedFrom: null, createdAt: '', closedAt: null }, c],
      ['important_dates', { contactId: null, label: 'Tyrone birthday', date: '1980-03-04', recurrence: 'yearly' }, c],
      ['engagements', { name: 'Annual audit', startOn: '2026-01-01', plannedEndOn: null, value: null, status: 'active' }, c],
      [
        'expectation_items',
        {
          engagementId: 'e',
          kind: 'promise',
          text: 'Deliver the draft',
          responsible: 'Priya',
          dueOn: null,
          state: 'open',
          toldHow: 'by phone',
          toldOn: null,
          evidenceEntryId: null,
          history: [{ at: '2026-01-02', from: 'open', to: 'renegotiated', note: 'Moved after the holidays', newTerms: 'by Friday' }],
          createdAt: '',
        },
        c,
      ],
    ]);
    const kindOf = async (q: string) => (await search(vault, q)).flatMap((g) => g.hits.map((h) => h.kind));
    for (const q of ['benedikt', 'platinum', 'mornings', 'zephyr']) expect(await kindOf(q), q).toEqual(['client']);
    for (const q of ['oduya', 'treasurer', 'megan hartley example', '7946', 'afternoons']) expect(await kindOf(q), q).toEqual(['contact']);
    expect(await kindOf('cello')).toEqual(['fact']);
    expect(await kindOf('warehouse')).toEqual(['entry']);
    expect(await kindOf('memo')).toEqual(['follow-up']);
    expect(await kindOf('tyrone')).toEqual(['date']);
    expect(await kindOf('1980')).toEqual(['date']);
    expect(await kindOf('audit')).toEqual(['engagement']);
    for (const q of ['draft', 'priya', 'holidays', 'friday']) expect(await kindOf(q), q).toEqual(['expectation']);
    // Keys of the history's JSON are not words of the record.
    expect(await kindOf('newterms')).toEqual([]);

    await vault.write(async (w) => {
      await w.update('contacts', contact, { name: 'Megan Price', role: 'Treasurer', email: '', phone: '', createdAt: '' });
      await w.remove('expectation_items', item);
    });
    expect(await kindOf('oduya')).toEqual([]);
    expect(await kindOf('price')).toEqual(['contact']);
    expect(await kindOf('priya')).toEqual([]);
  });
});

describe('ranking', () => {
  test('an exact name first, then names starting with the query, then names holding it, then other text', async () => {
    const vault = await newVault();
    const other = await addClient(vault, 'Zeta');
    await add(vault, [['timeline_entries', entry('Lunch', 'Met the Acme people'), other]]);
    await addClient(vault, 'Big Acme Holdings');
    await addClient(vault, 'Acme Holdings');
    await addClient(vault, 'Acme');
    await addClient(vault, 'Acmeology');
    expect(await titles(vault, 'acme')).toEqual(['Acme', 'Acme Holdings', 'Big Acme Holdings', 'Acmeology', 'Lunch']);
    expect(await titles(vault, 'acme hold')).toEqual(['Acme Holdings', 'Big Acme Holdings']);
    expect(await titles(vault, 'holdings acme')).toEqual(['Acme Holdings', 'Big Acme Holdings']);
  });

  test('an exact word ranks above a completion, a completion above a near miss (never both for one word)', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Client');
    await add(vault, [
      ['facts', fact('reporting'), c],
      ['facts', fact('report'), c],
    ]);
    // Newer, but only a completion: whole words come first.
    await add(vault, [['facts', fact('reportage'), c]]);
    expect((await search(vault, 'report')).flatMap((g) => g.hits.map((h) => h.snippet))).toEqual(['report', 'reportage', 'reporting']);
    // 'reprot' matches nothing, and 'report' is two edits from it (a swap).
    expect(await titles(vault, 'reprot')).toEqual([]);
    // 'reports' matches nothing, and is one edit from 'report' (not from 'reportage' or 'reporting').
    expect((await search(vault, 'reports')).flatMap((g) => g.hits.map((h) => h.snippet))).toEqual(['report']);
  });

  test('within a tier, the most recently added first; a title above the same word in the text', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Client');
    await add(vault, [['timeline_entries', entry('Call', 'about the renewal'), c]]);
    await add(vault, [['timeline_entries', entry('First renewal')]].map(([t, d]) => [t, d, c] as [RecordTableName, unknown, string]));
    await add(vault, [['timeline_entries', entry('Email', 'renewal terms')]].map(([t, d]) => [t, d, c] as [RecordTableName, unknown, string]));
    await add(vault, [['timeline_entries', entry('Second renewal')]].map(([t, d]) => [t, d, c] as [RecordTableName, unknown, string]));
    expect(await titles(vault, 'renewal')).toEqual(['Second renewal', 'First renewal', 'Email', 'Call']);
  });

  test('at most `limit` hits, the best ones', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Budget Partners');
    await add(vault, Array.from({ length: 80 }, (_, i) => ['timeline_entries', entry(`Note ${i}`, 'budget talk'), c] as [RecordTableName, unknown, string]));
    const all = await titles(vault, 'budget');
    expect(all).toHaveLength(60);
    expect(all.slice(0, 3)).toEqual(['Budget Partners', 'Note 79', 'Note 78']);
    expect(await titles(vault, 'budget', 2)).toEqual(['Budget Partners', 'Note 79']);
    // The newest also say it in their title: they come first, and the rest still fill the limit, once each.
    await add(vault, Array.from({ length: 10 }, (_, i) => ['timeline_entries', entry(`Budget ${i}`, 'budget talk'), c] as [RecordTableName, unknown, string]));
    const again = (await search(vault, 'budget')).flatMap((g) => g.hits.map((h) => h.id));
    expect(new Set(again).size).toBe(60);
    expect((await titles(vault, 'budget')).slice(0, 13)).toEqual(['Budget Partners', ...Array.from({ length: 10 }, (_, i) => `Budget ${9 - i}`), 'Note 79', 'Note 78']);
  });
});

describe('snippets', () => {
  test('around the first word matched, accents folded, the last word as a prefix', () => {
    const text = `${'Lorem ipsum dolor sit amet '.repeat(6)}then the Café Noir order arrived, ${'and more text '.repeat(10)}`;
    const s = snippet(text, new Set(['cafe']), null);
    expect(s.startsWith('…')).toBe(true);
    expect(s).toContain('Café Noir');
    expect(s.length).toBeLessThanOrEqual(142);
    expect(snippet('Short text about noir', new Set(), 'no')).toBe('Short text about noir');
  });

  test('a hit carries its snippet from the matching text', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Hartley');
    await add(vault, [['facts', fact('Allergic to nuts: never pecan pie', 'allergy'), c]]);
    const [group] = await search(vault, 'pecan');
    expect(group.hits).toEqual([{ kind: 'fact', id: expect.any(String), title: 'allergy', snippet: 'Allergic to nuts: never pecan pie' }]);
  });
});

describe('safety', () => {
  test('FTS5 syntax in a query is text to match, never an operator or an error', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Near Partners');
    await add(vault, [['facts', fact('title: "quoted" (brackets) - minus * star AND or NOT near'), c]]);
    for (const q of ['"', '""', '"quoted', 'title:', '{title}:near', 'near(', 'NEAR(quoted brackets)', '-minus', 'star*', '*', '^', 'AND', 'OR NOT', '(', ')', ':', 'col : x', '\\', "'", '\u0000']) {
      await expect(search(vault, q), q).resolves.toBeInstanceOf(Array);
    }
    expect(await titles(vault, 'NOT')).toEqual(['family']);
    expect(await titles(vault, 'near')).toEqual(['Near Partners', 'family']);
    expect(await titles(vault, '"quoted" AND (brackets)')).toEqual(['family']);
  });

  test('no query string throws, and every hit belongs to a group of an existing client', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Ωmega Café');
    await add(vault, [['facts', fact('Ünïcödé façade: naïve résumé – 東京 ½'), c]]);
    const syntax = fc.constantFrom('"', '*', '-', '^', ':', '(', ')', '{', '}', 'NEAR', 'AND', 'OR', 'NOT', '+', ' ', 'é', '東', '\u0301', 'ﬁ', '½');
    const query = fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.oneof(syntax, fc.string({ maxLength: 6 })), { maxLength: 30 }).map((xs) => xs.join('').slice(0, 200)));
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const groups = await search(vault, q);
        for (const g of groups) expect(g).toMatchObject({ clientId: c, clientName: 'Ωmega Café' });
      }),
      { numRuns: 300 },
    );
  });
});

describe('the index on disk', () => {
  test('a deleted record leaves no word in the index (secure-delete)', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Client');
    const [f] = await add(vault, [['facts', fact('Zanzibarquux holiday'), c]]);
    const vocab = () => vault.readNative((db) => db.prepare(`SELECT term FROM fts_facts_vocab WHERE term LIKE 'zanzi%'`).pluck().all());
    expect(await vocab()).toEqual(['zanzibarquux']);
    await vault.write((w) => w.remove('facts', f));
    expect(await vocab()).toEqual([]);
    // Nor a near miss to it.
    expect(await titles(vault, 'zanzibarquix')).toEqual([]);
  });

  test('a backup (VACUUM INTO) keeps rowids, so its index still answers for the right records', async () => {
    const vault = await newVault();
    const c = await addClient(vault, 'Client');
    const ids = await add(vault, ['alpha one', 'bravo two', 'charlie three', 'delta four'].map((t) => ['facts', fact(t), c] as [RecordTableName, unknown, string]));
    await vault.write(async (w) => {
      await w.remove('facts', ids[0]);
      await w.remove('facts', ids[2]);
    });
    await add(vault, [['facts', fact('echo five'), c]]);
    const file = path.join(tempDir(), 'backup.rapport');
    await vault.backupTo(file);
    const copy = await Vault.open(file, TEST_VAULT_OPTIONS);
    open.push(copy);
    await copy.unlock(PASSPHRASE);
    for (const q of ['bravo', 'delta', 'echo', 'alpha', 'charlie']) {
      expect((await search(copy, q)).flatMap((g) => g.hits.map((h) => h.snippet)), q).toEqual((await search(vault, q)).flatMap((g) => g.hits.map((h) => h.snippet)));
    }
    expect(await titles(copy, 'delta')).toEqual(['family']);
    expect(await titles(copy, 'alpha')).toEqual([]);
  });
});

describe('every write path keeps the index', () => {
  test('a format-2 vault converted at first unlock is searchable at once: every record, by its title', async () => {
    const fixtures = path.resolve(__dirname, '../fixtures/vault');
    const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'vault-format2.expected.json'), 'utf8')) as {
      tables: Record<string, { id: string; data: Record<string, unknown> }[]>;
    };
    const dir = tempDir();
    const file = path.join(dir, 'practice.rapport');
    fs.copyFileSync(path.join(fixtures, 'vault-format2.rapport'), file);
    const core = await testCore({ dataDir: dir, vaultPath: file });
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    const vault = vaultOf(core)!;
    const titleOf: Record<string, string> = { clients: 'name', contacts: 'name', timeline_entries: 'summary', follow_ups: 'reason', important_dates: 'label', engagements: 'name', expectation_items: 'text' };
    let checked = 0;
    for (const [table, field] of Object.entries(titleOf)) {
      const rows = expected.tables[table] ?? [];
      expect(await vault.readNative((db) => db.prepare(`SELECT count(*) FROM fts_${table}`).pluck().get())).toBe(rows.length);
      for (const row of rows.slice(0, 5)) {
        const ids = (await search(vault, String(row.data[field]), 1_000)).flatMap((g) => g.hits.map((h) => h.id));
        expect({ table, title: row.data[field], found: ids.includes(row.id) }).toEqual({ table, title: row.data[field], found: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    await core.dispose();
  });
});
