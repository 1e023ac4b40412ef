/**
 * Child process for tests/sync/crashApply.test.ts: opens and unlocks the vault given, prints READY,
 * applies every segment waiting in its sync folder (one transaction per segment), prints
 * `APPLIED <device> <seq>` after each commit and DONE at the end, then exits. The parent SIGKILLs it
 * at random moments.
 *
 *   node child-sync-apply.cjs <vault file>   (bundled; see childBundle.ts)
 */
import { Vault } from '../../src/main/vault/vault';
import { SyncEngine } from '../../src/main/sync/engine';
import { loadSodium } from '../../src/main/vault/crypto';
import { PASSPHRASE, TEST_VAULT_OPTIONS } from './options';

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  await loadSodium();
  const vault = await Vault.open(file, TEST_VAULT_OPTIONS);
  await vault.unlock(PASSPHRASE);
  const engine = (await SyncEngine.attach(vault))!;
  process.stdout.write('READY\n');
  const report = await engine.pull((a) => process.stdout.write(`APPLIED ${a.device} ${a.seq}\n`));
  process.stdout.write(`DONE ${report.segments} ${report.problems.length}\n`);
  engine.detach();
  await vault.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(2);
});
