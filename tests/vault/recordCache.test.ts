/**
 * The clients and settings tables are kept decrypted in memory while unlocked (vault.ts,
 * CACHED_TABLES). What a read answers must always equal what is in the file: after inserts,
 * updates, deletes and rolled-back writes, and whatever a caller does to what it was given.
 */
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { type StoredRecord, Vault } from '../../src/main/vault/vault';
import { PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from '../support/vault';

interface Client {
  name: string;
  tags: string[];
}

let vault: Vault;
afterEach(async () => vault?.close());

async function freshVault(): Promise<Vault> {
  ({ vault } = await Vault.create(path.join(tempDir(), 'cache.rapport'), PASSPHRASE, TEST_VAULT_OPTIONS));
  await vault.write(async (w) => {
    await w.insert('clients', 'a', { name: 'Ada', tags: ['vip'] });
    await w.insert('clients', 'b', { name: 'Bo', tags: [] });
  });
  return vault;
}

const byId = (rs: StoredRecord<Client>[]) => [...rs].sort((x, y) => x.id.localeCompare(y.id));

/** The records as stored in the file: read inside a transaction, which never uses the cache. */
const fromFile = (v: Vault) => v.write(async (w) => byId(await w.all<Client>('clients')));

test('reads after inserts, updates and deletes equal the file', async () => {
  const v = await freshVault();
  expect(byId(await v.all<Client>('clients'))).toEqual(await fromFile(v)); // fills the cache
  await v.write(async (w) => {
    await w.update('clients', 'a', { name: 'Ada King', tags: ['vip', 'board'] });
    await w.remove('clients', 'b');
    await w.insert('clients', 'c', { name: 'Cy', tags: [] });
    await w.insert('clients', 'd', { name: 'Di', tags: [] });
    await w.remove('clients', 'd'); // added and removed in one transaction
  });
  const after = byId(await v.all<Client>('clients'));
  expect(after.map((r) => [r.id, r.version, r.data.name])).toEqual([
    ['a', 2, 'Ada King'],
    ['c', 1, 'Cy'],
  ]);
  expect(after).toEqual(await fromFile(v));
  expect(await v.get('clients', 'b')).toBeNull();
  expect((await v.get<Client>('clients', 'a'))?.data.tags).toEqual(['vip', 'board']);
});

test('a write that fails changes nothing that is read', async () => {
  const v = await freshVault();
  const before = byId(await v.all<Client>('clients'));
  await expect(
    v.write(async (w) => {
      await w.update('clients', 'a', { name: 'Never', tags: [] });
      await w.remove('clients', 'b');
      throw new Error('abandoned');
    }),
  ).rejects.toThrow('abandoned');
  expect(byId(await v.all<Client>('clients'))).toEqual(before);
  expect(await fromFile(v)).toEqual(before);
});

test('what a caller does to a record it was given does not change the next read', async () => {
  const v = await freshVault();
  await v.all('clients');
  const [first] = byId(await v.all<Client>('clients'));
  first.data.name = 'Mallory';
  first.data.tags.push('changed');
  const one = await v.get<Client>('clients', 'a');
  one!.data.tags.length = 0;
  expect((await v.get<Client>('clients', 'a'))?.data).toEqual({ name: 'Ada', tags: ['vip'] });
  expect(byId(await v.all<Client>('clients'))).toEqual(await fromFile(v));
});

test('full reads interleaved with commits always answer the committed record', async () => {
  const v = await freshVault();
  for (let i = 0; i < 20; i++) {
    const reading = v.all<Client>('clients');
    const writing = v.write((w) => w.update('clients', 'a', { name: `Ada ${i}`, tags: [] }));
    await Promise.all([reading, writing]);
    expect((await v.get<Client>('clients', 'a'))?.data.name).toBe(`Ada ${i}`);
    v.lock(); // start every round with no cache
    await v.unlock(PASSPHRASE);
  }
});

test('locking drops what was decrypted; the next unlock reads the file again', async () => {
  const v = await freshVault();
  await v.all('clients');
  v.lock();
  await expect(v.all('clients')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  await expect(v.get('clients', 'a')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  await v.unlock(PASSPHRASE);
  expect(byId(await v.all<Client>('clients'))).toEqual(await fromFile(v));
});

test('rows of client child tables carry their owner from the same row', async () => {
  const v = await freshVault();
  await v.write(async (w) => {
    await w.insert('facts', 'f1', { text: 'Allergic to nuts' }, { client_id: 'a' });
    await w.insert('facts', 'f2', { text: 'Daughter: Mia' }, { client_id: 'b' });
  });
  const facts = await v.all<{ text: string }>('facts');
  expect(Object.fromEntries(facts.map((f) => [f.id, f.clientId]))).toEqual({ f1: 'a', f2: 'b' });
  expect(Object.fromEntries(await v.clientIdsOf('facts'))).toEqual({ f1: 'a', f2: 'b' });
  expect((await v.all('clients'))[0].clientId).toBeUndefined();
});

test("one client's rows, read again, follow every commit to that table, and are copies", async () => {
  const v = await freshVault();
  const texts = async (client: string) => (await v.all<{ text: string }>('facts', { column: 'client_id', value: client })).map((f) => f.data.text).sort();
  await v.write((w) => w.insert('facts', 'f1', { text: 'Allergic to nuts' }, { client_id: 'a' }));
  expect(await texts('a')).toEqual(['Allergic to nuts']);
  expect(await texts('b')).toEqual([]);
  await v.write(async (w) => {
    await w.insert('facts', 'f2', { text: 'Daughter: Mia' }, { client_id: 'a' });
    await w.insert('facts', 'f3', { text: 'Runs marathons' }, { client_id: 'b' });
  });
  expect(await texts('a')).toEqual(['Allergic to nuts', 'Daughter: Mia']);
  expect(await texts('b')).toEqual(['Runs marathons']);
  await v.write((w) => w.update('facts', 'f1', { text: 'Allergic to peanuts' }));
  await v.write((w) => w.remove('facts', 'f2'));
  expect(await texts('a')).toEqual(['Allergic to peanuts']);
  const [given] = await v.all<{ text: string }>('facts', { column: 'client_id', value: 'a' });
  given.data.text = 'Mallory';
  expect(await texts('a')).toEqual(['Allergic to peanuts']);
  // More clients than are kept: the oldest are read again, with the same answers.
  await v.write(async (w) => {
    for (let i = 0; i < 12; i++) {
      await w.insert('clients', `c${i}`, { name: `Client ${i}`, tags: [] });
      await w.insert('facts', `g${i}`, { text: `Fact ${i}` }, { client_id: `c${i}` });
    }
  });
  for (let round = 0; round < 2; round++) for (let i = 0; i < 12; i++) expect(await texts(`c${i}`)).toEqual([`Fact ${i}`]);
  expect(await texts('a')).toEqual(['Allergic to peanuts']);
});

/** A projection as a service defines one: a few fields, once, at module level. */
const FACT_LENGTH = (f: { text: string }) => ({ length: f.text.length });

test('a kept projection follows every commit, keeps each row\'s owner, and is dropped on lock', async () => {
  const v = await freshVault();
  const view = async () =>
    Object.fromEntries((await v.projected('facts', FACT_LENGTH)).map((r) => [r.id, [r.clientId, r.version, r.data.length]]));
  await v.write((w) => w.insert('facts', 'f1', { text: 'Allergic to nuts' }, { client_id: 'a' }));
  expect(await view()).toEqual({ f1: ['a', 1, 16] });
  await v.write(async (w) => {
    await w.insert('facts', 'f2', { text: 'Mia' }, { client_id: 'b' });
    await w.update('facts', 'f2', { text: 'Daughter: Mia' }); // inserted and changed in one transaction
    await w.update('facts', 'f1', { text: 'Nuts' });
  });
  expect(await view()).toEqual({ f1: ['a', 2, 4], f2: ['b', 2, 13] });
  await expect(
    v.write(async (w) => {
      await w.remove('facts', 'f1');
      throw new Error('abandoned');
    }),
  ).rejects.toThrow('abandoned');
  await v.write((w) => w.remove('facts', 'f2'));
  expect(await view()).toEqual({ f1: ['a', 2, 4] });
  // What was kept equals a fresh projection of the file.
  v.lock();
  await expect(v.projected('facts', FACT_LENGTH)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  await v.unlock(PASSPHRASE);
  expect(await view()).toEqual({ f1: ['a', 2, 4] });
});

test('shared records (the client list) are frozen: a reader cannot change what others will read', async () => {
  const v = await freshVault();
  const shared = byId([...(await v.shared<Client>('clients'))]);
  expect(() => {
    shared[0].data.name = 'Mallory';
  }).toThrow(TypeError);
  expect(() => shared[0].data.tags.push('changed')).toThrow(TypeError);
  // Copies from `all` stay the reader's own to change.
  const [copy] = byId(await v.all<Client>('clients'));
  copy.data.tags.push('mine');
  expect(byId([...(await v.shared<Client>('clients'))])[0].data.tags).toEqual(['vip']);
  expect(byId(await v.all<Client>('clients'))).toEqual(await fromFile(v));
});

test('reads issued right after unlock, of checked and unchecked tables alike, all complete while the check runs', async () => {
  const v = await freshVault();
  await v.write(async (w) => {
    for (let i = 0; i < 2_500; i++) await w.insert('facts', `f${i}`, { text: `Fact ${i}` }, { client_id: i % 2 ? 'a' : 'b' });
  });
  v.lock();
  await v.unlock(PASSPHRASE); // the facts (three slices) are checked behind this
  const reads = await Promise.all([
    v.all('clients'),
    v.all<{ text: string }>('facts', { column: 'client_id', value: 'a' }),
    v.projected('facts', FACT_LENGTH),
    v.get('clients', 'a'),
    v.all('facts'),
    v.shared('clients'),
    v.verified(),
    ...Array.from({ length: 10 }, (_, i) => v.get('facts', `f${i * 200}`)),
  ]);
  expect(reads[1]).toHaveLength(1_250);
  expect(reads[2]).toHaveLength(2_500);
  expect(reads[4]).toHaveLength(2_500);
  expect(reads.slice(7).every((r) => r !== null)).toBe(true);
  await v.write((w) => w.insert('facts', 'late', { text: 'After the check' }, { client_id: 'a' }));
  expect(await v.projected('facts', FACT_LENGTH)).toHaveLength(2_501);
});
