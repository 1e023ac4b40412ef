/** The recovery key: unlocks and sets a new passphrase, refuses typos and other vaults' keys, rotates. */
import { describe, expect, test } from 'vitest';
import { contentHash, keySlots } from '../support/rawDb';
import { readAll, seedRecords } from '../support/records';
import { NEW_PASSPHRASE, PASSPHRASE, fails, ok, testCore } from '../support/vault';

const THIRD_PASSPHRASE = 'quiet lantern orbit nineteen cobalt';

async function seededLockedVault() {
  const core = await testCore();
  const { recoveryKey } = await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await seedRecords(core);
  const before = await readAll(core);
  await ok(core, 'vault.lock', {});
  return { core, recoveryKey, before, file: core.status().vaultPath };
}

/** The same key with one character replaced by another valid one. */
function withTypo(key: string, index: number): string {
  const chars = key.split('');
  let i = -1;
  for (let j = 0, seen = 0; j < chars.length; j++) {
    if (chars[j] === '-') continue;
    if (seen++ === index) i = j;
  }
  chars[i] = chars[i] === 'Q' ? 'R' : 'Q';
  return chars.join('');
}

describe('recovery key', () => {
  test('unlocks, sets a new passphrase and keeps every record; the old passphrase stops working', async () => {
    const { core, recoveryKey, before, file } = await seededLockedVault();
    const recoverySlot = (await keySlots(file)).find((s) => s.kind === 'recovery');

    const status = await ok(core, 'vault.unlockWithRecoveryKey', { recoveryKey, newPassphrase: NEW_PASSPHRASE });
    expect(status.state).toBe('unlocked');
    expect(await readAll(core)).toEqual(before);
    // Only the passphrase slot was rewrapped.
    expect((await keySlots(file)).find((s) => s.kind === 'recovery')).toEqual(recoverySlot);

    await ok(core, 'vault.lock', {});
    const old = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(old.code).toBe('WRONG_PASSPHRASE');
    await ok(core, 'vault.unlock', { passphrase: NEW_PASSPHRASE });
    expect(await readAll(core)).toEqual(before);
    await core.dispose();
  });

  test('accepts the key typed in lower case, with spaces instead of dashes', async () => {
    const { core, recoveryKey, before } = await seededLockedVault();
    const typed = ` ${recoveryKey.toLowerCase().replace(/-/g, ' ')} `;
    await ok(core, 'vault.unlockWithRecoveryKey', { recoveryKey: typed, newPassphrase: NEW_PASSPHRASE });
    expect(await readAll(core)).toEqual(before);
    await core.dispose();
  });

  test('a key with a typo gives WRONG_RECOVERY_KEY with a clear message, and changes nothing', async () => {
    const { core, recoveryKey, file } = await seededLockedVault();
    const hash = await contentHash(file);

    for (const index of [0, 17, 40, 54]) {
      const err = await fails(core, 'vault.unlockWithRecoveryKey', {
        recoveryKey: withTypo(recoveryKey, index),
        newPassphrase: NEW_PASSPHRASE,
      });
      expect(err.code).toBe('WRONG_RECOVERY_KEY');
      expect(err.message).toMatch(/typo/i);
    }
    const short = await fails(core, 'vault.unlockWithRecoveryKey', {
      recoveryKey: recoveryKey.slice(0, -6),
      newPassphrase: NEW_PASSPHRASE,
    });
    expect(short.code).toBe('WRONG_RECOVERY_KEY');
    expect(short.message).toMatch(/55 letters and digits; this one has 50/);
    const alien = await fails(core, 'vault.unlockWithRecoveryKey', {
      recoveryKey: `${recoveryKey.slice(0, -1)}9`,
      newPassphrase: NEW_PASSPHRASE,
    });
    expect(alien.code).toBe('WRONG_RECOVERY_KEY');
    expect(alien.message).toMatch(/A to Z and the digits 2 to 7/);

    expect(core.status().state).toBe('locked');
    expect(await contentHash(file)).toBe(hash);
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    await core.dispose();
  });

  test("another vault's valid key gives WRONG_RECOVERY_KEY and changes nothing", async () => {
    const { core, file, before } = await seededLockedVault();
    const other = await testCore();
    const { recoveryKey: otherKey } = await ok(other, 'vault.create', { passphrase: PASSPHRASE });
    await other.dispose();
    const slots = await keySlots(file);
    const hash = await contentHash(file);

    const err = await fails(core, 'vault.unlockWithRecoveryKey', { recoveryKey: otherKey, newPassphrase: NEW_PASSPHRASE });
    expect(err.code).toBe('WRONG_RECOVERY_KEY');
    expect(err.message).toMatch(/does not open this vault/);
    expect(core.status().state).toBe('locked');
    expect(await keySlots(file)).toEqual(slots);
    expect(await contentHash(file)).toBe(hash);

    expect((await fails(core, 'vault.unlock', { passphrase: NEW_PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await readAll(core)).toEqual(before);
    await core.dispose();
  });

  test('a weak new passphrase is refused before anything changes', async () => {
    const { core, recoveryKey, file } = await seededLockedVault();
    const hash = await contentHash(file);
    const err = await fails(core, 'vault.unlockWithRecoveryKey', { recoveryKey, newPassphrase: 'short' });
    expect(err.code).toBe('WEAK_PASSPHRASE');
    expect(core.status().state).toBe('locked');
    expect(await contentHash(file)).toBe(hash);
    await core.dispose();
  });

  test('a new recovery key invalidates the old one and keeps the passphrase', async () => {
    const { core, recoveryKey: oldKey, before, file } = await seededLockedVault();
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    await ok(core, 'vault.confirmRecoveryKey', {});

    // The passphrase is checked first.
    const slots = await keySlots(file);
    const wrong = await fails(core, 'vault.newRecoveryKey', { passphrase: NEW_PASSPHRASE });
    expect(wrong.code).toBe('WRONG_PASSPHRASE');
    expect(await keySlots(file)).toEqual(slots);

    const { recoveryKey: newKey } = await ok(core, 'vault.newRecoveryKey', { passphrase: PASSPHRASE });
    expect(newKey).not.toBe(oldKey);
    // The new key must be confirmed again.
    expect((await ok(core, 'settings.get', {})).recoveryKeyConfirmed).toBe(false);
    await ok(core, 'vault.lock', {});

    const old = await fails(core, 'vault.unlockWithRecoveryKey', { recoveryKey: oldKey, newPassphrase: NEW_PASSPHRASE });
    expect(old.code).toBe('WRONG_RECOVERY_KEY');
    expect(core.status().state).toBe('locked');
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    await ok(core, 'vault.lock', {});

    await ok(core, 'vault.unlockWithRecoveryKey', { recoveryKey: newKey, newPassphrase: THIRD_PASSPHRASE });
    const after = await readAll(core);
    expect(after.full).toEqual(before.full);
    expect(after.settings).toEqual({ ...before.settings, recoveryKeyConfirmed: false });
    await ok(core, 'vault.lock', {});
    await ok(core, 'vault.unlock', { passphrase: THIRD_PASSPHRASE });
    await core.dispose();
  });
});
