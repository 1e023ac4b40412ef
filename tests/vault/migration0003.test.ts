/**
 * Migration 0003_search: FTS5 indexes of the searchable tables, kept by triggers, filled from the
 * records already there; on a vault whose data was written under 0001 alone, and on a new one.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Migrator } from 'kysely';
import { describe, expect, test } from 'vitest';
import { search } from '../../src/main/services/search';
import { randomBytes, loadSodium } from '../../src/main/vault/crypto';
import { type Connection, isPlainSqlite, kyselyOver, openConnection } from '../../src/main/vault/database';
import { migrate } from '../../src/main/vault/initialise';
import { MIGRATIONS } from '../../src/main/vault/migrations';
import * as m0003 from '../../src/main/vault/migrations/0003_search';
import { Vault } from '../../src/main/vault/vault';
import { PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from '../support/vault';

const SEARCHABLE = ['clients', 'contacts', 'facts', 'timeline_entries', 'follow_ups', 'important_dates', 'engagements', 'expectation_items'];

/** One record per searchable table, with a word of its own in each field the index reads: a word of its title first, then (most) one of its text. */
function records(clientId: string): [string, string | null, unknown, string[]][] {
  return [
    ['clients', null, { name: 'Hartley Sons', industry: 'logistics', owner: 'Benedikt', tags: ['platinum'], notes: 'mornings', news: 'zephyr' }, ['hartley', 'logistics', 'benedikt', 'platinum', 'mornings', 'zephyr']],
    ['contacts', clientId, { name: 'Megan Oduya', role: 'treasurer', email: 'megan@oduya.example', phone: '7946', preferredTime: 'afternoons' }, ['oduya', 'treasurer', 'example', '7946', 'afternoons']],
    ['facts', clientId, { type: 'allergy', text: 'pecans' }, ['allergy', 'pecans']],
    ['timeline_entries', clientId, { summary: 'Site visit', body: 'warehouse' }, ['visit', 'warehouse']],
    ['follow_ups', clientId, { reason: 'expansion memo' }, ['memo']],
    ['important_dates', clientId, { label: 'Tyrone birthday', date: '1980-03-04' }, ['tyrone', '1980']],
    ['engagements', clientId, { name: 'Annual audit' }, ['audit']],
    ['expectation_items', clientId, { text: 'Deliver the draft', responsible: 'Priya', toldHow: 'phone', history: [{ note: 'holidays', newTerms: 'friday' }] }, ['draft', 'priya', 'holidays', 'friday']],
  ];
}

const count = (db: Connection, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const rowidsMatching = (db: Connection, table: string, word: string, index = `fts_${table}`) =>
  db.prepare(`SELECT rowid FROM ${index} WHERE ${index} MATCH ?`).pluck().all(`"${word}"`) as number[];

describe('migration 0003_search', () => {
  test('on a vault written under 0001 alone: indexes every record already there, once, and re-running it changes nothing', async () => {
    await loadSodium();
    const file = path.join(tempDir(), 'v.rapport');
    const db = openConnection(file, { key: randomBytes(32), create: true });
    try {
      const k = kyselyOver(db);
      const { error } = await new Migrator({ db: k, provider: { getMigrations: async () => ({ '0001_format3': MIGRATIONS['0001_format3'] }) } }).migrateToLatest();
      expect(error).toBeUndefined();
      const clientId = randomUUID();
      const rowids = new Map<string, number>();
      for (const [table, owner, data] of records(clientId)) {
        const id = table === 'clients' ? clientId : randomUUID();
        const info = owner
          ? db.prepare(`INSERT INTO ${table} (id, version, client_id, data) VALUES (?, 1, ?, ?)`).run(id, owner, JSON.stringify(data))
          : db.prepare(`INSERT INTO ${table} (id, version, data) VALUES (?, 1, ?)`).run(id, JSON.stringify(data));
        rowids.set(table, Number(info.lastInsertRowid));
      }
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'fts%'").get()).toEqual({ n: 0 });

      await migrate(k);
      expect(db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all()).toEqual(Object.keys(MIGRATIONS).sort());
      const check = () => {
        for (const [table, , , words] of records(clientId)) {
          expect({ table, rows: count(db, `fts_${table}`), titles: count(db, `fts_${table}_title`) }).toEqual({ table, rows: 1, titles: 1 });
          for (const word of words) expect({ table, word, rowids: rowidsMatching(db, table, word) }).toEqual({ table, word, rowids: [rowids.get(table)] });
          // The title index holds the title's words, not the text's.
          const titled = `fts_${table}_title`;
          expect({ table, rowids: rowidsMatching(db, table, words[0], titled) }).toEqual({ table, rowids: [rowids.get(table)] });
          if (words[1]) expect({ table, rowids: rowidsMatching(db, table, words[1], titled) }).toEqual({ table, rowids: [] });
        }
        // Only the record's fields: not the keys of its JSON.
        expect(rowidsMatching(db, 'expectation_items', 'newterms')).toEqual([]);
        expect(rowidsMatching(db, 'clients', 'tags')).toEqual([]);
      };
      check();
      // A crash after the migration's transaction but before Kysely records it runs it again.
      await m0003.up(k as never);
      check();
    } finally {
      db.close();
    }
    expect(isPlainSqlite(file)).toBe(false);
  });

  test('on a new vault: an empty index, vocabulary and triggers for each searchable table, kept in step with writes', async () => {
    const { vault } = await Vault.create(path.join(tempDir(), 'v.rapport'), PASSPHRASE, TEST_VAULT_OPTIONS);
    try {
      await vault.readNative((db) => {
        const names = new Set(db.prepare('SELECT name FROM sqlite_schema').pluck().all() as string[]);
        for (const table of SEARCHABLE) {
          for (const name of [`fts_${table}`, `fts_${table}_title`, `fts_${table}_vocab`, `fts_${table}_insert`, `fts_${table}_update`, `fts_${table}_delete`]) expect(names).toContain(name);
          expect(count(db, `fts_${table}`)).toBe(0);
        }
      });
      expect(await search(vault, 'hartley')).toEqual([]);
      const clientId = randomUUID();
      await vault.write(async (w) => {
        for (const [table, owner, data] of records(clientId)) await w.insert(table as never, table === 'clients' ? clientId : randomUUID(), data, owner ? { client_id: owner } : {});
      });
      const hits = (await search(vault, 'hartley')).flatMap((g) => g.hits.map((h) => h.kind));
      expect(hits).toEqual(['client']);
      await vault.readNative((db) => {
        for (const table of SEARCHABLE) expect({ table, rows: count(db, `fts_${table}`), titles: count(db, `fts_${table}_title`) }).toEqual({ table, rows: 1, titles: 1 });
      });
      // Deleting the records empties the index and its vocabulary.
      await vault.write(async (w) => {
        for (const table of SEARCHABLE.filter((t) => t !== 'clients')) for (const id of await w.ids(table as never, 'client_id', clientId)) await w.remove(table as never, id);
        await w.remove('clients', clientId);
      });
      await vault.readNative((db) => {
        for (const table of SEARCHABLE) {
          const left = { rows: count(db, `fts_${table}`), titles: count(db, `fts_${table}_title`), vocab: count(db, `fts_${table}_vocab`) };
          expect({ table, ...left }).toEqual({ table, rows: 0, titles: 0, vocab: 0 });
        }
      });
    } finally {
      await vault.close();
    }
  });
});
