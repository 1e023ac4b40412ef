/** Create, unlock, lock; a locked vault refuses data calls; a wrong passphrase changes nothing. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../../src/shared/contract';
import type { AppEvent } from '../../src/shared/types';
import { specOf, validInput } from '../support/inputs';
import { contentHash, keySlots } from '../support/rawDb';
import { readAll, seedRecords } from '../support/records';
import { NEW_PASSPHRASE, PASSPHRASE, fails, ok, testCore } from '../support/vault';

describe('vault lifecycle', () => {
  test('a new data folder has no vault; create unlocks it; lock and unlock keep the records', async () => {
    const core = await testCore();
    const events: AppEvent[] = [];
    core.subscribe((e) => events.push(e));
    expect((await ok(core, 'app.status', {})).state).toBe('no-vault');
    expect((await fails(core, 'clients.list', {})).code).toBe('NO_VAULT');

    const created = await ok(core, 'vault.create', { passphrase: PASSPHRASE });
    expect(created.recoveryKey).toMatch(/^([A-Z2-7]{5}-){10}[A-Z2-7]{5}$/);
    const status = await ok(core, 'app.status', {});
    expect(status.state).toBe('unlocked');
    expect(fs.existsSync(status.vaultPath)).toBe(true);
    await seedRecords(core);
    const before = await readAll(core);

    expect((await ok(core, 'vault.lock', {})).state).toBe('locked');
    expect(events).toContainEqual({ type: 'locked', reason: 'user' });
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await readAll(core)).toEqual(before);

    // A second create on the same path is refused, and the vault is kept.
    expect((await fails(core, 'vault.create', { passphrase: NEW_PASSPHRASE })).code).toBe('VAULT_EXISTS');
    await core.dispose();

    // A new process (core) on the same data folder finds the vault, locked, and opens it.
    const again = await testCore({ dataDir: path.dirname(status.vaultPath) });
    expect((await ok(again, 'app.status', {})).state).toBe('locked');
    await ok(again, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await readAll(again)).toEqual(before);
    await again.dispose();
  });

  test('a weak passphrase is refused at create and no file is left behind', async () => {
    const core = await testCore();
    const err = await fails(core, 'vault.create', { passphrase: 'password123' });
    expect(err.code).toBe('WEAK_PASSPHRASE');
    expect(fs.existsSync(core.status().vaultPath)).toBe(false);
    await core.dispose();
  });

  test('a locked vault refuses every data call with VAULT_LOCKED and changes nothing', async () => {
    const core = await testCore();
    await ok(core, 'vault.create', { passphrase: PASSPHRASE });
    await seedRecords(core);
    await ok(core, 'vault.lock', {});
    const file = core.status().vaultPath;
    const hash = await contentHash(file);

    const dataMethods = METHOD_NAMES.filter((m) => specOf(m).data);
    expect(dataMethods.length).toBeGreaterThanOrEqual(14);
    for (const method of dataMethods) {
      const err = await fails(core, method, validInput(method));
      expect({ method, code: err.code }).toEqual({ method, code: 'VAULT_LOCKED' });
      expect(err.message).toMatch(/locked/i);
    }
    // Calls that need no keys still answer.
    const free: MethodName[] = ['app.status', 'session.activity', 'vault.lock'];
    for (const method of free) await ok(core, method, {} as never);
    expect(core.status().state).toBe('locked');
    expect(await contentHash(file)).toBe(hash);
    await core.dispose();
  });

  test('a wrong passphrase gives WRONG_PASSPHRASE and changes nothing', async () => {
    const core = await testCore();
    await ok(core, 'vault.create', { passphrase: PASSPHRASE });
    await seedRecords(core);
    const before = await readAll(core);
    await ok(core, 'vault.lock', {});
    const file = core.status().vaultPath;
    const slots = await keySlots(file);
    const hash = await contentHash(file);

    for (const wrong of [NEW_PASSPHRASE, PASSPHRASE.toUpperCase(), `${PASSPHRASE} `, 'x']) {
      const err = await fails(core, 'vault.unlock', { passphrase: wrong });
      expect(err.code).toBe('WRONG_PASSPHRASE');
      expect(err.message).toMatch(/passphrase/i);
      expect(core.status().state).toBe('locked');
    }
    expect(await keySlots(file)).toEqual(slots);
    expect(await contentHash(file)).toBe(hash);

    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await readAll(core)).toEqual(before);
    await core.dispose();
  });

  test('change passphrase keeps every record; the old one stops working', async () => {
    const core = await testCore();
    await ok(core, 'vault.create', { passphrase: PASSPHRASE });
    await seedRecords(core);
    const before = await readAll(core);
    const file = core.status().vaultPath;
    const slotsBefore = await keySlots(file);

    // A wrong current passphrase and a weak new one are refused without change.
    const wrong = await fails(core, 'vault.changePassphrase', { currentPassphrase: 'not the passphrase at all', newPassphrase: NEW_PASSPHRASE });
    expect(wrong.code).toBe('WRONG_PASSPHRASE');
    const weak = await fails(core, 'vault.changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: 'abc' });
    expect(weak.code).toBe('WEAK_PASSPHRASE');
    expect(await keySlots(file)).toEqual(slotsBefore);

    await ok(core, 'vault.changePassphrase', { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE });
    const slotsAfter = await keySlots(file);
    const pass = (s: typeof slotsAfter) => s.find((x) => x.kind === 'passphrase')!;
    const recovery = (s: typeof slotsAfter) => s.find((x) => x.kind === 'recovery')!;
    expect(pass(slotsAfter).salt).not.toEqual(pass(slotsBefore).salt);
    expect(recovery(slotsAfter)).toEqual(recovery(slotsBefore));
    expect(await readAll(core)).toEqual(before);

    await ok(core, 'vault.lock', {});
    expect((await fails(core, 'vault.unlock', { passphrase: PASSPHRASE })).code).toBe('WRONG_PASSPHRASE');
    await ok(core, 'vault.unlock', { passphrase: NEW_PASSPHRASE });
    expect(await readAll(core)).toEqual(before);
    await core.dispose();
  });
});
