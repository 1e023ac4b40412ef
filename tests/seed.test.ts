import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { createSeedFaker, generateSeedData, HISTORY_DAYS } from '../scripts/seed/generate';
import { seedVault, type SeedProgress } from '../scripts/seed/fill';
import type { ClientRecord } from '../src/main/services/clients';
import { listClients, getClient } from '../src/main/services/clients';
import type { ServiceDeps } from '../src/main/services/deps';
import { listContacts } from '../src/main/services/contacts';
import { listTimeline } from '../src/main/services/timeline';
import type { EntryRecord } from '../src/main/services/timeline';
import { DEFAULT_KDF, MIN_KDF } from '../src/main/vault/crypto';
import { parseRecoveryKey } from '../src/main/vault/recoveryKey';
import { Vault } from '../src/main/vault/vault';
import { contract } from '../src/shared/contract';
import { PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from './support/vault';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = new Date('2026-11-23T09:00:00Z');
const DAY = 86_400_000;

async function testVault(): Promise<Vault> {
  const { vault } = await Vault.create(path.join(tempDir(), 'seed.rapport'), PASSPHRASE, TEST_VAULT_OPTIONS);
  return vault;
}

const deps = (vault: Vault): ServiceDeps => ({ vault, clock: { now: () => NOW } });

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

  // One transaction per batch, not per row.
  const batches = Math.ceil(30 / 50) + Math.ceil(result.contacts / 50) + Math.ceil(400 / 50);
  expect(vault.commitCounter - counterBefore).toBe(batches);
  expect(progress).toHaveLength(batches);
  expect(progress.at(-1)).toEqual({ table: 'entries', done: 400, total: 400 });
  expect(progress.filter((p) => p.table === 'entries').map((p) => p.done)).toEqual([50, 100, 150, 200, 250, 300, 350, 400]);
  await vault.close();
});

test('entries belong to existing clients, contacts to theirs, and lastContactAt is the newest entry', async () => {
  const vault = await testVault();
  await seedVault(vault, { clients: 25, events: 600, seed: 5, now: NOW });
  const clients = await vault.all<ClientRecord>('clients');
  const clientIds = new Set(clients.map((c) => c.id));

  // Every row with a client_id points at a client that exists.
  for (const table of ['contacts', 'timeline_entries'] as const) {
    for (const { key } of await vault.countBy(table, 'client_id')) expect(clientIds.has(key)).toBe(true);
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
    // listTimeline is newest first.
    expect(client.data.lastContactAt).toBe(entries[0]?.occurredAt ?? null);
  }
  expect(contactsSeen).toBe((await vault.all('contacts')).length);
  expect(entriesSeen).toBe(600);
  // Skewed: the busiest client has well over its even share.
  const perClient = (await vault.countBy('timeline_entries', 'client_id')).map((r) => r.count);
  expect(Math.max(...perClient)).toBeGreaterThan(2 * (600 / 25));
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
    });
    expect(client.notes.length).toBeGreaterThan(20);
    expect(client.createdAt <= client.updatedAt).toBe(true);
    expect(client.updatedAt <= NOW.toISOString()).toBe(true);

    const contacts = await listContacts(deps(vault), { clientId: client.id });
    expect(summary.contactCount).toBe(contacts.length);
    for (const c of contacts) {
      contract['contacts.create'].input.parse({ clientId: c.clientId, name: c.name, role: c.role, email: c.email, phone: c.phone });
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

  // The stored record has exactly the fields the services write.
  const [entry] = await vault.all<EntryRecord>('timeline_entries');
  expect(Object.keys(entry.data).sort()).toEqual(['body', 'contactIds', 'createdAt', 'kind', 'occurredAt', 'summary']);
  const [client] = await vault.all<ClientRecord>('clients');
  expect(Object.keys(client.data).sort()).toEqual(
    ['createdAt', 'industry', 'kind', 'lastContactAt', 'name', 'notes', 'owner', 'revenueShare', 'stage', 'tags', 'updatedAt'].sort(),
  );
  await vault.close();
});

test('the same seed gives the same data; another seed gives other data', async () => {
  const ids = () => {
    let n = 0;
    return () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
  };
  const generate = (seed: number, now = NOW) => generateSeedData(createSeedFaker(seed), { clients: 20, events: 300, now, newId: ids() });
  const names = (d: ReturnType<typeof generate>) => [...d.clients, ...d.contacts].map((c) => c.record.name);
  // Same seed and date: everything is the same.
  expect(generate(7)).toEqual(generate(7));
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
  const newest = await Promise.all(clients.map(async (c) => (await listTimeline(deps(vault), { clientId: c.id }))[0]?.occurredAt ?? null));
  expect(clients.map((c) => c.lastContactAt)).toEqual(newest);
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
