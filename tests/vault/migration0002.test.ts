/**
 * Migration 0002_columns: an index for each screen's query, on fields of each record's JSON. Run on a database made by 0001 with data in it, and on an empty one; a failure part-way
 * changes nothing; and the services' hot queries use those indexes (EXPLAIN QUERY PLAN).
 */
import path from 'node:path';
import { type Kysely, Migrator, type KyselyPlugin, type RootOperationNode, type QueryId } from 'kysely';
import { describe, expect, test } from 'vitest';
import { MIGRATIONS } from '../../src/main/vault/migrations';
import { migrate } from '../../src/main/vault/initialise';
import { kyselyOver, openConnection } from '../../src/main/vault/database';
import type { Database } from '../../src/main/vault/schema';
import { randomBytes } from '../../src/main/vault/crypto';
import { listClients, goingCold } from '../../src/main/services/clients';
import { followUpsToday, pageFollowUps } from '../../src/main/services/followups';
import { queryTimeline } from '../../src/main/services/timeline';
import { computeSignals } from '../../src/main/services/reviews';
import { upcomingDates } from '../../src/main/services/dates';
import { promisesNeedingAttention } from '../../src/main/services/engagements';
import type { ServiceDeps } from '../../src/main/services/deps';
import { dbOf, vaultOf } from '../support/internals';
import { ManualClock, PASSPHRASE, ok, tempDir, testCore } from '../support/vault';

const C1 = '00000000-0000-4000-8000-000000000001';
const C2 = '00000000-0000-4000-8000-000000000002';

/** A database file with only migration 0001 applied (what a vault of the previous version holds). */
function databaseAt0001(): { db: Kysely<Database>; close: () => void } {
  const file = path.join(tempDir(), 'v.rapport');
  const conn = openConnection(file, { key: randomBytes(32), create: true });
  return { db: kyselyOver(conn), close: () => conn.close() };
}

async function apply0001(db: Kysely<Database>): Promise<void> {
  const only0001 = { '0001_format3': MIGRATIONS['0001_format3'] };
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => only0001 } }).migrateToLatest();
  expect(error).toBeUndefined();
}

const ROWS: [table: string, id: string, clientId: string | null, data: object][] = [
  ['clients', C1, null, { name: 'Hartley & Sons', stage: 'active', cadenceDays: 30, lastContactAt: '2026-10-01T09:00:00.000Z', createdAt: '2026-01-05T10:00:00.000Z' }],
  ['clients', C2, null, { name: 'Ada Obi', stage: 'prospect', cadenceDays: null, lastContactAt: null, createdAt: '2026-02-01T10:00:00.000Z' }],
  ['timeline_entries', 'e1', C1, { kind: 'call', occurredAt: '2026-10-01T09:00:00.000Z', summary: 'Call', body: '', contactIds: [] }],
  ['timeline_entries', 'e2', C1, { kind: 'issue', occurredAt: '2026-10-02T09:00:00.000Z', summary: 'Late invoice', body: '', contactIds: [] }],
  ['follow_ups', 'f1', C1, { reason: 'Ask', dueOn: '2026-11-20', status: 'open' }],
  ['expectation_items', 'i1', C1, { kind: 'promise', state: 'kept', dueOn: '2026-11-01', engagementId: 'x' }],
  ['important_dates', 'd1', C2, { label: 'Birthday', date: '1975-11-23', recurrence: 'yearly' }],
  ['warmth_readings', 'w1', C1, { value: 4, reason: 'Good', at: '2026-10-03T09:00:00.000Z' }],
  ['handovers', 'h1', C1, { from: 'Ann', to: 'Ben', at: '2026-10-04T09:00:00.000Z' }],
];

const INDEXES_0002 = [
  'clients_cadence',
  'expectation_items_kind_due',
  'follow_ups_status_due',
  'handovers_at',
  'important_dates_date',
  'important_dates_month_day',
  'timeline_entries_client_time',
  'timeline_entries_kind',
  'timeline_entries_time',
  'warmth_readings_at',
  'warmth_readings_client_at',
];

async function raw<T>(db: Kysely<Database>, text: string): Promise<T[]> {
  const { sql } = await import('kysely');
  return (await sql.raw<T>(text).execute(db)).rows;
}

async function indexNames(db: Kysely<Database>): Promise<string[]> {
  return (await raw<{ name: string }>(db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")).map((r) => r.name);
}

describe('migration 0002_columns', () => {
  test('on a database made by 0001 with data: adds the columns and indexes, and changes no record', async () => {
    const { db, close } = databaseAt0001();
    try {
      await apply0001(db);
      for (const [table, id, clientId, data] of ROWS) {
        const values = clientId ? `'${id}', 1, '${clientId}', json('${JSON.stringify(data).replace(/'/g, "''")}')` : `'${id}', 1, json('${JSON.stringify(data).replace(/'/g, "''")}')`;
        await raw(db, `INSERT INTO ${table} VALUES (${values})`);
      }
      const stored = (table: string) => raw(db, `SELECT id, version, ${table === 'clients' ? '' : 'client_id, '}data FROM ${table} ORDER BY id`);
      const before = await Promise.all(ROWS.map(([table]) => stored(table)));
      const indexesBefore = await indexNames(db);

      await migrate(db);

      expect((await raw<{ name: string }>(db, 'SELECT name FROM kysely_migration ORDER BY name')).map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
      // Every stored row is as it was.
      expect(await Promise.all(ROWS.map(([table]) => stored(table)))).toEqual(before);
      // 0002's indexes are added; the two client_id indexes it supersedes are gone; the rest stay.
      expect(await indexNames(db)).toEqual(
        [...indexesBefore.filter((n) => n !== 'timeline_entries_client' && n !== 'warmth_readings_client'), ...INDEXES_0002].sort(),
      );
      expect(await raw(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);

      // The index answers from the JSON, and follows it when the record changes: nothing to drift.
      const openDue = "SELECT json_extract(data, '$.dueOn') AS due FROM follow_ups INDEXED BY follow_ups_status_due WHERE json_extract(data, '$.status') = 'open'";
      expect(await raw(db, openDue)).toEqual([{ due: '2026-11-20' }]);
      await raw(db, `UPDATE follow_ups SET data = json_set(data, '$.status', 'done') WHERE id = 'f1'`);
      expect(await raw(db, openDue)).toEqual([]);
      expect(await raw(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      close();
    }
  });

  test('on an empty database made by 0001', async () => {
    const { db, close } = databaseAt0001();
    try {
      await apply0001(db);
      await migrate(db);
      expect(await indexNames(db)).toEqual(expect.arrayContaining(INDEXES_0002));
      expect(await raw(db, 'SELECT count(*) AS n FROM timeline_entries')).toEqual([{ n: 0 }]);
    } finally {
      close();
    }
  });

  test('a failure part-way leaves the database as 0001 left it, and the next run starts again', async () => {
    const { db, close } = databaseAt0001();
    try {
      await apply0001(db);
      const before = await indexNames(db);
      // An index of that name already exists: 0002 fails after creating all its other indexes.
      await raw(db, 'CREATE INDEX handovers_at ON handovers (client_id)');
      await expect(migrate(db)).rejects.toMatchObject({ code: 'CORRUPT' });
      expect((await raw<{ name: string }>(db, 'SELECT name FROM kysely_migration')).map((r) => r.name)).toEqual(['0001_format3']);
      expect(await indexNames(db)).toEqual([...before, 'handovers_at'].sort());
      await raw(db, 'DROP INDEX handovers_at');
      await migrate(db);
      expect(await indexNames(db)).toEqual(expect.arrayContaining(INDEXES_0002));
    } finally {
      close();
    }
  });
});

/** Records every query a service runs through Vault.read. */
function capture(vault: ServiceDeps['vault']): { queries: { node: RootOperationNode; queryId: QueryId }[]; db: () => Kysely<Database> } {
  const queries: { node: RootOperationNode; queryId: QueryId }[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      queries.push(args);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  let last: Kysely<Database> | null = null;
  const read = vault.read.bind(vault);
  vault.read = (fn) =>
    read((db) => {
      last = db;
      return fn(db.withPlugin(plugin));
    });
  return { queries, db: () => last! };
}

const CHILD_TABLES = /^(SCAN|SEARCH) (timeline_entries|follow_ups|expectation_items|important_dates|warmth_readings|handovers|contacts)\b(.*)$/;

describe('the screens’ queries use their indexes', () => {
  test('no query of a child table scans the table: each one searches or reads an index', async () => {
    const clock = new ManualClock(new Date('2026-11-23T09:00:00Z').getTime());
    const core = await testCore({ clock });
    await ok(core, 'vault.create', { passphrase: PASSPHRASE });
    const a = await ok(core, 'clients.create', { kind: 'organisation', name: 'Hartley & Sons', stage: 'active', cadenceDays: 30 });
    const dave = await ok(core, 'contacts.create', { clientId: a.id, name: 'Dave' });
    await ok(core, 'timeline.add', { clientId: a.id, kind: 'call', occurredAt: '2026-10-01T09:00:00Z', summary: 'Call', contactIds: [dave.id] });
    await ok(core, 'followUps.create', { clientId: a.id, reason: 'Ask', dueOn: '2026-11-20' });
    await ok(core, 'dates.add', { clientId: a.id, label: 'Birthday', date: '1975-11-23', recurrence: 'yearly' });
    const vault = vaultOf(core)!;
    const deps: ServiceDeps = { vault, clock };
    const { queries, db } = capture(vault);

    const plans: Record<string, string[]> = {};
    const run = async (name: string, service: () => Promise<unknown>) => {
      queries.length = 0;
      await service();
      expect(queries.length, name).toBeGreaterThan(0);
      const lines: string[] = [];
      for (const q of queries) {
        const compiled = db().getExecutor().compileQuery(q.node, q.queryId);
        const { rows } = await vault.read((r) => r.executeQuery<{ detail: string }>({ ...compiled, sql: `EXPLAIN QUERY PLAN ${compiled.sql}` }));
        lines.push(...rows.map((r) => r.detail));
      }
      plans[name] = lines;
    };
    await run('timeline of a client', () => queryTimeline(deps, { clientId: a.id, kinds: ['call', 'meeting'], limit: 100 }));
    await run('timeline of a contact', () => queryTimeline(deps, { clientId: a.id, contactId: dave.id, limit: 100 }));
    await run('timeline of the practice', () => queryTimeline(deps, { from: '2026-01-01T00:00:00Z', limit: 100 }));
    await run('follow-ups page', () => pageFollowUps(deps, { status: 'open', limit: 100 }));
    await run('follow-ups today', () => followUpsToday(deps));
    await run('going cold', () => goingCold(deps));
    await run('dates upcoming', () => upcomingDates(deps, 14));
    await run('promises needing attention', () => promisesNeedingAttention(deps));
    await run('review signals', () => computeSignals(deps, [a.id], '2026-Q4'));
    await run('client list', () => listClients(deps));

    if (process.env.SHOW_PLANS) console.log(JSON.stringify(plans, null, 1));
    for (const [name, lines] of Object.entries(plans)) {
      for (const line of lines) {
        const m = CHILD_TABLES.exec(line);
        if (!m) continue;
        // A child table is read through an index (SEARCH, or a scan of a covering index), never row by row.
        expect({ name, line }).toEqual({ name, line: expect.stringMatching(/^SEARCH |USING (COVERING )?INDEX /) });
      }
    }
    // The pages come in index order: no sort of the whole timeline or of every follow-up.
    const plan = (name: string) => plans[name].join('\n');
    expect(plan('timeline of a client')).toMatch(/SEARCH timeline_entries USING INDEX timeline_entries_client_time \(client_id=\?\)/);
    expect(plan('timeline of the practice')).toMatch(/SEARCH timeline_entries USING INDEX timeline_entries_time \(<expr>>\?\)/);
    expect(plan('follow-ups today')).toMatch(/SEARCH f USING INDEX follow_ups_status_due \(<expr>=\? AND <expr><\?\)/);
    expect(plan('going cold')).toMatch(/SEARCH clients USING COVERING INDEX clients_cadence/);
    expect(plan('dates upcoming')).toMatch(/SEARCH important_dates USING INDEX important_dates_month_day \(<expr>=\? AND <expr>>\? AND <expr><\?\)/);
    expect(plan('promises needing attention')).toMatch(/SEARCH i USING INDEX expectation_items_kind_due/);
    // The review's counts come from the indexes alone (covering): no record is read to count it.
    expect(plan('review signals')).toMatch(/SEARCH timeline_entries USING COVERING INDEX timeline_entries_time \(<expr>>\? AND <expr><\?\)/);
    expect(plan('review signals')).toMatch(/SEARCH warmth_readings USING COVERING INDEX warmth_readings_at/);
    expect(plan('review signals')).toMatch(/SEARCH expectation_items USING COVERING INDEX expectation_items_kind_due/);
    expect(plan('review signals')).toMatch(/SEARCH follow_ups USING COVERING INDEX follow_ups_status_due/);
    // Each connection keeps 32 MiB of decrypted pages, so a screen's queries do not decrypt them again.
    for (const conn of [dbOf(vault)!.reader, dbOf(vault)!.writer]) expect(conn.pragma('cache_size', { simple: true })).toBe(-32 * 1024);
    expect(plan('client list')).toMatch(/SEARCH contacts USING COVERING INDEX contacts_client \(client_id=\?\)/);
    await core.dispose();
  });
});
