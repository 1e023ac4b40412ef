/** Deleting a client removes its contacts and timeline in one transaction: all of it, or none. */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { testVaultKey, withRawDb } from '../support/rawDb';
import { readAll, seedRecords } from '../support/records';
import { PASSPHRASE, fails, ok, testCore } from '../support/vault';

/** SQL on the vault file through a connection of our own, with the database key (the file is page-encrypted). */
const raw = async <T>(file: string, fn: Parameters<typeof withRawDb<T>>[1]) => withRawDb<T>(file, fn, 'rw', await testVaultKey(file));

async function counts(file: string, clientId: string) {
  return raw(file, async (db) => {
    const one = async (sql: string) => (await db.get<{ n: number }>(sql, [clientId]))!.n;
    return {
      clients: await one('SELECT count(*) AS n FROM clients WHERE id = ?'),
      contacts: await one('SELECT count(*) AS n FROM contacts WHERE client_id = ?'),
      timeline: await one('SELECT count(*) AS n FROM timeline_entries WHERE client_id = ?'),
    };
  });
}

const commitCounter = (file: string) =>
  raw(file, async (db) => (await db.get<{ c: number }>('SELECT commit_counter AS c FROM vault_state'))!.c);

async function seeded() {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const ids = await seedRecords(core);
  return { core, ids, file: core.status().vaultPath };
}

async function relock(core: RapportCore) {
  await ok(core, 'vault.lock', {});
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE }); // reopens the file and checks it against its key file
}

describe('client delete', () => {
  test('removes the client, its contacts and its timeline in one commit; the rest stays', async () => {
    const { core, ids, file } = await seeded();
    const [acme, jane] = ids.clientIds;
    expect(await counts(file, acme)).toEqual({ clients: 1, contacts: 2, timeline: 1 });
    const janeBefore = {
      client: await ok(core, 'clients.get', { id: jane }),
      timeline: await ok(core, 'timeline.list', { clientId: jane }),
    };
    const counter = await commitCounter(file);

    await ok(core, 'clients.delete', { id: acme });
    expect(await commitCounter(file)).toBe(counter + 1);
    expect(await counts(file, acme)).toEqual({ clients: 0, contacts: 0, timeline: 0 });
    expect((await fails(core, 'clients.get', { id: acme })).code).toBe('NOT_FOUND');
    expect(await ok(core, 'contacts.list', { clientId: acme })).toEqual([]);
    expect(await ok(core, 'timeline.list', { clientId: acme })).toEqual([]);
    expect((await fails(core, 'clients.delete', { id: acme })).code).toBe('NOT_FOUND');

    await relock(core);
    expect((await ok(core, 'clients.list', {})).map((c) => c.id)).toEqual([jane]);
    expect(await ok(core, 'clients.get', { id: jane })).toEqual(janeBefore.client);
    expect(await ok(core, 'timeline.list', { clientId: jane })).toEqual(janeBefore.timeline);
    await core.dispose();

    // A fresh process agrees.
    const again = await testCore({ dataDir: path.dirname(file) });
    await ok(again, 'vault.unlock', { passphrase: PASSPHRASE });
    expect((await ok(again, 'clients.list', {})).map((c) => c.id)).toEqual([jane]);
    await again.dispose();
  });

  test('a delete that fails at its last step removes nothing', async () => {
    const { core, ids, file } = await seeded();
    const acme = ids.clientIds[0];
    const before = await readAll(core);
    const counter = await commitCounter(file);

    // Make the final DELETE of the client row fail, after its contacts and timeline went.
    await raw(file, (db) =>
      db.run("CREATE TRIGGER refuse_client_delete BEFORE DELETE ON clients BEGIN SELECT RAISE(ABORT, 'refused'); END"),
    );
    const err = await fails(core, 'clients.delete', { id: acme });
    expect(err.code).toBe('CONFLICT');
    expect(await counts(file, acme)).toEqual({ clients: 1, contacts: 2, timeline: 1 });
    expect(await commitCounter(file)).toBe(counter);
    expect(await readAll(core)).toEqual(before);
    await relock(core);
    expect(await readAll(core)).toEqual(before);

    // With the obstacle gone, the same delete goes through whole.
    await raw(file, (db) => db.run('DROP TRIGGER refuse_client_delete'));
    await ok(core, 'clients.delete', { id: acme });
    expect(await counts(file, acme)).toEqual({ clients: 0, contacts: 0, timeline: 0 });
    await relock(core);
    expect((await ok(core, 'clients.list', {})).map((c) => c.name)).toEqual(['Jane Doe']);
    await core.dispose();
  });
});
