import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { createSeedFaker, generateSeedData, HISTORY_DAYS } from '../scripts/seed/generate';
import { SEED_TABLES, seedVault, type SeedProgress } from '../scripts/seed/fill';
import { type ChecklistRecord, listChecklists, setStage, toggleChecklistItem } from '../src/main/services/checklists';
import type { ClientRecord } from '../src/main/services/clients';
import { createClient, goingCold, listClients, getClient } from '../src/main/services/clients';
import type { ContactRecord } from '../src/main/services/contacts';
import type { DateRecord } from '../src/main/services/dates';
import type { ServiceDeps } from '../src/main/services/deps';
import { listContacts } from '../src/main/services/contacts';
import { getDossier } from '../src/main/services/dossier';
import {
  type EngagementRecord,
  addItem,
  changeItemState,
  clientPromises,
  createEngagement,
  promisesNeedingAttention,
} from '../src/main/services/engagements';
import type { FactRecord } from '../src/main/services/facts';
import { type FollowUpRecord, followUpsToday, listFollowUps } from '../src/main/services/followups';
import type { HandoverRecord } from '../src/main/services/handovers';
import { INTERACTION_KINDS, addEntry, listTimeline } from '../src/main/services/timeline';
import type { EntryRecord } from '../src/main/services/timeline';
import type { WarmthRecord } from '../src/main/services/warmth';
import type { ClientChildTableName } from '../src/main/vault/schema';
import { DEFAULT_KDF, MIN_KDF } from '../src/main/vault/crypto';
import { parseRecoveryKey } from '../src/main/vault/recoveryKey';
import { Vault } from '../src/main/vault/vault';
import { DEFAULT_CHECKLISTS } from '../src/shared/checklists';
import { contract } from '../src/shared/contract';
import { ITEM_STATES, type ExpectationItem, type ItemStateChange } from '../src/shared/types';
import { PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from './support/vault';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = new Date('2026-11-23T09:00:00Z');
const DAY = 86_400_000;

async function testVault(): Promise<Vault> {
  const { vault } = await Vault.create(path.join(tempDir(), 'seed.rapport'), PASSPHRASE, TEST_VAULT_OPTIONS);
  return vault;
}

const deps = (vault: Vault): ServiceDeps => ({ vault, clock: { now: () => NOW } });

/** The newest entry that counts as being in touch (listTimeline is newest first). */
const newestInteraction = (entries: { kind: EntryRecord['kind']; occurredAt: string }[]) =>
  entries.find((e) => INTERACTION_KINDS.has(e.kind))?.occurredAt ?? null;

/** Today as the services count it (local time zone), YYYY-MM-DD. */
const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const DOSSIER_TABLES = ['facts', 'important_dates', 'warmth_readings', 'handovers', 'follow_ups'] as const satisfies readonly ClientChildTableName[];

test('seedVault writes the requested rows in batched transactions and reports progress', async () => {
  const vault = await testVault();
  const progress: SeedProgress[] = [];
  const counterBefore = vault.commitCounter;
  const result = await seedVault(vault, { clients: 30, events: 400, seed: 3, batchSize: 50, now: NOW, onProgress: (p) => progress.push(p) });

  expect(result.clients).toBe(30);
  expect(result.entries).toBe(400);
  expect((await vault.all('clients')).length).toBe(30);
  expect((await vault.all('contacts')).length).toBe(result.contacts);
  expect((await vault.all('timeline_entries')).length).toBe(400);
  // 23 organisations (75%) with 1 to 5 contacts each.
  expect(result.contacts).toBeGreaterThanOrEqual(23);
  expect(result.contacts).toBeLessThanOrEqual(23 * 5);

  // The dossier rows: all written, in numbers that follow the clients.
  const rows = {
    facts: result.facts,
    important_dates: result.dates,
    warmth_readings: result.warmthReadings,
    handovers: result.handovers,
    follow_ups: result.followUps,
  };
  for (const table of DOSSIER_TABLES) expect((await vault.clientIdsOf(table)).size).toBe(rows[table]);
  expect(result.warmthReadings).toBeGreaterThanOrEqual(30);
  expect(result.warmthReadings).toBeLessThanOrEqual(30 * 6);
  expect(result.followUps).toBeGreaterThan(3 * 30);
  expect(result.followUps).toBeLessThan(10 * 30);
  expect(result.facts).toBeGreaterThanOrEqual(7); // every person client (25%) has at least one
  expect(result.dates).toBeGreaterThan(0);

  // Engagements, their expectation items and the lifecycle checklists, all written too.
  const engagementRows = { engagements: result.engagements, expectation_items: result.expectationItems, client_checklists: result.checklists };
  for (const [table, n] of Object.entries(engagementRows)) expect((await vault.clientIdsOf(table as ClientChildTableName)).size).toBe(n);
  expect(result.engagements).toBeGreaterThanOrEqual(20); // most of the 30 clients have one or more
  expect(result.expectationItems).toBeGreaterThan(result.engagements);
  expect(result.checklists).toBeGreaterThan(0);

  // One transaction per batch, not per row, table after table.
  const perTable = [
    30,
    result.contacts,
    400,
    result.facts,
    result.dates,
    result.warmthReadings,
    result.handovers,
    result.followUps,
    result.engagements,
    result.expectationItems,
    result.checklists,
  ];
  const batches = perTable.reduce((sum, n) => sum + Math.ceil(n / 50), 0);
  expect(vault.commitCounter - counterBefore).toBe(batches);
  expect(progress).toHaveLength(batches);
  expect([...new Set(progress.map((p) => p.table))]).toEqual(SEED_TABLES.filter((_, i) => perTable[i] > 0));
  expect(progress.at(-1)).toEqual({ table: 'checklists', done: result.checklists, total: result.checklists });
  expect(progress.filter((p) => p.table === 'entries').map((p) => p.done)).toEqual([50, 100, 150, 200, 250, 300, 350, 400]);
  await vault.close();
});

test('entries belong to existing clients, contacts to theirs, and lastContactAt is the newest interaction', async () => {
  const vault = await testVault();
  await seedVault(vault, { clients: 25, events: 600, seed: 5, now: NOW });
  const clients = await vault.all<ClientRecord>('clients');
  const clientIds = new Set(clients.map((c) => c.id));

  // Every row with a client_id points at a client that exists.
  for (const table of ['contacts', 'timeline_entries', ...DOSSIER_TABLES] as const) {
    for (const clientId of (await vault.clientIdsOf(table)).values()) expect(clientIds.has(clientId)).toBe(true);
  }

  let entriesSeen = 0;
  let contactsSeen = 0;
  for (const client of clients) {
    const contacts = await listContacts(deps(vault), { clientId: client.id });
    const entries = await listTimeline(deps(vault), { clientId: client.id });
    contactsSeen += contacts.length;
    entriesSeen += entries.length;
    const contactIds = new Set(contacts.map((c) => c.id));
    for (const c of contacts) expect(c.clientId).toBe(client.id);
    for (const e of entries) {
      expect(e.clientId).toBe(client.id);
      for (const id of e.contactIds) expect(contactIds.has(id)).toBe(true);
    }
    if (client.data.kind === 'person') expect(contacts).toHaveLength(0);
    else expect(contacts.length).toBeGreaterThanOrEqual(1);
    // Notes and stage changes are not being in touch: last contact is the newest interaction.
    expect(client.data.lastContactAt).toBe(newestInteraction(entries));
  }
  expect(contactsSeen).toBe((await vault.all('contacts')).length);
  expect(entriesSeen).toBe(600);
  // Skewed: the busiest client has well over its even share.
  const perClient = (await vault.countBy('timeline_entries', 'client_id')).map((r) => r.count);
  expect(Math.max(...perClient)).toBeGreaterThan(2 * (600 / 25));
  await vault.close();
});

test('the dossier agrees with the timeline: contacts, warmth, handovers, facts from the notes', async () => {
  const vault = await testVault();
  await seedVault(vault, { clients: 60, events: 3000, seed: 11, now: NOW });
  const byClient = async <T>(table: (typeof DOSSIER_TABLES)[number] | 'contacts' | 'timeline_entries') => {
    const owners = await vault.clientIdsOf(table);
    const out = new Map<string, { id: string; data: T }[]>();
    for (const row of await vault.all<T>(table)) {
      const list = out.get(owners.get(row.id)!) ?? [];
      list.push(row);
      out.set(owners.get(row.id)!, list);
    }
    return out;
  };
  const clients = await vault.all<ClientRecord>('clients');
  const contacts = await byClient<ContactRecord>('contacts');
  const entries = await byClient<EntryRecord>('timeline_entries');
  const facts = await byClient<FactRecord>('facts');
  const dates = await byClient<DateRecord>('important_dates');
  const warmth = await byClient<WarmthRecord>('warmth_readings');
  const handovers = await byClient<HandoverRecord>('handovers');
  const followUps = await byClient<FollowUpRecord>('follow_ups');
  const now = NOW.toISOString();
  const today = localDay(NOW);
  const in3Months = localDay(new Date(NOW.getTime() + 92 * DAY));
  let handoversSeen = 0;
  let storyFacts = 0;

  for (const client of clients) {
    const own = (m: Map<string, { id: string; data: unknown }[]>) => m.get(client.id) ?? [];
    const contactIds = new Set(own(contacts).map((c) => c.id));

    // Facts and dates about a contact name one of this client's contacts; a person client's are about them.
    for (const { data } of [...(facts.get(client.id) ?? []), ...(dates.get(client.id) ?? [])]) {
      if (data.contactId !== null) expect(contactIds.has(data.contactId)).toBe(true);
      if (client.data.kind === 'person') expect(data.contactId).toBeNull();
    }
    const clientFacts = facts.get(client.id) ?? [];
    if (client.data.kind === 'person') {
      expect(clientFacts.length).toBeGreaterThanOrEqual(1);
      expect(clientFacts.length).toBeLessThanOrEqual(4);
    }
    for (const id of contactIds) expect(clientFacts.filter((f) => f.data.contactId === id).length).toBeLessThanOrEqual(4);
    for (const { data } of clientFacts) expect(data.createdAt <= now).toBe(true);
    for (const { data } of dates.get(client.id) ?? []) {
      if (data.recurrence === 'once') {
        expect(data.date >= today).toBe(true);
        expect(data.date <= in3Months).toBe(true);
      } else expect(data.date < today).toBe(true);
    }

    // A nut allergy, a vegetarian or a preference for calls told in a note is a fact in the dossier.
    for (const { data: e } of entries.get(client.id) ?? []) {
      if (e.kind !== 'note') continue;
      const told: [RegExp, RegExp][] = [
        [/: nut allergy$/, /nut allergy/i],
        [/ is vegetarian$/, /^Vegetarian/],
        [/ prefers calls$/, /^Prefers a call/],
      ];
      for (const [summary, fact] of told) {
        if (!summary.test(e.summary)) continue;
        const about = e.contactIds[0] ?? null;
        expect(clientFacts.some((f) => f.data.contactId === about && fact.test(f.data.text))).toBe(true);
        storyFacts++;
        if (fact.source === '^Prefers a call' && about) {
          const contact = (contacts.get(client.id) ?? []).find((c) => c.id === about)!;
          expect(contact.data.preferredChannel).toBe('phone');
        }
      }
    }

    // Warmth: 1 to 6 readings, within three years, the client's warmth is the latest.
    const readings = (warmth.get(client.id) ?? []).map((r) => r.data).sort((a, b) => a.at.localeCompare(b.at));
    expect(readings.length).toBeGreaterThanOrEqual(1);
    expect(readings.length).toBeLessThanOrEqual(6);
    for (const r of readings) {
      expect(r.at <= now).toBe(true);
      expect(Date.parse(r.at)).toBeGreaterThanOrEqual(NOW.getTime() - HISTORY_DAYS * DAY);
      expect(r.at >= client.data.createdAt).toBe(true);
    }
    expect(client.data.warmth).toBe(readings.at(-1)!.value);
    if (client.data.stage === 'issue-resolution') expect(client.data.warmth).toBeLessThanOrEqual(2);

    // One handover record per handover entry, same moment, and the owners chain up to today's.
    const handoverEntries = (entries.get(client.id) ?? []).filter((e) => e.data.kind === 'handover').map((e) => e.data);
    const records = (handovers.get(client.id) ?? []).map((h) => h.data).sort((a, b) => a.at.localeCompare(b.at));
    expect(records.length).toBe(handoverEntries.length);
    for (const entry of handoverEntries) {
      const record = records.find((h) => h.at === entry.occurredAt);
      expect(record).toBeDefined();
      expect(entry.summary).toBe(`Account handed over from ${record!.from} to ${record!.to}`);
      expect(entry.body).toContain(record!.clientReaction);
      expect(entry.body.toLowerCase()).toContain(record!.reason.toLowerCase());
    }
    for (let i = 1; i < records.length; i++) expect(records[i].from).toBe(records[i - 1].to);
    if (records.length) expect(records.at(-1)!.to).toBe(client.data.owner);
    handoversSeen += records.length;

    // Follow-ups: closed ones have a closing time, open ones none; a repeating one repeats every 30 or 90 days.
    for (const { data: f } of followUps.get(client.id) ?? []) {
      expect(f.closedAt === null).toBe(f.status === 'open');
      expect(f.createdAt <= now).toBe(true);
      expect(f.createdAt >= client.data.createdAt).toBe(true);
      if (f.closedAt) expect(f.closedAt <= now).toBe(true);
      // ...or, for a former client, every year (finishing offboarding adds that keep-in-touch).
      if (f.repeatDays === 365) expect([client.data.stage, f.reason]).toEqual(['alumni', `Keep in touch with ${client.data.name}`]);
      else if (f.repeatDays !== null) expect([30, 90]).toContain(f.repeatDays);
      if (f.snoozedFrom !== null) expect(f.snoozedFrom < f.dueOn).toBe(true);
    }
  }
  expect(handoversSeen).toBeGreaterThan(0);
  expect(storyFacts).toBeGreaterThan(0);

  // Across the practice: follow-ups overdue, due today and to come, some repeating, some done and dropped.
  const all = [...followUps.values()].flat().map((f) => f.data);
  const open = all.filter((f) => f.status === 'open');
  expect(open.some((f) => f.dueOn < today)).toBe(true);
  expect(open.some((f) => f.dueOn === today)).toBe(true);
  expect(open.filter((f) => f.dueOn > today).length).toBeGreaterThan(open.length / 2);
  expect(open.some((f) => f.repeatDays !== null)).toBe(true);
  expect(all.some((f) => f.status === 'done')).toBe(true);
  expect(all.some((f) => f.status === 'dropped')).toBe(true);
  expect(all.length / clients.length).toBeGreaterThan(4);
  expect(all.length / clients.length).toBeLessThan(8);
  // Facts: mostly normal, some private, a few handle-with-care; every type represented.
  const allFacts = [...facts.values()].flat().map((f) => f.data);
  const normal = allFacts.filter((f) => f.sensitivity === 'normal').length;
  expect(normal).toBeGreaterThan(allFacts.length / 2);
  expect(allFacts.some((f) => f.sensitivity === 'private')).toBe(true);
  expect(new Set(allFacts.map((f) => f.type)).size).toBe(7);
  // Dates: birthdays and work anniversaries every year, and an operation or exam coming up for some.
  const allDates = [...dates.values()].flat().map((d) => d.data);
  expect(allDates.some((d) => d.label === 'Birthday' && d.recurrence === 'yearly')).toBe(true);
  expect(allDates.some((d) => d.label === 'Work anniversary' && d.recurrence === 'yearly')).toBe(true);
  expect(allDates.some((d) => d.recurrence === 'once')).toBe(true);
  // Most contacts say how they like to be reached; most active clients have news and a cadence.
  const allContacts = [...contacts.values()].flat().map((c) => c.data);
  expect(allContacts.filter((c) => c.preferredChannel !== 'any').length).toBeGreaterThan(allContacts.length / 2);
  const active = clients.filter((c) => c.data.stage === 'active');
  expect(active.filter((c) => c.data.news).length).toBeGreaterThan(active.length / 2);
  expect(active.filter((c) => c.data.cadenceDays !== null).length).toBeGreaterThan(active.length / 2);
  for (const c of clients) {
    if (c.data.stage === 'alumni') expect(c.data.cadenceDays).toBe(365);
    if (c.data.stage === 'active' && c.data.cadenceDays !== null) {
      expect(c.data.cadenceDays).toBeGreaterThanOrEqual(14);
      expect(c.data.cadenceDays).toBeLessThanOrEqual(60);
    }
  }
  await vault.close();
});

test('the data reads back through the services well formed and valid for the API', async () => {
  const vault = await testVault();
  await seedVault(vault, { clients: 40, events: 800, seed: 1, now: NOW });
  const summaries = await listClients(deps(vault));
  expect(summaries).toHaveLength(40);
  expect(summaries.filter((c) => c.kind === 'organisation')).toHaveLength(30);
  expect(new Set(summaries.map((c) => c.stage)).size).toBeGreaterThanOrEqual(5);
  expect(new Set(summaries.map((c) => c.owner)).size).toBeLessThanOrEqual(6);
  expect(new Set(summaries.map((c) => c.name)).size).toBe(40);
  const revenue = summaries.reduce((s, c) => s + (c.revenueShare ?? 0), 0);
  expect(revenue).toBeCloseTo(100, 1);

  const kinds = new Set<string>();
  for (const summary of summaries) {
    const client = await getClient(deps(vault), { id: summary.id });
    contract['clients.create'].input.parse({
      kind: client.kind,
      name: client.name,
      stage: client.stage,
      industry: client.industry,
      owner: client.owner,
      tags: client.tags,
      revenueShare: client.revenueShare,
      notes: client.notes,
      news: client.news,
      cadenceDays: client.cadenceDays,
    });
    expect(client.notes.length).toBeGreaterThan(20);
    expect(client.createdAt <= client.updatedAt).toBe(true);
    expect(client.updatedAt <= NOW.toISOString()).toBe(true);

    const contacts = await listContacts(deps(vault), { clientId: client.id });
    expect(summary.contactCount).toBe(contacts.length);
    for (const c of contacts) {
      contract['contacts.create'].input.parse({
        clientId: c.clientId,
        name: c.name,
        role: c.role,
        email: c.email,
        phone: c.phone,
        preferredChannel: c.preferredChannel,
        preferredTime: c.preferredTime,
      });
      expect(c.name).toMatch(/\S+ \S+/);
      expect(c.role).not.toBe('');
    }

    for (const e of await listTimeline(deps(vault), { clientId: client.id })) {
      contract['timeline.add'].input.parse({
        clientId: e.clientId,
        kind: e.kind,
        occurredAt: e.occurredAt,
        summary: e.summary,
        body: e.body,
        contactIds: e.contactIds,
      });
      const at = Date.parse(e.occurredAt);
      expect(at).toBeLessThanOrEqual(NOW.getTime());
      expect(at).toBeGreaterThanOrEqual(NOW.getTime() - HISTORY_DAYS * DAY);
      kinds.add(e.kind);
    }
  }
  for (const kind of ['meeting', 'call', 'email', 'note', 'promise', 'delivery', 'issue', 'resolution']) expect(kinds).toContain(kind);

  // Every dossier record is what the matching API method would accept, built from the record.
  const owners = new Map<string, Map<string, string>>();
  const clientOf = async (table: (typeof DOSSIER_TABLES)[number], id: string) => {
    if (!owners.has(table)) owners.set(table, await vault.clientIdsOf(table));
    return owners.get(table)!.get(id)!;
  };
  const seen: Record<string, number> = {};
  for (const { id, data: f } of await vault.all<FactRecord>('facts')) {
    contract['facts.add'].input.parse({ clientId: await clientOf('facts', id), contactId: f.contactId, type: f.type, text: f.text, sensitivity: f.sensitivity });
    seen.facts = (seen.facts ?? 0) + 1;
  }
  for (const { id, data: d } of await vault.all<DateRecord>('important_dates')) {
    contract['dates.add'].input.parse({ clientId: await clientOf('important_dates', id), contactId: d.contactId, label: d.label, date: d.date, recurrence: d.recurrence });
    seen.dates = (seen.dates ?? 0) + 1;
  }
  for (const { id, data: r } of await vault.all<WarmthRecord>('warmth_readings')) {
    contract['warmth.record'].input.parse({ clientId: await clientOf('warmth_readings', id), value: r.value, reason: r.reason });
    expect(Number.isNaN(Date.parse(r.at))).toBe(false);
    seen.warmth = (seen.warmth ?? 0) + 1;
  }
  for (const { id, data: h } of await vault.all<HandoverRecord>('handovers')) {
    contract['clients.handOver'].input.parse({ clientId: await clientOf('handovers', id), to: h.to, reason: h.reason, notes: h.notes, clientReaction: h.clientReaction });
    expect(h.from).not.toBe(h.to);
    seen.handovers = (seen.handovers ?? 0) + 1;
  }
  for (const { id, data: f } of await vault.all<FollowUpRecord>('follow_ups')) {
    contract['followUps.create'].input.parse({ clientId: await clientOf('follow_ups', id), reason: f.reason, dueOn: f.dueOn, repeatDays: f.repeatDays });
    contract['followUps.snooze'].input.shape.until.parse(f.snoozedFrom ?? f.dueOn);
    seen.followUps = (seen.followUps ?? 0) + 1;
  }
  for (const table of ['facts', 'dates', 'warmth', 'handovers', 'followUps']) expect(seen[table]).toBeGreaterThan(0);

  // The stored record has exactly the fields the services write.
  const [entry] = await vault.all<EntryRecord>('timeline_entries');
  expect(Object.keys(entry.data).sort()).toEqual(['body', 'contactIds', 'createdAt', 'kind', 'occurredAt', 'summary']);
  const [client] = await vault.all<ClientRecord>('clients');
  expect(Object.keys(client.data).sort()).toEqual(
    [
      'cadenceDays',
      'createdAt',
      'industry',
      'kind',
      'lastContactAt',
      'name',
      'news',
      'notes',
      'owner',
      'revenueShare',
      'stage',
      'tags',
      'updatedAt',
      'warmth',
    ].sort(),
  );
  const [contact] = await vault.all<ContactRecord>('contacts');
  expect(Object.keys(contact.data).sort()).toEqual(['createdAt', 'email', 'name', 'phone', 'preferredChannel', 'preferredTime', 'role']);
  const keys = async (table: (typeof DOSSIER_TABLES)[number]) => Object.keys((await vault.all(table))[0].data as object).sort();
  expect(await keys('facts')).toEqual(['contactId', 'createdAt', 'sensitivity', 'text', 'type']);
  expect(await keys('important_dates')).toEqual(['contactId', 'date', 'label', 'recurrence']);
  expect(await keys('warmth_readings')).toEqual(['at', 'reason', 'value']);
  expect(await keys('handovers')).toEqual(['at', 'clientReaction', 'from', 'notes', 'reason', 'to']);
  expect(await keys('follow_ups')).toEqual(['closedAt', 'createdAt', 'dueOn', 'reason', 'repeatDays', 'snoozedFrom', 'status']);
  await vault.close();
});

test('a seeded vault reads back through the dossier, follow-up and going-cold services', async () => {
  const vault = await testVault();
  const result = await seedVault(vault, { clients: 40, events: 1500, seed: 1, now: NOW });
  const d = deps(vault);
  const today = localDay(NOW);

  let facts = 0;
  let dates = 0;
  let openFollowUps = 0;
  let alerts = 0;
  let handovers = 0;
  for (const summary of await listClients(d)) {
    const dossier = await getDossier(d, { id: summary.id });
    expect(dossier.client.id).toBe(summary.id);
    expect(dossier.client.warmth).toBe(dossier.warmth.at(-1)!.value);
    // The newest interaction may be older than the five most recent entries (records are not contact).
    expect(dossier.client.lastContactAt).toBe(newestInteraction(await listTimeline(d, { clientId: summary.id })));
    expect(dossier.contacts).toHaveLength(summary.contactCount);
    expect(dossier.alerts.every((f) => f.isAlert)).toBe(true);
    expect(dossier.followUps.every((f) => f.status === 'open' && f.clientName === summary.name)).toBe(true);
    const contactIds = new Set(dossier.contacts.map((c) => c.id));
    for (const f of dossier.facts) if (f.contactId) expect(contactIds.has(f.contactId)).toBe(true);
    // Dates come soonest first, each with its next occurrence (a one-off date is still to come).
    for (const date of dossier.dates) expect(date.nextOn !== null && date.nextOn >= today).toBe(true);
    facts += dossier.facts.length;
    dates += dossier.dates.length;
    alerts += dossier.alerts.length;
    openFollowUps += dossier.followUps.length;
    handovers += dossier.handovers.length;
  }
  expect(facts).toBe(result.facts);
  expect(dates).toBe(result.dates);
  expect(handovers).toBe(result.handovers);
  expect(alerts).toBeGreaterThan(0);

  const open = await listFollowUps(d, { status: 'open' });
  expect(open).toHaveLength(openFollowUps);
  expect((await listFollowUps(d, { status: 'all' })).length).toBe(result.followUps);
  const { due, overdueCount } = await followUpsToday(d);
  expect(due.length).toBeGreaterThan(0);
  expect(due.every((f) => f.dueOn <= today)).toBe(true);
  expect(overdueCount).toBe(due.filter((f) => f.dueOn < today).length);
  expect(overdueCount).toBeGreaterThan(0);
  expect(due.some((f) => f.dueOn === today)).toBe(true);

  // Some clients are past their keep-in-touch cadence, and only clients that have one.
  const cold = await goingCold(d);
  expect(cold.length).toBeGreaterThan(0);
  expect(cold.length).toBeLessThan(40);
  for (const c of cold) expect(c.daysSinceContact).toBeGreaterThan(c.cadenceDays);
  await vault.close();
});

test('engagements, promises and checklists read back through the services with a realistic spread', async () => {
  const file = path.join(tempDir(), 'promises.rapport');
  let vault = (await Vault.create(file, PASSPHRASE, TEST_VAULT_OPTIONS)).vault;
  const result = await seedVault(vault, { clients: 40, events: 1500, seed: 1, now: NOW });
  const d = deps(vault);
  const today = localDay(NOW);
  const clients = await listClients(d);
  const running = new Set(['onboarding', 'active', 'issue-resolution', 'offboarding']);

  const items: (ExpectationItem & { stage: string })[] = [];
  const rates: number[] = [];
  const gaps: ExpectationItem[] = [];
  let engagements = 0;
  let withEngagements = 0;
  for (const client of clients) {
    const promises = await clientPromises(d, { clientId: client.id });
    const own = promises.engagements.map((e) => e.engagement);
    engagements += own.length;
    if (own.length > 0) withEngagements++;
    // One to three each; running work for a client still with us, none for a former client.
    expect(own.length).toBeLessThanOrEqual(3);
    if (running.has(client.stage)) expect(own.some((e) => e.status === 'active')).toBe(true);
    if (client.stage === 'alumni') for (const e of own) expect(['completed', 'cancelled']).toContain(e.status);
    if (client.stage === 'prospect') for (const e of own) expect(e.status).toBe('proposed');
    for (const e of own) {
      contract['engagements.create'].input.parse({ clientId: client.id, name: e.name, startOn: e.startOn, plannedEndOn: e.plannedEndOn, value: e.value, status: e.status });
      if (e.plannedEndOn) expect(e.plannedEndOn >= e.startOn).toBe(true);
      if (e.status === 'completed') expect(e.startOn < today).toBe(true);
    }
    for (const { items: list } of promises.engagements) items.push(...list.map((i) => ({ ...i, stage: client.stage })));
    gaps.push(...promises.gaps);
    if (promises.stats.rate !== null) rates.push(promises.stats.rate);
  }
  expect(engagements).toBe(result.engagements);
  expect(items).toHaveLength(result.expectationItems);
  // Most clients have engagements; retainers, projects and matters with plausible values.
  expect(withEngagements).toBeGreaterThan(clients.length * 0.75);
  const allEngagements = await vault.all<EngagementRecord>('engagements');
  const statuses = new Set(allEngagements.map((e) => e.data.status));
  expect(statuses.has('active') && statuses.has('completed')).toBe(true);
  for (const status of statuses) expect(['proposed', 'active', 'completed', 'cancelled']).toContain(status);
  const values = allEngagements.map((e) => e.data.value).filter((v) => v !== null);
  expect(values.length).toBeGreaterThan(allEngagements.length / 2);
  for (const v of values) expect(v).toBeGreaterThanOrEqual(250);

  // Every state of a promise is there; resolved ones mostly kept.
  const promises = items.filter((i) => i.kind === 'promise');
  const byState = (state: string) => promises.filter((i) => i.state === state).length;
  for (const state of ITEM_STATES) expect(byState(state), state).toBeGreaterThan(0);
  expect(byState('kept')).toBeGreaterThan(byState('slipped') + byState('missed'));
  expect(byState('kept')).toBeGreaterThan(promises.length / 4);
  // Open ones to come, some due within the fortnight.
  expect(promises.some((i) => i.state === 'open' && i.dueOn !== null && i.dueOn > today && i.dueOn <= localDay(new Date(NOW.getTime() + 14 * DAY)))).toBe(true);
  // Rates for many clients, each a share, not all perfect.
  expect(rates.length).toBeGreaterThan(10);
  for (const r of rates) {
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThanOrEqual(1);
  }
  expect(rates.some((r) => r < 1)).toBe(true);
  expect(rates.some((r) => r === 1)).toBe(true);

  // Expectation gaps say how and when the client was told; assumptions too.
  expect(gaps.length).toBeGreaterThan(0);
  for (const g of gaps) {
    expect(g.toldHow).toMatch(/^Told .+ on \d{1,2} [A-Z][a-z]+ .+: .+\.$/);
    expect(g.toldOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(g.dueOn).toBeNull();
    expect(g.state).toBe('open');
  }
  expect(items.some((i) => i.kind === 'assumption')).toBe(true);
  for (const i of items) {
    contract['expectations.add'].input.parse({ engagementId: i.engagementId, kind: i.kind, text: i.text, responsible: i.responsible, dueOn: i.dueOn, toldHow: i.toldHow, toldOn: i.toldOn });
    if (i.kind !== 'promise') expect(i.history).toHaveLength(0);
    else expect(i.dueOn).not.toBeNull();
  }

  // The at-risk and overdue list has both, and only clients still with us.
  const attention = await promisesNeedingAttention(d);
  expect(attention.some((a) => a.reason === 'at-risk')).toBe(true);
  expect(attention.some((a) => a.reason === 'overdue')).toBe(true);
  const stageOf = new Map(clients.map((c) => [c.id, c.stage]));
  for (const a of attention) expect(running.has(stageOf.get(a.item.clientId)!)).toBe(true);

  // Each change of state is one entry on the client's timeline, worded as the service words it; a
  // kept promise cites a delivery on the same timeline, made before it was marked.
  const words: Record<string, string> = { 'on-track': 'on track', 'at-risk': 'at risk', kept: 'kept', slipped: 'slipped', missed: 'missed', renegotiated: 'renegotiated' };
  const names = new Map(allEngagements.map((e) => [e.id, e.data.name]));
  const cited = new Set<string>();
  let evidence = 0;
  for (const client of clients) {
    const timeline = new Map((await listTimeline(d, { clientId: client.id })).map((e) => [e.id, e]));
    for (const item of promises.filter((i) => i.clientId === client.id)) {
      let previous = '';
      let at = '';
      for (const h of item.history) {
        contract['expectations.setState'].input.parse({ id: item.id, version: 1, state: h.state, note: h.note });
        expect(h.state === previous && h.state !== 'renegotiated').toBe(false);
        expect(h.at >= at && h.at <= NOW.toISOString()).toBe(true);
        previous = h.state;
        at = h.at;
        const entry = timeline.get(h.entryId);
        expect(entry, `the entry of ${item.text}: ${h.state}`).toBeDefined();
        expect(entry!.kind).toBe(h.state === 'kept' ? 'delivery' : 'promise');
        expect(entry!.occurredAt).toBe(h.at);
        expect(entry!.summary).toBe(`Promise ${words[h.state]}: ${item.text}`);
        expect(entry!.body).toContain(`Engagement: ${names.get(item.engagementId)}\nNote: ${h.note}`);
        cited.add(h.entryId);
        if (h.state === 'renegotiated') {
          expect(h.clientAgreed).toBe(true);
          expect(h.newTerms).toBeTruthy();
          expect(entry!.body).toContain(`New terms: ${h.newTerms} (due ${h.newDueOn}); the client agreed.`);
        } else expect([h.newTerms, h.newDueOn, h.clientAgreed]).toEqual([null, null, null]);
        if (h.evidenceEntryId) {
          expect(h.state).toBe('kept');
          const delivery = timeline.get(h.evidenceEntryId);
          expect(delivery?.kind).toBe('delivery');
          expect(delivery!.occurredAt <= h.at).toBe(true);
          evidence++;
        }
      }
      expect(item.state).toBe(item.history.at(-1)?.state ?? 'open');
      if (item.evidenceEntryId) expect(timeline.get(item.evidenceEntryId)?.kind).toBe('delivery');
      if (item.state === 'kept') expect(item.evidenceEntryId).toBe(item.history.at(-1)!.evidenceEntryId);
      const renegotiated = item.history.filter((h) => h.newDueOn);
      if (renegotiated.length) expect(item.dueOn).toBe(renegotiated.at(-1)!.newDueOn);
    }
  }
  expect(evidence).toBeGreaterThan(byState('kept') / 2);
  // No entry says a promise changed that no item remembers.
  const marks = (await vault.all<EntryRecord>('timeline_entries')).filter((e) => /^Promise (on track|at risk|kept|slipped|missed|renegotiated): /.test(e.data.summary));
  expect(marks.length).toBe(cited.size);

  // Checklists: onboarding and offboarding clients part-way through theirs; former clients finished
  // offboarding (which made them alumni and added the yearly keep-in-touch).
  const keepInTouch = (await listFollowUps(d, { status: 'open' })).filter((f) => f.repeatDays === 365);
  let lists = 0;
  for (const client of clients) {
    const checklists = await listChecklists(d, { clientId: client.id });
    lists += checklists.length;
    for (const c of checklists) {
      expect(c.items.map((i) => i.text)).toEqual(DEFAULT_CHECKLISTS[c.stage]);
      const done = c.items.filter((i) => i.done);
      for (const i of c.items) expect(i.doneAt === null).toBe(!i.done);
      for (const i of done) expect(i.doneAt! >= c.startedAt && i.doneAt! <= NOW.toISOString()).toBe(true);
      expect(c.completedAt).toBe(done.length === c.items.length ? done.map((i) => i.doneAt!).sort().at(-1) : null);
      expect(c.startedAt >= (await getClient(d, { id: client.id })).createdAt).toBe(true);
    }
    const current = checklists.find((c) => c.stage === client.stage);
    if (client.stage === 'onboarding' || client.stage === 'offboarding') {
      expect(current, client.stage).toBeDefined();
      const done = current!.items.filter((i) => i.done).length;
      expect(done).toBeGreaterThan(0);
      expect(done).toBeLessThan(current!.items.length);
      expect(current!.completedAt).toBeNull();
    }
    if (client.stage === 'alumni') {
      const offboarding = checklists.find((c) => c.stage === 'offboarding');
      expect(offboarding?.completedAt).not.toBeNull();
      const followUp = keepInTouch.filter((f) => f.clientId === client.id);
      expect(followUp.map((f) => f.reason)).toEqual([`Keep in touch with ${client.name}`]);
    } else expect(keepInTouch.some((f) => f.clientId === client.id)).toBe(false);
  }
  expect(lists).toBe(result.checklists);
  // Only for stages a client is moved into (a prospect's is never started, alumni's template is empty).
  const stages = new Set((await vault.all<ChecklistRecord>('client_checklists')).map((c) => c.data.stage));
  expect(stages.has('onboarding') && stages.has('offboarding')).toBe(true);
  for (const stage of stages) expect(['onboarding', 'active', 'issue-resolution', 'offboarding']).toContain(stage);

  // The vault still verifies on reopening: every page authenticates (integrity check) and every record parses.
  await vault.close();
  vault = await Vault.open(file, TEST_VAULT_OPTIONS);
  await vault.unlock(PASSPHRASE);
  const counts = await vault.verifyAll();
  expect(counts).toMatchObject({ engagements: result.engagements, expectation_items: result.expectationItems, client_checklists: result.checklists });
  await vault.close();
});

test('the seeded histories are what the services write: replayed through them, the same entries and records', async () => {
  const data = generateSeedData(createSeedFaker(1), { clients: 40, events: 1500, now: NOW });
  const entries = new Map(data.entries.map((e) => [e.id, e.record]));
  const engagementNames = new Map(data.engagements.map((e) => [e.id, e.record.name]));
  // One promise of each history there is: kept (with its evidence), on track then kept, at risk then
  // slipped or missed, renegotiated then kept, and the ones still under way.
  const patterns = new Map<string, (typeof data.items)[number]>();
  for (const item of data.items) {
    const key = item.record.history.map((h) => h.state).join('>');
    if (item.record.kind === 'promise' && key && !patterns.has(key)) patterns.set(key, item);
  }
  for (const key of ['kept', 'on-track>kept', 'at-risk>slipped', 'at-risk>missed', 'renegotiated>kept', 'on-track', 'at-risk', 'renegotiated']) {
    expect([...patterns.keys()]).toContain(key);
  }

  const vault = await testVault();
  let now = new Date('2020-01-01T09:00:00Z');
  const d: ServiceDeps = { vault, clock: { now: () => now } };
  const client = await createClient(d, contract['clients.create'].input.parse({ kind: 'organisation', name: 'Replay Ltd', stage: 'active' }));
  for (const [key, { record: seeded }] of patterns) {
    now = new Date(seeded.createdAt);
    const engagement = await createEngagement(
      d,
      contract['engagements.create'].input.parse({ clientId: client.id, name: engagementNames.get(seeded.engagementId), startOn: seeded.createdAt.slice(0, 10) }),
    );
    const firstDue = seeded.history.some((h) => h.newDueOn) ? seeded.createdAt.slice(0, 10) : seeded.dueOn;
    let item = await addItem(
      d,
      contract['expectations.add'].input.parse({ engagementId: engagement.id, kind: 'promise', text: seeded.text, responsible: seeded.responsible, dueOn: firstDue }),
    );
    const ids = new Map<string, string>();
    for (const h of seeded.history) {
      if (h.evidenceEntryId) {
        const e = entries.get(h.evidenceEntryId)!;
        now = new Date(e.occurredAt);
        const added = await addEntry(d, contract['timeline.add'].input.parse({ clientId: client.id, kind: e.kind, occurredAt: e.occurredAt, summary: e.summary, body: e.body }));
        ids.set(h.evidenceEntryId, added.id);
      }
      now = new Date(h.at);
      const input = contract['expectations.setState'].input.parse({
        id: item.id,
        version: item.version,
        state: h.state,
        note: h.note,
        evidenceEntryId: h.evidenceEntryId ? ids.get(h.evidenceEntryId) : undefined,
        newTerms: h.newTerms ?? undefined,
        newDueOn: h.newDueOn ?? undefined,
        clientAgreed: h.clientAgreed ?? undefined,
      });
      item = await changeItemState(d, input);
      // The entry the service added is the one the seed wrote.
      const added = await vault.get<EntryRecord>('timeline_entries', item.history.at(-1)!.entryId);
      expect(added!.data, `${key}: ${h.state}`).toEqual(entries.get(h.entryId));
    }
    // And the item ends as the seed left it.
    const withoutIds = (history: ItemStateChange[], map: (id: string | null) => string | null) =>
      history.map((h) => ({ ...h, entryId: '', evidenceEntryId: map(h.evidenceEntryId) }));
    expect({ state: item.state, dueOn: item.dueOn, history: withoutIds(item.history, (id) => id) }, key).toEqual({
      state: seeded.state,
      dueOn: seeded.dueOn,
      history: withoutIds(seeded.history, (id) => (id ? ids.get(id)! : null)),
    });
    expect(item.evidenceEntryId).toBe(seeded.evidenceEntryId ? ids.get(seeded.evidenceEntryId) : null);
  }

  // A finished offboarding checklist, ticked through the service at the seeded times, makes the
  // client alumni and adds the keep-in-touch follow-up the seed wrote.
  const alumni = data.clients.find((c) => c.record.stage === 'alumni' && data.checklists.some((l) => l.clientId === c.id && l.record.stage === 'offboarding'))!;
  const seeded = data.checklists.find((l) => l.clientId === alumni.id && l.record.stage === 'offboarding')!.record;
  const leaving = await createClient(d, contract['clients.create'].input.parse({ kind: 'organisation', name: alumni.record.name, stage: 'active' }));
  now = new Date(seeded.startedAt);
  let list = (await setStage(d, contract['clients.setStage'].input.parse({ clientId: leaving.id, stage: 'offboarding', startChecklist: true })))!;
  const order = seeded.items.map((item, index) => ({ item, index })).sort((a, b) => a.item.doneAt!.localeCompare(b.item.doneAt!));
  for (const { item, index } of order) {
    now = new Date(item.doneAt!);
    list = await toggleChecklistItem(d, contract['checklists.toggle'].input.parse({ id: list.id, version: list.version, index, done: true }));
  }
  expect({ stage: list.stage, items: list.items, startedAt: list.startedAt, completedAt: list.completedAt }).toEqual(seeded);
  expect((await getClient(d, { id: leaving.id })).stage).toBe('alumni');
  const [followUp] = (await listFollowUps(d, { status: 'open' })).filter((f) => f.clientId === leaving.id);
  const first = data.followUps.filter((f) => f.clientId === alumni.id && f.record.repeatDays === 365).sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt))[0];
  expect({ reason: followUp.reason, dueOn: followUp.dueOn, repeatDays: followUp.repeatDays }).toEqual({
    reason: first.record.reason,
    dueOn: first.record.dueOn,
    repeatDays: 365,
  });
  expect(first.record.createdAt).toBe(seeded.completedAt);
  await vault.close();
});

test('the same seed gives the same data; another seed gives other data', async () => {
  const ids = () => {
    let n = 0;
    return () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
  };
  const generate = (seed: number, now = NOW) => generateSeedData(createSeedFaker(seed), { clients: 20, events: 300, now, newId: ids() });
  const names = (d: ReturnType<typeof generate>) => [...d.clients, ...d.contacts].map((c) => c.record.name);
  // Same seed and date: everything is the same, the engagements, items and checklists too.
  const first = generate(7);
  expect(first.items.length).toBeGreaterThan(0);
  expect(first.checklists.length).toBeGreaterThan(0);
  expect(first).toEqual(generate(7));
  // Same seed on another day: the same clients and contacts (the timeline moves with the date).
  expect(names(generate(7, new Date('2027-03-02T15:00:00Z')))).toEqual(names(generate(7)));
  expect(names(generate(8))).not.toEqual(names(generate(7)));

  // Through the vault (random ids): the same names either way.
  const seeded = async (seed: number) => {
    const vault = await testVault();
    await seedVault(vault, { clients: 12, events: 50, seed });
    const out = (await listClients(deps(vault))).map((c) => c.name);
    await vault.close();
    return out;
  };
  expect(await seeded(42)).toEqual(await seeded(42));
});

test('contactsPerOrg overrides the number of contacts per organisation', () => {
  const data = generateSeedData(createSeedFaker(1), { clients: 8, events: 0, contactsPerOrg: 2, now: NOW });
  const orgs = data.clients.filter((c) => c.record.kind === 'organisation');
  expect(data.contacts).toHaveLength(orgs.length * 2);
  for (const org of orgs) expect(data.contacts.filter((c) => c.clientId === org.id)).toHaveLength(2);
  expect(data.entries).toHaveLength(0);
  for (const c of data.clients) expect(c.record.lastContactAt).toBeNull();
});

test('the dossier rows scale with the clients, with or without a timeline', () => {
  const counts = (clients: number, events: number) => {
    const d = generateSeedData(createSeedFaker(2), { clients, events, now: NOW });
    return { facts: d.facts.length, dates: d.dates.length, warmth: d.warmth.length, handovers: d.handovers.length, followUps: d.followUps.length, d };
  };
  const small = counts(50, 0);
  const large = counts(500, 0);
  // No timeline: no handovers to record, but every client has warmth, facts and follow-ups.
  expect(small.handovers + large.handovers).toBe(0);
  expect(small.warmth).toBeGreaterThanOrEqual(50);
  for (const table of ['facts', 'dates', 'warmth', 'followUps'] as const) {
    expect(large[table] / small[table]).toBeGreaterThan(6);
    expect(large[table] / small[table]).toBeLessThan(14);
  }
  expect(large.followUps / 500).toBeGreaterThan(5);
  expect(large.followUps / 500).toBeLessThan(7);
  for (const c of large.d.clients) expect(c.record.warmth).not.toBeNull();
  expect(counts(0, 0).followUps).toBe(0);
});

// ---- the command ----

const run = promisify(execFile);

async function seedCli(args: string[], env: Record<string, string | undefined>) {
  const childEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', ...args], {
      cwd: ROOT,
      env: childEnv,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

test('the command creates a vault with the production KDF, then adds to it', async () => {
  const file = path.join(tempDir(), 'cli.rapport');
  const first = await seedCli(['--vault', file, '--clients', '3', '--events', '20'], { RAPPORT_PASSPHRASE: PASSPHRASE });
  expect(first.stderr).toContain('entries 20/20');
  expect(first.code).toBe(0);
  const key = /RECOVERY KEY[^\n]*\n\s*\n\s*(\S+)/.exec(first.stdout)?.[1];
  expect(key && parseRecoveryKey(key).ok).toBe(true);
  expect(first.stdout).toMatch(/Keep it somewhere safe/);

  // A second run unlocks the same vault and adds to it (same seed, fresh ids: no collision).
  const second = await seedCli(['--vault', file, '--clients', '2', '--events', '5'], { RAPPORT_PASSPHRASE: PASSPHRASE });
  expect(second.code).toBe(0);
  expect(second.stdout).not.toContain('RECOVERY KEY');

  const wrong = await seedCli(['--vault', file, '--clients', '1'], { RAPPORT_PASSPHRASE: 'not the right passphrase at all 9' });
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toMatch(/passphrase does not open this vault/);

  const vault = await Vault.open(file, { kdf: DEFAULT_KDF, minKdf: MIN_KDF });
  await vault.unlock(PASSPHRASE);
  expect((await vault.all('clients')).length).toBe(5);
  expect((await vault.all('timeline_entries')).length).toBe(25);
  const clients = await listClients(deps(vault));
  const newest = await Promise.all(clients.map(async (c) => newestInteraction(await listTimeline(deps(vault), { clientId: c.id }))));
  expect(clients.map((c) => c.lastContactAt)).toEqual(newest);
  expect(first.stdout).toMatch(/Added 3 clients, .* and 20 timeline entries to .*\nwith \d+ personal facts?, \d+ important dates?, \d+ warmth readings?, \d+ handovers?, \d+ follow-ups?, \d+ engagements?, \d+ expectation items? and \d+ lifecycle checklists?\./);
  await vault.close();
});

test('the command refuses to run without a passphrase when there is no terminal', async () => {
  const file = path.join(tempDir(), 'none.rapport');
  const r = await seedCli(['--vault', file, '--clients', '1', '--events', '1'], { RAPPORT_PASSPHRASE: undefined });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/No passphrase: set the RAPPORT_PASSPHRASE environment variable/);
  expect(fs.existsSync(file)).toBe(false);
});

test('the command explains bad arguments and has --help', async () => {
  const file = path.join(tempDir(), 'never.rapport');
  // Four separate processes (parsing fails before any vault work), run side by side.
  const [bad, missing, unknown, help] = await Promise.all([
    seedCli(['--vault', file, '--clients', 'many'], { RAPPORT_PASSPHRASE: PASSPHRASE }),
    seedCli(['--clients', '3'], { RAPPORT_PASSPHRASE: PASSPHRASE }),
    seedCli(['--vault', file, '--frobnicate'], { RAPPORT_PASSPHRASE: PASSPHRASE }),
    seedCli(['--help'], {}),
  ]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--clients must be a whole number \(got "many"\)/);

  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/--vault <path> is required/);

  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/frobnicate/);

  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/Usage: npm run seed -- --vault <path>/);
  expect(fs.existsSync(file)).toBe(false);
});
