/**
 * A vault written by a newer Rapport (a newer key file, a higher format inside the database, or a
 * migration this build does not know) is refused with VAULT_TOO_NEW and a clear message, and the
 * files are left exactly as they were.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { Vault, VAULT_FORMAT } from '../../src/main/vault/vault';
import { keyFileOf } from '../../src/main/vault/keyfile';
import { testVaultKey, withRawDb } from '../support/rawDb';
import { readAll, seedRecords } from '../support/records';
import { PASSPHRASE, TEST_VAULT_OPTIONS, choose, fails, ok, tempDir, testCore } from '../support/vault';

const fileHash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function closedVault() {
  const core = await testCore();
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  await seedRecords(core);
  const before = await readAll(core);
  const file = core.status().vaultPath;
  await core.dispose();
  return { file, dataDir: path.dirname(file), before, key: await testVaultKey(file) };
}

const untouched = (file: string) => ({ db: fileHash(file), keys: fileHash(keyFileOf(file)) });

describe('a vault from a newer Rapport', () => {
  test('a newer key file: refused at open with VAULT_TOO_NEW; the current vault stays open; nothing touched', async () => {
    const v = await closedVault();
    const keys = JSON.parse(fs.readFileSync(keyFileOf(v.file), 'utf8'));
    fs.writeFileSync(keyFileOf(v.file), JSON.stringify({ ...keys, format: 4 }));
    const before = untouched(v.file);
    await expect(Vault.open(v.file, TEST_VAULT_OPTIONS)).rejects.toMatchObject({
      code: 'VAULT_TOO_NEW',
      message: expect.stringMatching(/newer version of Rapport.*Update Rapport.*nothing was changed/),
    });
    const other = await testCore();
    await ok(other, 'vault.create', { passphrase: PASSPHRASE });
    const err = await fails(other, 'vault.open', { choiceId: await choose(other, 'vault-open', v.file) });
    expect(err.code).toBe('VAULT_TOO_NEW');
    expect(other.status().state).toBe('unlocked');
    expect(other.status().vaultPath).not.toBe(v.file);
    await ok(other, 'clients.list', {});
    await other.dispose();

    // At start, as the remembered vault: the app still starts and says why on unlock.
    const core = await testCore({ dataDir: v.dataDir });
    expect(core.status()).toMatchObject({ state: 'locked', vaultPath: v.file });
    expect((await fails(core, 'vault.unlock', { passphrase: PASSPHRASE })).code).toBe('VAULT_TOO_NEW');
    expect((await fails(core, 'vault.create', { passphrase: PASSPHRASE })).code).toBe('VAULT_EXISTS');
    await core.dispose();
    expect(untouched(v.file)).toEqual(before);
  });

  const EDITS = {
    'a higher format inside the database': `UPDATE vault_header SET format = ${VAULT_FORMAT + 1}`,
    'an unknown migration': "INSERT INTO kysely_migration (name, timestamp) VALUES ('0002_from_the_future', '2030-01-01T00:00:00.000Z')",
  } as const;
  for (const [what, edit] of Object.entries(EDITS)) {
    test(`${what}: unlock says VAULT_TOO_NEW, and the files are not touched`, async () => {
      const v = await closedVault();
      await withRawDb(v.file, async (db) => expect(await db.run(edit)).toBe(1), 'rw', v.key);
      // The key file's page digest describes the file as this Rapport closed it; a newer Rapport
      // would have written its own. Drop it, so that only the format is at issue.
      const keys = JSON.parse(fs.readFileSync(keyFileOf(v.file), 'utf8'));
      keys.counter = null;
      fs.writeFileSync(keyFileOf(v.file), JSON.stringify(keys));
      const before = untouched(v.file);
      const core = await testCore({ dataDir: v.dataDir });
      const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
      expect(err.code).toBe('VAULT_TOO_NEW');
      expect(err.message).toMatch(/newer version of Rapport/);
      expect((await fails(core, 'clients.list', {})).code).toBe('VAULT_LOCKED');
      await core.dispose();
      expect(untouched(v.file)).toEqual(before);
      expect(fs.readdirSync(v.dataDir).filter((f) => /rapport-(wal|shm)$/.test(f))).toEqual([]);
    });
  }

  test('a file that is not a Rapport vault is refused as CORRUPT, and the app still starts', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'vault.rapport');
    fs.writeFileSync(file, 'not a database at all, just some text '.repeat(200));
    const bytes = fileHash(file);
    const core = await testCore({ dataDir });
    const err = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(err.code).toBe('CORRUPT');
    await core.dispose();
    expect(fileHash(file)).toBe(bytes);
  });
});
