/**
 * Child process for the crash test. Loads, prints LOADED, and waits for a line `GO <start>` on
 * stdin (so the parent can start it early); then opens the vault in <dataDir>, unlocks it with
 * passphrase number <start>, prints READY, and changes the passphrase to number start+1,
 * start+2, ... forever, printing `ACK <n>` after each change the API acknowledged.
 * The parent kills it at a random moment.
 *
 *   node --import tsx tests/support/child-change-passphrase.ts <dataDir>
 */
import { RapportCore } from '../../src/main/core';
import type { Result } from '../../src/shared/errors';
import { passphraseStrength } from '../../src/shared/passphrase';
import { loadSodium } from '../../src/main/vault/crypto';
import { TEST_VAULT_OPTIONS } from './options';

/** The n-th passphrase of the sequence (strong enough for the strength check). */
export function nthPassphrase(n: number): string {
  return `crash test marmalade orbit ${n} lantern`;
}

async function call(core: RapportCore, method: string, input: unknown): Promise<void> {
  const r = (await core.call(method, input)) as Result<unknown>;
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
}

function readGo(): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /^GO (\d+)\n/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    process.stdin.on('end', () => reject(new Error('stdin closed before GO')));
  });
}

async function main(): Promise<void> {
  const [dataDir] = process.argv.slice(2);
  // Load libsodium and the passphrase dictionaries now, so the changes start at once after GO.
  await loadSodium();
  passphraseStrength(nthPassphrase(0));
  process.stdout.write('LOADED\n');
  let n = await readGo();
  const core = new RapportCore(
    { dataDir, host: { platform: 'web', choose: async () => ({ supported: false, path: null }) } },
    TEST_VAULT_OPTIONS,
  );
  await core.start();
  await call(core, 'vault.unlock', { passphrase: nthPassphrase(n) });
  process.stdout.write('READY\n');
  for (;;) {
    await call(core, 'vault.changePassphrase', { currentPassphrase: nthPassphrase(n), newPassphrase: nthPassphrase(n + 1) });
    n += 1;
    process.stdout.write(`ACK ${n}\n`);
  }
}

if (process.argv[1]?.endsWith('child-change-passphrase.ts')) {
  main().catch((e: unknown) => {
    process.stderr.write(`child failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  });
}
