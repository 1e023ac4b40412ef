/**
 * The benchmark's plain-SQLite baseline (VaultOptions.plaintext) must never be mistaken for a vault:
 * the app's options refuse to open it, and the baseline options refuse to open a real vault.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { DEFAULT_KDF, MIN_KDF } from '../../src/main/vault/crypto';
import { PLAINTEXT_CREATED_BY, Vault, type VaultOptions } from '../../src/main/vault/vault';
import { isRapportError } from '../../src/shared/errors';
import { RawDb } from '../support/rawDb';
import { PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from '../support/vault';

const PRODUCTION: VaultOptions = { kdf: DEFAULT_KDF, minKdf: MIN_KDF };
const PLAINTEXT: VaultOptions = { ...TEST_VAULT_OPTIONS, plaintext: true };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isRapportError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected the open to be refused');
}

test('a plaintext benchmark database round-trips records in clear JSON and is marked in its header', async () => {
  const file = path.join(tempDir(), 'plain.rapport');
  const { vault } = await Vault.create(file, PASSPHRASE, PLAINTEXT);
  await vault.write((w) => w.insert('clients', 'c1', { name: 'Ada Lovelace' }));
  expect((await vault.get<{ name: string }>('clients', 'c1'))?.data.name).toBe('Ada Lovelace');
  await vault.close();

  const raw = await RawDb.open(file, 'ro');
  const header = await raw.get<{ created_by: string }>('SELECT created_by FROM vault_header');
  const row = await raw.get<{ data: Buffer }>('SELECT data FROM clients');
  await raw.close();
  expect(header?.created_by).toBe(PLAINTEXT_CREATED_BY);
  expect(Buffer.from(row!.data).toString('utf8')).toBe('{"name":"Ada Lovelace"}');

  const again = await Vault.open(file, PLAINTEXT);
  await again.unlock(PASSPHRASE);
  expect((await again.all('clients')).length).toBe(1);
  await again.close();
});

test('production options (and any options without the flag) refuse a plaintext database as not a vault', async () => {
  const file = path.join(tempDir(), 'plain.rapport');
  const { vault } = await Vault.create(file, PASSPHRASE, PLAINTEXT);
  await vault.close();
  for (const options of [PRODUCTION, TEST_VAULT_OPTIONS]) {
    const e = await refusal(Vault.open(file, options));
    expect(e.code).toBe('CORRUPT');
    expect(e.message).toMatch(/unencrypted benchmark database, not a Rapport vault/);
  }
});

test('the plaintext options refuse a real vault', async () => {
  const file = path.join(tempDir(), 'real.rapport');
  const { vault } = await Vault.create(file, PASSPHRASE, TEST_VAULT_OPTIONS);
  await vault.close();
  const e = await refusal(Vault.open(file, PLAINTEXT));
  expect(e.code).toBe('CORRUPT');
  expect(e.message).toMatch(/real vault/);
});
