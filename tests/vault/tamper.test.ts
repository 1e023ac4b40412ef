/**
 * Changes made to the vault file behind Rapport's back, on a separate sqlite3 connection,
 * are reported as CORRUPT naming the table (and the row, where one row is at fault):
 * per-row authentication when the row is read, the integrity accumulator at unlock (clients and
 * settings) or in the background right after it (every other table).
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import type { AppEvent } from '../../src/shared/types';
import { Vault } from '../../src/main/vault/vault';
import { type RawDb, withRawDb } from '../support/rawDb';
import { type Seeded, readAll, seedRecords } from '../support/records';
import { PASSPHRASE, TEST_VAULT_OPTIONS, fails, ok, testCore } from '../support/vault';

interface Fixture {
  dataDir: string;
  file: string;
  seeded: Seeded;
  before: Awaited<ReturnType<typeof readAll>>;
}

/** A closed vault with records. */
async function closedVault(extra?: (core: RapportCore, seeded: Seeded) => Promise<void>): Promise<Fixture> {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const seeded = await seedRecords(core);
  await extra?.(core, seeded);
  const before = await readAll(core);
  const file = core.status().vaultPath;
  await core.dispose();
  return { dataDir: path.dirname(file), file, seeded, before };
}

async function reopen(f: Fixture): Promise<RapportCore> {
  return testCore({ dataDir: f.dataDir });
}

const rowOf = (db: RawDb, table: string, id: string) =>
  db.get<{ version: number; key_id: number; data: Buffer }>(`SELECT version, key_id, data FROM ${table} WHERE id = ?`, [id]);

describe('tampering is detected', () => {
  test('control: an untouched vault unlocks and reads back', async () => {
    const f = await closedVault();
    const core = await reopen(f);
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await readAll(core)).toEqual(f.before);
    await core.dispose();
  });

  test('one byte flipped in a client row: reading it gives CORRUPT naming table and row', async () => {
    const f = await closedVault();
    const [acme, jane] = f.seeded.clientIds;
    await withRawDb(f.file, async (db) => {
      const row = (await rowOf(db, 'clients', acme))!;
      const data = Buffer.from(row.data);
      data[40] ^= 0x01; // inside the ciphertext, after the 24-byte nonce
      expect(await db.run('UPDATE clients SET data = ? WHERE id = ?', [data, acme])).toBe(1);
    });

    const core = await reopen(f);
    // The row is still there at the version Rapport wrote: unlock passes; the row fails when read.
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    const err = await fails(core, 'clients.get', { id: acme });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain('clients');
    expect(err.message).toContain(acme);
    expect((await fails(core, 'clients.list', {})).code).toBe('CORRUPT');
    // The other client is unharmed, and so are its children.
    expect((await ok(core, 'clients.get', { id: jane })).name).toBe('Jane Doe');
    // A write through the damaged row is refused too.
    const upd = await fails(core, 'clients.update', { id: acme, version: 2, name: 'Overwrite' });
    expect(upd.code).toBe('CORRUPT');
    await core.dispose();
  });

  test('the data of two client rows swapped: both give CORRUPT', async () => {
    const f = await closedVault();
    const [acme, jane] = f.seeded.clientIds;
    await withRawDb(f.file, async (db) => {
      const a = (await rowOf(db, 'clients', acme))!;
      const j = (await rowOf(db, 'clients', jane))!;
      expect(a.version).toBe(j.version); // so only the data differs
      await db.run('UPDATE clients SET data = ? WHERE id = ?', [j.data, acme]);
      await db.run('UPDATE clients SET data = ? WHERE id = ?', [a.data, jane]);
    });
    const core = await reopen(f);
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    for (const id of [acme, jane]) {
      const err = await fails(core, 'clients.get', { id });
      expect(err.code).toBe('CORRUPT');
      expect(err.message).toContain('clients');
      expect(err.message).toContain(id);
    }
    await core.dispose();
  });

  test("a contact's data copied over another contact's gives CORRUPT", async () => {
    const f = await closedVault();
    const [ada, bob] = f.seeded.contactIds;
    await withRawDb(f.file, async (db) => {
      const a = (await rowOf(db, 'contacts', ada))!;
      await db.run('UPDATE contacts SET data = ?, version = ? WHERE id = ?', [a.data, a.version, bob]);
    });
    const core = await reopen(f);
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    const err = await fails(core, 'contacts.list', { clientId: f.seeded.clientIds[0] });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain('contacts');
    await core.dispose();
  });

  test('an older version of a row put back: unlock gives CORRUPT naming the table', async () => {
    let saved: { version: number; data: Buffer } | undefined;
    const f = await closedVault(async (core, seeded) => {
      const id = seeded.clientIds[0];
      await withRawDb(core.status().vaultPath, async (db) => {
        saved = await rowOf(db, 'clients', id);
      });
      const current = await ok(core, 'clients.get', { id });
      await ok(core, 'clients.update', { id, version: current.version, notes: 'Changed since' });
    });
    const id = f.seeded.clientIds[0];
    await withRawDb(f.file, async (db) => {
      expect((await rowOf(db, 'clients', id))!.version).toBe(saved!.version + 1);
      await db.run('UPDATE clients SET version = ?, data = ? WHERE id = ?', [saved!.version, saved!.data, id]);
    });

    const core = await reopen(f);
    const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain('clients');
    expect(core.status().state).toBe('locked');
    expect((await fails(core, 'clients.list', {})).code).toBe('VAULT_LOCKED');
    await core.dispose();
  });

  test('a row deleted behind the app, in a table checked after unlock: the vault locks itself, says why, and stays locked', async () => {
    const f = await closedVault();
    await withRawDb(f.file, async (db) => {
      expect(await db.run('DELETE FROM timeline_entries WHERE id = ?', [f.seeded.entryIds[1]])).toBe(1);
    });
    const core = await reopen(f);
    const events: AppEvent[] = [];
    core.subscribe((e) => events.push(e));
    const lockedItself = new Promise<void>((resolve) => core.subscribe((e) => e.type === 'locked' && e.reason === 'corrupt' && resolve()));
    // Unlock answers once clients and settings are verified; the timeline is checked right after,
    // so unlock itself may succeed or already report the damage. Either way the vault then locks.
    const unlocked = await core.call('vault.unlock', { passphrase: PASSPHRASE });
    if (!unlocked.ok) expect(unlocked.error.code).toBe('CORRUPT');
    await lockedItself;
    expect(events.filter((e) => e.type === 'locked')).toEqual([{ type: 'locked', reason: 'corrupt' }]);
    expect(core.status().state).toBe('locked');
    expect(core.status().integrityError).toContain('timeline_entries');
    // Every call now says why, and unlocking again is refused until the vault is restored.
    const read = await fails(core, 'clients.list', {});
    expect(read.code).toBe('CORRUPT');
    expect(read.message).toContain('timeline_entries');
    const again = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(again.code).toBe('CORRUPT');
    expect(again.message).toContain('timeline_entries');
    await core.dispose();
  });

  test('a read of a table not yet verified waits for its check and never returns unverified rows', async () => {
    const f = await closedVault();
    await withRawDb(f.file, async (db) => {
      expect(await db.run('DELETE FROM timeline_entries WHERE id = ?', [f.seeded.entryIds[1]])).toBe(1);
    });
    const vault = await Vault.open(f.file, TEST_VAULT_OPTIONS);
    const told: string[] = [];
    vault.integrityListeners.add((e) => told.push(e.message));
    await vault.unlock(PASSPHRASE); // clients and settings are intact
    // Issued at once, before the background check reached the timeline: it waits, then fails.
    const [entries, clients] = await Promise.allSettled([vault.all('timeline_entries'), vault.verified()]);
    for (const r of [entries, clients]) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CORRUPT' });
      expect((r as PromiseRejectedResult).reason.message).toContain('timeline_entries');
    }
    expect(vault.isUnlocked).toBe(false);
    expect(told).toHaveLength(1);
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'CORRUPT' });
    await expect(vault.write(async () => undefined)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await vault.close();
  });

  test('a row added behind the app (a copy under a new id): unlock gives CORRUPT', async () => {
    const f = await closedVault();
    await withRawDb(f.file, async (db) => {
      await db.run(
        "INSERT INTO clients (id, version, key_id, data) SELECT '00000000-0000-4000-8000-000000000000', version, key_id, data FROM clients WHERE id = ?",
        [f.seeded.clientIds[1]],
      );
    });
    const core = await reopen(f);
    const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain('clients');
    await core.dispose();
  });

  test('the settings row removed: unlock gives CORRUPT, not silent defaults', async () => {
    const f = await closedVault();
    await withRawDb(f.file, (db) => db.run('DELETE FROM settings'));
    const core = await reopen(f);
    const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain('settings');
    await core.dispose();
  });

  test('the commit counter changed in clear text: unlock gives CORRUPT', async () => {
    const f = await closedVault();
    await withRawDb(f.file, (db) => db.run('UPDATE vault_state SET commit_counter = commit_counter - 1'));
    const core = await reopen(f);
    const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain('vault_state');
    await core.dispose();
  });

  test("a row's key id changed: reading it gives CORRUPT", async () => {
    const f = await closedVault();
    const jane = f.seeded.clientIds[1];
    await withRawDb(f.file, (db) => db.run('UPDATE clients SET key_id = 2 WHERE id = ?', [jane]));
    const core = await reopen(f);
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    const err = await fails(core, 'clients.get', { id: jane });
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain(jane);
    await core.dispose();
  });
});
