/**
 * Child process for the conversion crash test: opens the vault file given, prints UNLOCKING, and
 * unlocks it with the test passphrase (a format-2 file is converted to format 3 by that unlock),
 * then prints `DONE <ms>`. The parent kills it at a random moment of the conversion.
 *
 *   node tests/support/child-convert.ts <vault file>   (bundled by tests/support/childBundle.ts)
 */
import { Vault } from '../../src/main/vault/vault';
import { PASSPHRASE, TEST_VAULT_OPTIONS } from './options';

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  const vault = await Vault.open(file, TEST_VAULT_OPTIONS);
  process.stdout.write('UNLOCKING\n');
  const started = performance.now();
  await vault.unlock(PASSPHRASE);
  process.stdout.write(`DONE ${Math.round(performance.now() - started)}\n`);
  await vault.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
