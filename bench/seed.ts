/**
 * Builds one benchmark vault: the seed command's clients, contacts, timelines, dossiers, engagements
 * and checklists (scripts/seed), then, through the same Writer the services use, whatever it takes to
 * reach the workload's exact sizes: more contacts, the dossier client's 2,000 entries, engagements
 * with expectation items and follow-ups topped up (or cut, at tiny scales) to their numbers.
 *
 * Deterministic: ids come from a seeded generator and the seeder gets a fixed seed and "now", so the
 * encrypted vault and its plain-SQLite twin hold the same records under the same ids.
 */
import fs from 'node:fs';
import { seedVault } from '../scripts/seed/fill';
import { createSeedFaker } from '../scripts/seed/generate';
import type { ClientRecord } from '../src/main/services/clients';
import type { ContactRecord } from '../src/main/services/contacts';
import type { EngagementRecord, ItemRecord } from '../src/main/services/engagements';
import type { FollowUpRecord } from '../src/main/services/followups';
import { type EntryRecord, INTERACTION_KINDS } from '../src/main/services/timeline';
import type { RecordTableName } from '../src/main/vault/schema';
import { Vault } from '../src/main/vault/vault';
import type { ItemKind, ItemState } from '../src/shared/types';
import { BENCH_NOW, PASSPHRASE, SEED, type Workload } from './config';
import { type Mode, type SeededMeta, countRows, rng, uuids, vaultOptions } from './common';

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// ---- vocabulary of the rows the seeder does not make ----

const SERVICES = ['Annual accounts', 'Tax planning', 'Payroll', 'Audit support', 'Restructuring', 'Due diligence', 'Advisory retainer', 'Systems review', 'Grant application', 'Succession planning'];
const PROMISES = [
  'Send the draft accounts for review',
  'Call back about the payroll question',
  'Deliver the cash-flow forecast',
  'Book the year-end planning meeting',
  'File the VAT return before the deadline',
  'Introduce them to a specialist in employment law',
  'Share the benchmarking report',
  'Confirm the revised fee estimate in writing',
  'Review the shareholder agreement',
  'Prepare the board pack summary',
];
const GAPS = ['We do not chase their debtors', 'Bookkeeping stays in-house', 'No weekend support', 'We do not sign off forecasts', 'Legal advice goes to their solicitor'];
const ASSUMPTIONS = ['They send records by the 10th of each month', 'One point of contact for approvals', 'Access to the accounting system', 'Board approval within two weeks'];
const REASONS = [
  'Check in after the quarterly figures',
  'Ask how the new warehouse is going',
  'Chase the signed engagement letter',
  'Send the article on R&D tax credits',
  'Follow up on the invoice query',
  'Arrange the site visit',
  'Congratulate them on the award',
  'Remind about the filing deadline',
  'Catch up over lunch',
  'Confirm the renewal terms',
];
const ROLES = ['Finance Director', 'Office Manager', 'Operations Lead', 'Company Secretary', 'Head of People', 'Financial Controller'];

interface Row {
  table: RecordTableName;
  id: string;
  data: unknown;
  clientId?: string;
}

async function writeRows(vault: Vault, rows: Row[], batch = 2_000): Promise<void> {
  for (let from = 0; from < rows.length; from += batch) {
    const slice = rows.slice(from, from + batch);
    await vault.write(async (w) => {
      for (const r of slice) await w.insert(r.table, r.id, r.data, r.clientId === undefined ? {} : { client_id: r.clientId });
    });
  }
}

async function removeRows(vault: Vault, table: RecordTableName, ids: string[]): Promise<void> {
  for (let from = 0; from < ids.length; from += 2_000) {
    const slice = ids.slice(from, from + 2_000);
    await vault.write(async (w) => {
      for (const id of slice) await w.remove(table, id);
    });
  }
}

/** Creates `file` and fills it to the workload's sizes. */
export async function buildVault(file: string, w: Workload, mode: Mode, log: (msg: string) => void = () => undefined): Promise<SeededMeta> {
  const started = performance.now();
  for (const suffix of ['', '-wal', '-shm', '.keys']) fs.rmSync(file + suffix, { force: true });
  const { vault } = await Vault.create(file, PASSPHRASE, vaultOptions(mode));
  try {
    const random = rng(SEED * 7919 + 1);
    const newId = uuids(rng(SEED * 104_729 + 3));
    let lastLog = 0;
    await seedVault(vault, {
      clients: w.clients,
      events: w.timelineEntries - w.dossierEntries,
      contactsPerOrg: 3,
      seed: SEED,
      now: BENCH_NOW,
      newId,
      onProgress: (p) => {
        const t = performance.now();
        if (p.done === p.total || t - lastLog > 10_000) {
          lastLog = t;
          log(`${w.name}/${mode}: seeded ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')} ${p.table}`);
        }
      },
    });
    log(`${w.name}/${mode}: adding contacts, dossier entries, engagements, expectation items, follow-ups`);
    const clients = (await vault.all<ClientRecord>('clients')).sort((a, b) => (a.id < b.id ? -1 : 1));
    const byId = new Map(clients.map((c) => [c.id, c.data]));
    const entryCounts = new Map((await vault.countBy('timeline_entries', 'client_id')).map((r) => [r.key, r.count]));
    const rows: Row[] = [];
    const touched = new Map<string, string>(); // client -> newest interaction the bench added

    // Timeline: the dossier client gets exactly dossierEntries; the other clients get (or, if the
    // seeder wrote more than asked, lose) what it takes for exactly timelineEntries in all.
    const countOf = (id: string) => entryCounts.get(id) ?? 0;
    // The busiest organisation still within the number; failing that (tiny scales), the least busy client.
    const candidates = clients.filter((c) => countOf(c.id) <= w.dossierEntries && c.data.kind === 'organisation');
    const dossier = candidates.length
      ? candidates.reduce((best, c) => (countOf(c.id) > countOf(best.id) ? c : best))
      : clients.reduce((best, c) => (countOf(c.id) < countOf(best.id) ? c : best));
    const k = countOf(dossier.id);
    if (k > w.dossierEntries) {
      // Not the entries its promises' histories point at, as long as there are others.
      const items = await vault.all<ItemRecord>('expectation_items', { column: 'client_id', value: dossier.id });
      const cited = new Set(items.flatMap((i) => i.data.history.flatMap((h) => [h.entryId, h.evidenceEntryId])));
      const own = (await vault.ids('timeline_entries', 'client_id', dossier.id)).sort((a, b) => Number(cited.has(a)) - Number(cited.has(b)) || (a < b ? -1 : 1));
      await removeRows(vault, 'timeline_entries', own.slice(w.dossierEntries));
    }
    const copyEntries = async (clientId: string, n: number) => {
      const own = (await vault.all<EntryRecord>('timeline_entries', { column: 'client_id', value: clientId })).sort((a, b) => (a.id < b.id ? -1 : 1));
      const client = byId.get(clientId)!;
      const from = new Date(client.createdAt).getTime();
      const to = client.lastContactAt ? new Date(client.lastContactAt).getTime() : BENCH_NOW.getTime();
      for (let i = 0; i < n; i++) {
        const template: EntryRecord = own.length
          ? own[i % own.length].data
          : { kind: 'call', occurredAt: '', summary: `Call about ${pick(random, SERVICES).toLowerCase()}`, body: '', contactIds: [], createdAt: '' };
        const at = new Date(from + Math.floor(random() * Math.max(1, to - from))).toISOString();
        rows.push({ table: 'timeline_entries', id: newId(), clientId, data: { ...template, occurredAt: at, createdAt: at } });
        const newest = touched.get(clientId);
        if (INTERACTION_KINDS.has(template.kind) && (!newest || newest < at)) touched.set(clientId, at);
      }
    };
    await copyEntries(dossier.id, Math.max(0, w.dossierEntries - k));
    const seeded = [...entryCounts.values()].reduce((a, b) => a + b, 0);
    const others = w.timelineEntries - (seeded - k + w.dossierEntries);
    const spread = clients.filter((c) => c.id !== dossier.id).sort((a, b) => countOf(b.id) - countOf(a.id) || (a.id < b.id ? -1 : 1)).slice(0, 50);
    for (let i = 0; i < spread.length && others !== 0; i++) {
      const n = Math.floor(Math.abs(others) / spread.length) + (i < Math.abs(others) % spread.length ? 1 : 0);
      if (n > 0 && others > 0) await copyEntries(spread[i].id, n);
      if (n > 0 && others < 0) {
        const own = await vault.all<EntryRecord>('timeline_entries', { column: 'client_id', value: spread[i].id });
        const plain = own.filter((e) => e.data.kind !== 'handover').map((e) => e.id).sort();
        await removeRows(vault, 'timeline_entries', plain.slice(0, n));
      }
    }

    // Contacts: the seeder gave each organisation three; the rest go round the organisations.
    const faker = createSeedFaker(SEED + 1);
    const contactOwners = await vault.clientIdsOf('contacts');
    const orgs = clients.filter((c) => c.data.kind === 'organisation');
    const missingContacts = w.contacts - contactOwners.size;
    if (missingContacts < 0) throw new Error(`The seeder made ${contactOwners.size} contacts, more than the ${w.contacts} the workload wants.`);
    for (let i = 0; i < missingContacts; i++) {
      const owner = (orgs.length ? orgs : clients)[i % (orgs.length || clients.length)];
      const name = `${faker.person.firstName()} ${faker.person.lastName()}`;
      const record: ContactRecord = {
        name,
        role: pick(random, ROLES),
        email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.co.uk`,
        phone: faker.phone.number(),
        createdAt: owner.data.createdAt,
      };
      rows.push({ table: 'contacts', id: newId(), clientId: owner.id, data: record });
    }

    // Engagements and their expectation items, for paying clients, busier ones more often.
    const paying = clients.filter((c) => c.data.stage !== 'prospect');
    const weights = paying.map((c) => 1 + Math.sqrt(countOf(c.id)));
    const total = weights.reduce((a, b) => a + b, 0);
    const weighted = () => {
      let x = random() * total;
      for (let i = 0; i < paying.length; i++) if ((x -= weights[i]) < 0) return paying[i];
      return paying[paying.length - 1];
    };
    // The seeder's engagements (cut, with their items, to the workload's number if it made more), then more.
    const engagementOwners = await vault.clientIdsOf('engagements');
    const seededEngagements = (await vault.all<EngagementRecord>('engagements')).sort((a, b) => (a.id < b.id ? -1 : 1));
    const cut = new Set(seededEngagements.slice(w.engagements).map((e) => e.id));
    if (cut.size > 0) {
      const orphans = (await vault.all<ItemRecord>('expectation_items')).filter((i) => cut.has(i.data.engagementId)).map((i) => i.id);
      await removeRows(vault, 'expectation_items', orphans);
      await removeRows(vault, 'engagements', [...cut]);
    }
    const engagements = seededEngagements
      .filter((e) => !cut.has(e.id))
      .map((e) => ({ id: e.id, clientId: engagementOwners.get(e.id)!, startOn: e.data.startOn }));
    for (let i = engagements.length; i < w.engagements; i++) {
      const client = weighted();
      const start = Math.max(new Date(client.data.createdAt).getTime(), BENCH_NOW.getTime() - Math.floor(random() * 3 * 365) * DAY);
      const record: EngagementRecord = {
        name: `${pick(random, SERVICES)} ${new Date(start).getUTCFullYear()}`,
        startOn: isoDay(start),
        plannedEndOn: isoDay(start + (90 + Math.floor(random() * 365)) * DAY),
        value: random() < 0.8 ? 500 * (1 + Math.floor(random() * 60)) : null,
        status: start + 365 * DAY < BENCH_NOW.getTime() ? 'completed' : 'active',
      };
      const id = newId();
      engagements.push({ id, clientId: client.id, startOn: record.startOn });
      rows.push({ table: 'engagements', id, clientId: client.id, data: record });
    }
    const existingItems = [...(await vault.clientIdsOf('expectation_items')).keys()].sort();
    if (existingItems.length > w.expectationItems) await removeRows(vault, 'expectation_items', existingItems.slice(w.expectationItems));
    const today = isoDay(BENCH_NOW.getTime());
    for (let i = existingItems.length; i < w.expectationItems && engagements.length > 0; i++) {
      const eng = engagements[i % engagements.length];
      const r = random();
      const kind: ItemKind = r < 0.6 ? 'promise' : r < 0.8 ? 'gap' : 'assumption';
      const dueOn = kind === 'promise' ? isoDay(new Date(eng.startOn).getTime() + Math.floor(random() * 540) * DAY) : null;
      const s = random();
      const state: ItemState =
        kind !== 'promise' ? 'open' : dueOn! < today ? (s < 0.7 ? 'kept' : s < 0.85 ? 'slipped' : s < 0.95 ? 'missed' : 'renegotiated') : s < 0.5 ? 'open' : s < 0.85 ? 'on-track' : 'at-risk';
      const record: ItemRecord = {
        engagementId: eng.id,
        kind,
        text: kind === 'promise' ? pick(random, PROMISES) : kind === 'gap' ? pick(random, GAPS) : pick(random, ASSUMPTIONS),
        responsible: kind === 'promise' ? byId.get(eng.clientId)!.owner : '',
        dueOn,
        state,
        toldHow: kind === 'gap' ? 'In the engagement letter' : '',
        toldOn: kind === 'gap' ? eng.startOn : null,
        evidenceEntryId: null,
        history: [],
        createdAt: new Date(eng.startOn).toISOString(),
      };
      rows.push({ table: 'expectation_items', id: newId(), clientId: eng.clientId, data: record });
    }

    // Follow-ups: whatever the seeder made, topped up (or cut) to the workload's number.
    const existingFollowUps = [...(await vault.clientIdsOf('follow_ups')).keys()].sort();
    if (existingFollowUps.length > w.followUps) await removeRows(vault, 'follow_ups', existingFollowUps.slice(w.followUps));
    for (let i = existingFollowUps.length; i < w.followUps; i++) {
      const client = weighted();
      const due = BENCH_NOW.getTime() + (Math.floor(random() * 240) - 150) * DAY;
      const s = random();
      const status = due > BENCH_NOW.getTime() ? 'open' : s < 0.25 ? 'open' : s < 0.9 ? 'done' : 'dropped';
      const record: FollowUpRecord = {
        reason: pick(random, REASONS),
        dueOn: isoDay(due),
        repeatDays: random() < 0.1 ? 90 : null,
        status,
        snoozedFrom: null,
        createdAt: new Date(due - 30 * DAY).toISOString(),
        closedAt: status === 'open' ? null : new Date(due).toISOString(),
      };
      rows.push({ table: 'follow_ups', id: newId(), clientId: client.id, data: record });
    }

    // Contacts before the rows that may name them; engagements before their items.
    const order: RecordTableName[] = ['contacts', 'timeline_entries', 'engagements', 'expectation_items', 'follow_ups'];
    rows.sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table));
    await writeRows(vault, rows);
    if (touched.size > 0) {
      await vault.write(async (wr) => {
        for (const [id, at] of touched) {
          const rec = await wr.get<ClientRecord>('clients', id);
          if (rec && (!rec.data.lastContactAt || rec.data.lastContactAt < at)) await wr.update('clients', id, { ...rec.data, lastContactAt: at });
        }
      });
    }

    const counts = await countRows(vault);
    const expected: [string, number][] = [
      ['clients', w.clients],
      ['contacts', w.contacts],
      ['timeline_entries', w.timelineEntries],
      ['engagements', w.engagements],
      ['expectation_items', w.expectationItems],
      ['follow_ups', w.followUps],
    ];
    for (const [table, n] of expected) {
      if (counts[table] !== n) throw new Error(`${w.name}/${mode}: ${table} has ${counts[table]} rows, not ${n}.`);
    }
    const dossierCount = (await vault.ids('timeline_entries', 'client_id', dossier.id)).length;
    if (dossierCount !== w.dossierEntries) throw new Error(`The dossier client has ${dossierCount} entries, not ${w.dossierEntries}.`);
    return { workload: w, mode, counts, dossierClientId: dossier.id, seedMs: Math.round(performance.now() - started) };
  } finally {
    await vault.close();
  }
}
