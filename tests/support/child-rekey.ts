/**
 * Child process for the rekey crash test: opens the vault file given (which settles a rekey a
 * previous kill interrupted), unlocks it, commits one record and prints `COMMITTED <id>`, prints
 * REKEYING, and re-encrypts the vault. With a progress-event number as second argument it kills
 * itself (SIGKILL) right when that event is reported: between two chunks of the copy, after the
 * check, after the new key file, or between the two renames of the swap. Prints `DONE <ms>` if
 * it lives to the end.
 *
 *   node tests/support/child-rekey.ts <vault file> [kill at event n]   (bundled by childBundle.ts)
 */
import { randomUUID } from 'node:crypto';
import { Vault } from '../../src/main/vault/vault';
import { PASSPHRASE, TEST_VAULT_OPTIONS } from './options';

async function main(): Promise<void> {
  const [file, killAt] = process.argv.slice(2);
  const vault = await Vault.open(file, TEST_VAULT_OPTIONS);
  await vault.unlock(PASSPHRASE);
  const id = randomUUID();
  await vault.write((w) => w.insert('settings', id, { committedBeforeRekey: true }));
  process.stdout.write(`COMMITTED ${id}\n`);
  process.stdout.write('REKEYING\n');
  const started = performance.now();
  let events = 0;
  await vault.rekey(PASSPHRASE, (p) => {
    events++;
    process.stdout.write(`EVENT ${events} ${p.phase}\n`);
    if (killAt !== undefined && events === Number(killAt)) process.kill(process.pid, 'SIGKILL');
  });
  process.stdout.write(`DONE ${Math.round(performance.now() - started)} ${events}\n`);
  await vault.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
