/**
 * Child process for tests/sync/crashPublish.test.ts: opens and unlocks the vault given, prints
 * READY, then forever: creates a client (printing `ACK <name>` once committed) and publishes
 * (`PUBLISHED <seq>`), until killed. With `once`, it only publishes what waits and prints DONE.
 *
 *   node child-sync-publish.cjs <vault file> <round> [once]   (bundled; see childBundle.ts)
 */
import { Vault } from '../../src/main/vault/vault';
import { SyncEngine } from '../../src/main/sync/engine';
import { createClient } from '../../src/main/services/clients';
import { loadSodium } from '../../src/main/vault/crypto';
import { PASSPHRASE, TEST_VAULT_OPTIONS } from './options';

async function main(): Promise<void> {
  const [file, round, once] = process.argv.slice(2);
  await loadSodium();
  const vault = await Vault.open(file, TEST_VAULT_OPTIONS);
  await vault.unlock(PASSPHRASE);
  const engine = (await SyncEngine.attach(vault))!;
  const deps = { vault, clock: { now: () => new Date() } };
  process.stdout.write(`READY ${engine.device}\n`);
  if (once) {
    while ((await engine.publish()) !== null);
    process.stdout.write(`DONE ${engine.device}\n`);
    engine.detach();
    await vault.close();
    return;
  }
  for (let i = 0; ; i++) {
    const name = `r${round}-${i}`;
    await createClient(deps, { kind: 'person', name });
    process.stdout.write(`ACK ${name}\n`);
    const seq = await engine.publish();
    process.stdout.write(`PUBLISHED ${seq}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(2);
});
