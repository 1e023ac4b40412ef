/**
 * Key derivation: the production core uses Argon2id at 256 MiB and 3 passes; a passphrase slot
 * below the minimum is refused as a DOWNGRADE before anything is derived or changed.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { type RapportCore, createCore } from '../../src/main/core';
import type { VaultOptions } from '../../src/main/vault/vault';
import { contentHash, keySlots, withRawDb } from '../support/rawDb';
import { readAll, seedRecords } from '../support/records';
import { NEW_PASSPHRASE, PASSPHRASE, TEST_KDF, fails, ok, tempDir, testCore, webHost } from '../support/vault';

const MiB = 1024 * 1024;

async function closedVault() {
  const core = await testCore();
  const { recoveryKey } = await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await seedRecords(core);
  const before = await readAll(core);
  const file = core.status().vaultPath;
  await core.dispose();
  return { file, dataDir: path.dirname(file), recoveryKey, before };
}

async function expectDowngrade(core: RapportCore, file: string): Promise<string> {
  const hash = await contentHash(file);
  const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
  expect(err.code).toBe('DOWNGRADE');
  expect(core.status().state).toBe('locked');
  expect(await contentHash(file)).toBe(hash);
  return err.message;
}

describe('key derivation parameters', () => {
  test('a slot below the minimum of the opening core is refused as DOWNGRADE', async () => {
    const v = await closedVault();
    const stricter: VaultOptions = { kdf: TEST_KDF, minKdf: { ...TEST_KDF, memLimit: 16 * MiB } };
    const core = await testCore({ dataDir: v.dataDir, vaultOptions: stricter });
    const message = await expectDowngrade(core, v.file);
    expect(message).toContain('8 MiB, 1 passes');
    expect(message).toContain('the minimum is 16 MiB');
    await core.dispose();

    const morePasses: VaultOptions = { kdf: TEST_KDF, minKdf: { ...TEST_KDF, opsLimit: 2 } };
    const core2 = await testCore({ dataDir: v.dataDir, vaultOptions: morePasses });
    await expectDowngrade(core2, v.file);
    await core2.dispose();
  });

  for (const [what, change] of [
    ['mem_limit lowered', 'UPDATE key_slots SET mem_limit = 1048576 WHERE kind = ?'],
    ['ops_limit lowered', 'UPDATE key_slots SET ops_limit = 0 WHERE kind = ?'],
    ['kdf_alg changed', "UPDATE key_slots SET kdf_alg = 'argon2i13' WHERE kind = ?"],
  ] as const) {
    test(`the passphrase slot edited in the file (${what}) is refused as DOWNGRADE; nothing changes`, async () => {
      const v = await closedVault();
      const original = (await keySlots(v.file)).find((s) => s.kind === 'passphrase')!;
      await withRawDb(v.file, async (db) => expect(await db.run(change, ['passphrase'])).toBe(1));
      const core = await testCore({ dataDir: v.dataDir });
      await expectDowngrade(core, v.file);
      await core.dispose();

      // Putting the parameters back restores access: only the parameters were at fault.
      await withRawDb(v.file, (db) =>
        db.run('UPDATE key_slots SET kdf_alg = ?, ops_limit = ?, mem_limit = ? WHERE kind = ?', [
          original.kdf_alg,
          original.ops_limit,
          original.mem_limit,
          'passphrase',
        ]),
      );
      const again = await testCore({ dataDir: v.dataDir });
      await ok(again, 'vault.unlock', { passphrase: PASSPHRASE });
      expect(await readAll(again)).toEqual(v.before);
      await again.dispose();
    });
  }

  test('raised parameters are bound to the slot: they do not open it either', async () => {
    const v = await closedVault();
    await withRawDb(v.file, (db) => db.run("UPDATE key_slots SET ops_limit = 2 WHERE kind = 'passphrase'"));
    const core = await testCore({ dataDir: v.dataDir });
    expect((await fails(core, 'vault.unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await core.dispose();
  });

  test('the recovery key still opens a downgraded vault and writes a proper slot', async () => {
    const v = await closedVault();
    await withRawDb(v.file, (db) => db.run("UPDATE key_slots SET mem_limit = 1048576 WHERE kind = 'passphrase'"));
    const core = await testCore({ dataDir: v.dataDir });
    await ok(core, 'vault.unlockWithRecoveryKey', { recoveryKey: v.recoveryKey, newPassphrase: NEW_PASSPHRASE });
    expect(await readAll(core)).toEqual(v.before);
    const slot = (await keySlots(v.file)).find((s) => s.kind === 'passphrase')!;
    expect([slot.ops_limit, slot.mem_limit]).toEqual([TEST_KDF.opsLimit, TEST_KDF.memLimit]);
    await ok(core, 'vault.lock', {});
    await ok(core, 'vault.unlock', { passphrase: NEW_PASSPHRASE });
    await core.dispose();
  });

  test('the production core: Argon2id at 256 MiB and 3 passes, stored with the slot', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir, host: webHost });
    await core.start();
    try {
      await ok(core, 'vault.create', { passphrase: PASSPHRASE });
      const client = await ok(core, 'clients.create', { kind: 'person', name: 'Production Pat' });
      await ok(core, 'vault.lock', {});
      expect((await fails(core, 'clients.list', {})).code).toBe('VAULT_LOCKED');
      await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
      expect((await ok(core, 'clients.get', { id: client.id })).name).toBe('Production Pat');

      const slots = await keySlots(core.status().vaultPath);
      const slot = slots.find((s) => s.kind === 'passphrase')!;
      expect(slot).toMatchObject({ kdf_alg: 'argon2id13', ops_limit: 3, mem_limit: 268435456 });
      expect(slot.salt!.length).toBe(16);
      expect(slot.wrapped.length).toBe(24 + 32 + 16); // nonce, key, tag
      expect(slots.find((s) => s.kind === 'recovery')).toMatchObject({ kdf_alg: null, salt: null });
    } finally {
      await core.dispose();
    }
  });

  test('the production core refuses a vault made with test parameters as DOWNGRADE', async () => {
    const v = await closedVault();
    const core = createCore({ dataDir: v.dataDir, host: webHost });
    await core.start();
    const message = await expectDowngrade(core, v.file);
    expect(message).toContain('the minimum is 64 MiB, 3 passes');
    await core.dispose();
  });
});
