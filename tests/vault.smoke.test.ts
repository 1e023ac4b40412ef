import { expect, test } from 'vitest';
import { PASSPHRASE, ok, testCore } from './support/vault';

test('create, add a client, lock, unlock and read it back', async () => {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const c = await ok(core, 'clients.create', { kind: 'organisation', name: 'Acme' });
  await ok(core, 'vault.lock', {});
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
  expect((await ok(core, 'clients.get', { id: c.id })).name).toBe('Acme');
  await core.dispose();
});
