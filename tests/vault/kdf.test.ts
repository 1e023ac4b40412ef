/**
 * Key derivation: the production core uses Argon2id at 256 MiB and 3 passes; a passphrase slot
 * below the minimum is refused as a DOWNGRADE before anything is derived or changed; any other edit
 * of a slot is damage (CORRUPT), told apart from a wrong passphrase.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { type RapportCore, createCore } from '../../src/main/core';
import type { VaultOptions } from '../../src/main/vault/vault';
import { keyFileOf } from '../../src/main/vault/keyfile';
import fs from 'node:fs';
import { contentHash, keySlots, testVaultKey } from '../support/rawDb';
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
  await testVaultKey(file); // known before a test damages the slot that gives it
  return { file, dataDir: path.dirname(file), recoveryKey, before };
}

/** A key file's JSON, to edit as someone with the files could. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of a parsed JSON file
type Json = Record<string, any>;

/** Edits the passphrase slot in the vault's key file, as someone with the files could. */
function editPassphraseSlot(file: string, edit: (slot: Json) => void): void {
  const keys = JSON.parse(fs.readFileSync(keyFileOf(file), 'utf8'));
  edit(keys.slots.find((s: { kind: string }) => s.kind === 'passphrase'));
  fs.writeFileSync(keyFileOf(file), JSON.stringify(keys));
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
    ['memLimit lowered', (s: Json) => (s.kdf.memLimit = 1048576)],
    ['opsLimit lowered', (s: Json) => (s.kdf.opsLimit = 0)],
    ['alg changed', (s: Json) => (s.kdf.alg = 'argon2i13')],
  ] as const) {
    test(`the passphrase slot edited in the key file (${what}) is refused as DOWNGRADE; nothing changes`, async () => {
      const v = await closedVault();
      const original = (await keySlots(v.file)).find((s) => s.kind === 'passphrase')!;
      editPassphraseSlot(v.file, change);
      const core = await testCore({ dataDir: v.dataDir });
      await expectDowngrade(core, v.file);
      await core.dispose();

      // Putting the parameters back restores access: only the parameters were at fault.
      editPassphraseSlot(v.file, (s) => (s.kdf = original.kdf));
      const again = await testCore({ dataDir: v.dataDir });
      await ok(again, 'vault.unlock', { passphrase: PASSPHRASE });
      expect(await readAll(again)).toEqual(v.before);
      await again.dispose();
    });
  }

  test('raised or absurd parameters are damage, refused at once as CORRUPT, never a wrong passphrase', async () => {
    const v = await closedVault();
    editPassphraseSlot(v.file, (s) => (s.kdf.opsLimit = 2));
    const core = await testCore({ dataDir: v.dataDir });
    const raised = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(raised.code).toBe('CORRUPT');
    expect(raised.message).toMatch(/never writes.*backup/);
    await core.dispose();

    editPassphraseSlot(v.file, (s) => (s.kdf = { alg: 'argon2id13', opsLimit: 4_000_000, memLimit: 2 ** 50 }));
    const again = await testCore({ dataDir: v.dataDir });
    const started = performance.now();
    const absurd = await fails(again, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(absurd.code).toBe('CORRUPT');
    expect(absurd.message).toMatch(/absurd/);
    expect(performance.now() - started).toBeLessThan(1_000);
    await again.dispose();
  });

  test('a slot edited where its parameters are right (wrapped key swapped, vault id changed) is CORRUPT with the right passphrase', async () => {
    const v = await closedVault();
    const keysFile = keyFileOf(v.file);
    const pristine = fs.readFileSync(keysFile, 'utf8');
    const edits: [string, (k: Json) => void][] = [
      ['wrapped key of the recovery slot', (k) => (k.slots[0].wrapped = k.slots[1].wrapped)],
      ['vault id', (k) => (k.vaultId = '00000000-0000-4000-8000-000000000000')],
      ['generation', (k) => (k.slots.find((s: { kind: string }) => s.kind === 'passphrase').generation += 5)],
    ];
    for (const [what, edit] of edits) {
      const keys = JSON.parse(pristine);
      edit(keys);
      fs.writeFileSync(keysFile, JSON.stringify(keys));
      const core = await testCore({ dataDir: v.dataDir });
      const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
      expect({ what, code: err.code }).toEqual({ what, code: 'CORRUPT' });
      expect((await fails(core, 'vault.unlock', { passphrase: NEW_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
      await core.dispose();
    }
    fs.writeFileSync(keysFile, pristine);
    const core = await testCore({ dataDir: v.dataDir });
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    await core.dispose();
  });

  test('the recovery key still opens a downgraded vault and writes a proper slot', async () => {
    const v = await closedVault();
    editPassphraseSlot(v.file, (s) => (s.kdf.memLimit = 1048576));
    const core = await testCore({ dataDir: v.dataDir });
    await ok(core, 'vault.unlockWithRecoveryKey', { recoveryKey: v.recoveryKey, newPassphrase: NEW_PASSPHRASE });
    expect(await readAll(core)).toEqual(v.before);
    const slot = (await keySlots(v.file)).find((s) => s.kind === 'passphrase')!;
    expect(slot.kdf).toEqual(TEST_KDF);
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
      expect(slot.kdf).toEqual({ alg: 'argon2id13', opsLimit: 3, memLimit: 268435456 });
      expect(Buffer.from(slot.salt!, 'base64').length).toBe(16);
      expect(Buffer.from(slot.wrapped, 'base64').length).toBe(24 + 32 + 16); // nonce, key, tag
      expect(slots.find((s) => s.kind === 'recovery')).toMatchObject({ kdf: null, salt: null });
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
