/**
 * A vault written by a newer Rapport (a higher format, or a migration this build does not know)
 * is refused with VAULT_TOO_NEW and a clear message, and the file is left exactly as it was.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { Vault } from '../../src/main/vault/vault';
import { VAULT_FORMAT } from '../../src/main/vault/format';
import { contentHash, withRawDb } from '../support/rawDb';
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
  return { file, dataDir: path.dirname(file), before };
}

const EDITS = {
  'a higher vault_header.format': `UPDATE vault_header SET format = ${VAULT_FORMAT + 1}`,
  'an unknown migration in kysely_migration':
    "INSERT INTO kysely_migration (name, timestamp) VALUES ('0002_from_the_future', '2030-01-01T00:00:00.000Z')",
} as const;

describe('a vault from a newer Rapport', () => {
  for (const [what, edit] of Object.entries(EDITS)) {
    test(`${what}: VAULT_TOO_NEW, and the file is not touched`, async () => {
      const v = await closedVault();
      await withRawDb(v.file, async (db) => expect(await db.run(edit)).toBe(1));
      const bytes = fileHash(v.file);
      const rows = await contentHash(v.file);

      // Opening it directly.
      await expect(Vault.open(v.file, TEST_VAULT_OPTIONS)).rejects.toMatchObject({
        code: 'VAULT_TOO_NEW',
        message: expect.stringMatching(/newer version of Rapport.*Update Rapport.*nothing was changed/),
      });

      // Through the API, from another vault: the current vault stays open.
      const other = await testCore();
      await ok(other, 'vault.create', { passphrase: PASSPHRASE });
      const err = await fails(other, 'vault.open', { choiceId: await choose(other, 'vault-open', v.file) });
      expect(err.code).toBe('VAULT_TOO_NEW');
      expect(err.message).toMatch(/newer version of Rapport/);
      expect(other.status().state).toBe('unlocked');
      expect(other.status().vaultPath).not.toBe(v.file);
      await ok(other, 'clients.list', {});
      await other.dispose();

      // At start, as the remembered vault: the app still starts and says why on unlock.
      const core = await testCore({ dataDir: v.dataDir });
      expect(core.status()).toMatchObject({ state: 'locked', vaultPath: v.file });
      const unlock = await fails(core, 'vault.unlock', { passphrase: PASSPHRASE });
      expect(unlock.code).toBe('VAULT_TOO_NEW');
      expect((await fails(core, 'clients.list', {})).code).toBe('VAULT_TOO_NEW');
      // It cannot be overwritten by a new vault either.
      expect((await fails(core, 'vault.create', { passphrase: PASSPHRASE })).code).toBe('VAULT_EXISTS');
      await core.dispose();

      // Not one byte changed (no migration ran, nothing was checkpointed), and no -wal or -shm is left.
      expect(fileHash(v.file)).toBe(bytes);
      expect(await contentHash(v.file)).toBe(rows);
      expect(fs.readdirSync(v.dataDir).filter((f) => f.includes('vault.rapport-'))).toEqual([]);
    });
  }

  test('control: with the edit undone, the same vault opens with every record', async () => {
    const v = await closedVault();
    await withRawDb(v.file, (db) => db.run(`UPDATE vault_header SET format = ${VAULT_FORMAT + 1}`));
    await expect(Vault.open(v.file, TEST_VAULT_OPTIONS)).rejects.toMatchObject({ code: 'VAULT_TOO_NEW' });
    await withRawDb(v.file, (db) => db.run(`UPDATE vault_header SET format = ${VAULT_FORMAT}`));
    const core = await testCore({ dataDir: v.dataDir });
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await readAll(core)).toEqual(v.before);
    await core.dispose();
  });

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
