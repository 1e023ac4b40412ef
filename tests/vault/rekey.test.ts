/**
 * Re-encrypting the vault under a new database key (vault.rekey): every record is kept, the old
 * database key no longer opens the file, the old recovery kit and an old key file put back are
 * refused, the passphrase still works, progress is reported, reads are answered and writes wait
 * meanwhile, and a refused or failed rekey changes nothing. Also: a new recovery key or passphrase
 * makes an older key file useless (the old kit or passphrase does not get in through it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { AppEvent } from '../../src/shared/types';
import { openConnection } from '../../src/main/vault/database';
import { keyFileOf, readKeyFile, slotOf } from '../../src/main/vault/keyfile';
import { rekeyDbOf, rekeyKeysOf, settleRekey } from '../../src/main/vault/rekey';
import { dbOf, keysOf, stopTimers, vaultOf } from '../support/internals';
import { readAll, seedRecords } from '../support/records';
import { NEW_PASSPHRASE, PASSPHRASE, fails, filesBelow, ok, tempDir, testCore } from '../support/vault';

async function seededVault() {
  const dataDir = tempDir();
  const core = await testCore({ dataDir });
  stopTimers(core);
  const { recoveryKey } = await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await seedRecords(core);
  const file = core.status().vaultPath;
  return { core, dataDir, file, recoveryKey };
}

const fileHash = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file).toString('base64') : null);

describe('vault.rekey', () => {
  test('keeps every record and the passphrase; the old key, the old kit and the old key file are refused', async () => {
    const { core, dataDir, file, recoveryKey: oldKit } = await seededVault();
    const canary = `CANARY${randomBytes(6).toString('hex')}`;
    await ok(core, 'clients.create', { kind: 'person', name: `${canary} client`, notes: `${canary} notes` });
    const before = await readAll(core);
    const oldKey = new Uint8Array(keysOf(vaultOf(core)!)![0]);
    const oldKeyFile = fs.readFileSync(keyFileOf(file));
    const oldSlots = readKeyFile(file);
    const events: AppEvent[] = [];
    core.subscribe((e) => events.push(e));

    const { recoveryKey } = await ok(core, 'vault.rekey', { passphrase: PASSPHRASE });
    expect(recoveryKey).not.toBe(oldKit);
    expect(await readAll(core)).toEqual({ ...before, settings: { ...before.settings, recoveryKeyConfirmed: false } });
    const newKey = new Uint8Array(keysOf(vaultOf(core)!)![0]);
    expect(Buffer.from(newKey).equals(Buffer.from(oldKey))).toBe(false);

    // Progress: rows copied, rising to the total.
    const progress = events.filter((e) => e.type === 'progress' && e.task === 'rekey') as { done: number; total: number }[];
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1].done).toBe(progress[0].total);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));

    // Every slot at its next generation; nothing of the rekey left beside the vault.
    const keys = readKeyFile(file);
    expect(slotOf(keys, 'passphrase').generation).toBe(slotOf(oldSlots, 'passphrase').generation + 1);
    expect(slotOf(keys, 'recovery').generation).toBe(slotOf(oldSlots, 'recovery').generation + 1);
    expect(fs.existsSync(rekeyDbOf(file)) || fs.existsSync(rekeyKeysOf(file))).toBe(false);

    // A write after the rekey lands in the new file.
    await ok(core, 'clients.create', { kind: 'person', name: 'After the rekey' });
    await core.dispose();
    for (const f of filesBelow(dataDir)) expect({ f, clear: fs.readFileSync(f).includes(canary) }).toEqual({ f, clear: false });

    // The old database key does not open the new file; the new one does.
    expect(() => openConnection(file, { key: oldKey })).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    openConnection(file, { key: newKey }).close();

    const again = await testCore({ dataDir });
    const oldRecovery = await fails(again, 'vault.unlockWithRecoveryKey', { recoveryKey: oldKit, newPassphrase: NEW_PASSPHRASE });
    expect(oldRecovery.code).toBe('WRONG_RECOVERY_KEY');
    await ok(again, 'vault.unlock', { passphrase: PASSPHRASE });
    expect((await ok(again, 'clients.list', {})).map((c) => c.name)).toContain('After the rekey');
    await ok(again, 'vault.lock', {});
    await ok(again, 'vault.unlockWithRecoveryKey', { recoveryKey, newPassphrase: NEW_PASSPHRASE });
    await again.dispose();

    // The old key file put back: its key does not open the file, with the old passphrase or kit.
    fs.writeFileSync(keyFileOf(file), oldKeyFile);
    const old = await testCore({ dataDir });
    expect((await fails(old, 'vault.unlock', { passphrase: PASSPHRASE })).code).toBe('CORRUPT');
    expect(old.status().state).toBe('locked');
    await old.dispose();
  });

  test('a wrong passphrase is refused and nothing changes', async () => {
    const { core, dataDir, file } = await seededVault();
    await ok(core, 'vault.lock', {});
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    const files = filesBelow(dataDir).sort();
    const hashes = [file, keyFileOf(file)].map(fileHash);
    const err = await fails(core, 'vault.rekey', { passphrase: NEW_PASSPHRASE });
    expect(err.code).toBe('WRONG_PASSPHRASE');
    expect(filesBelow(dataDir).sort()).toEqual(files);
    expect([file, keyFileOf(file)].map(fileHash)).toEqual(hashes);
    expect((await fails(core, 'vault.rekey', { passphrase: '' })).code).toBe('INVALID_INPUT');
    await ok(core, 'vault.lock', {});
    expect((await fails(core, 'vault.rekey', { passphrase: PASSPHRASE })).code).toBe('VAULT_LOCKED');
    await core.dispose();
  });

  test('reads are answered during a rekey, a write made meanwhile waits and is kept', async () => {
    const { core, file } = await seededVault();
    // Enough rows for many chunks.
    const client = (await ok(core, 'clients.list', {}))[0];
    await vaultOf(core)!.write(async (w) => {
      for (let i = 0; i < 12_000; i++) await w.insert('timeline_entries', `bulk-${i}`, { summary: `entry ${i}` }, { client_id: client.id });
    });
    let answered = 0;
    let copied = 0;
    const rekey = core.call('vault.rekey', { passphrase: PASSPHRASE });
    const reads = (async () => {
      while (copied === 0) await new Promise((r) => setImmediate(r));
      await ok(core, 'clients.list', {});
      answered = copied;
    })();
    core.subscribe((e) => {
      if (e.type === 'progress' && e.task === 'rekey') copied = e.done;
    });
    // Started while the copy runs: it must wait for the swap and land in the new file.
    while (copied === 0) await new Promise((r) => setImmediate(r));
    const write = ok(core, 'clients.create', { kind: 'person', name: 'Written during the rekey' });
    await reads;
    expect((await rekey).ok).toBe(true);
    await write;
    // The read was answered while rows were still being copied.
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(12_000);
    expect((await ok(core, 'clients.list', {})).map((c) => c.name)).toContain('Written during the rekey');
    expect(await vaultOf(core)!.verifyAll()).toMatchObject({ timeline_entries: 12_002 });
    await core.dispose();
    expect(fs.existsSync(rekeyDbOf(file))).toBe(false);
  });

  test('a failure half-way (the vault locked during the copy) leaves the vault as it was', async () => {
    const { core, dataDir, file } = await seededVault();
    const client = (await ok(core, 'clients.list', {}))[0];
    await vaultOf(core)!.write(async (w) => {
      for (let i = 0; i < 6_000; i++) await w.insert('timeline_entries', `bulk-${i}`, { summary: `entry ${i}` }, { client_id: client.id });
    });
    const before = { clients: await ok(core, 'clients.list', {}), counts: await vaultOf(core)!.verifyAll() };
    const keysBefore = fileHash(keyFileOf(file));
    let locked = false;
    core.subscribe((e) => {
      if (e.type === 'progress' && e.task === 'rekey' && !locked) {
        locked = true;
        void core.call('vault.lock', {});
      }
    });
    const err = await fails(core, 'vault.rekey', { passphrase: PASSPHRASE });
    expect(err.code).toBe('VAULT_LOCKED');
    expect(fs.existsSync(rekeyDbOf(file)) || fs.existsSync(rekeyKeysOf(file))).toBe(false);
    expect(filesBelow(dataDir).filter((f) => f.includes('.rekey'))).toEqual([]);
    expect(readKeyFile(file).slots).toEqual(JSON.parse(keysBefore ? Buffer.from(keysBefore, 'base64').toString() : 'null').slots);
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect({ clients: await ok(core, 'clients.list', {}), counts: await vaultOf(core)!.verifyAll() }).toEqual(before);
    await core.dispose();
  });

  test('a kill while the new key file was being written leaves its temporary file, which the next open removes', () => {
    // Found by the SIGKILL test: the atomic write's `.<name>.<random>.tmp` was left beside the vault.
    const dir = tempDir();
    const file = path.join(dir, 'practice.rapport');
    const temp = path.join(dir, `.${path.basename(rekeyKeysOf(file))}.0123456789ab.tmp`);
    const unrelated = path.join(dir, '.practice.rapport.keys.0123456789ab.tmp');
    fs.writeFileSync(temp, '{}');
    fs.writeFileSync(unrelated, '{}');
    settleRekey(file);
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(unrelated)]);
  });

  test('refused while another program has the vault file open, with nothing changed; works once it is closed', async () => {
    const { core, dataDir, file } = await seededVault();
    const before = await readAll(core);
    const other = openConnection(file, { key: new Uint8Array(keysOf(vaultOf(core)!)![0]) });
    other.prepare('SELECT count(*) FROM clients').get();
    // The slots (the key file's counter may be brought up to date meanwhile, as after any commit).
    const slots = readKeyFile(file).slots;
    const err = await fails(core, 'vault.rekey', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/open in another program/);
    expect(readKeyFile(file).slots).toEqual(slots);
    expect(filesBelow(dataDir).filter((f) => f.includes('.rekey'))).toEqual([]);
    expect(await readAll(core)).toEqual(before);
    other.close();
    await ok(core, 'vault.rekey', { passphrase: PASSPHRASE });
    expect((await readAll(core)).full).toEqual(before.full);
    await core.dispose();
  });

  test('the database key is not left in the connection the copy used', async () => {
    const { core } = await seededVault();
    await ok(core, 'vault.rekey', { passphrase: PASSPHRASE });
    const open = dbOf(vaultOf(core)!)!;
    expect(open.writer.prepare(`SELECT name FROM pragma_database_list`).all()).toEqual([{ name: 'main' }]);
    await core.dispose();
  });
});

describe('an older key file after a key change', () => {
  test('after a new recovery key, the old key file put back is refused: the old kit does not get in', async () => {
    const { core, dataDir, file, recoveryKey: oldKit } = await seededVault();
    const oldKeys = fs.readFileSync(keyFileOf(file));
    await ok(core, 'vault.newRecoveryKey', { passphrase: PASSPHRASE });
    await core.dispose();
    fs.writeFileSync(keyFileOf(file), oldKeys);
    const again = await testCore({ dataDir });
    const err = await fails(again, 'vault.unlockWithRecoveryKey', { recoveryKey: oldKit, newPassphrase: NEW_PASSPHRASE });
    expect(err.code).toBe('DOWNGRADE');
    expect(again.status().state).toBe('locked');
    // With the current key file the old kit is simply wrong.
    await again.dispose();
  });

  test('a passphrase change bumps the passphrase generation, in the key file and in the database', async () => {
    const { core, file } = await seededVault();
    const before = slotOf(readKeyFile(file), 'passphrase').generation;
    await ok(core, 'vault.changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE });
    expect(slotOf(readKeyFile(file), 'passphrase').generation).toBe(before + 1);
    const state = dbOf(vaultOf(core)!)!.reader.prepare('SELECT passphrase_generation AS g FROM vault_state').get() as { g: number };
    expect(state.g).toBe(before + 1);
    await core.dispose();
    expect(path.basename(file)).toMatch(/\.rapport$/);
  });
});

