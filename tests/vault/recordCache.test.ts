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
