/**
 * Child process for tests/reliability/crashImport.test.ts: unlocks the vault in <dataDir>,
 * previews a CSV of <rows> people tagged <tag>, prints PREVIEWED, then commits it, printing
 * `PROGRESS <done>` as the commit's one transaction goes on, and `COMMITTED <created>` when it
 * returns. The parent SIGKILLs it somewhere in between. Any failed call prints `ERR {json}` and
 * exits with code 3.
 *
 *   node tests/support/child-import-kill.ts <dataDir> <tag> <rows>   (bundled; see childBundle.ts)
 */
import { RapportCore } from '../../src/main/core';
import type { Result } from '../../src/shared/errors';
import { loadSodium } from '../../src/main/vault/crypto';
import { crashPassphrase, importCsv } from './crashProtocol';
import { TEST_VAULT_OPTIONS } from './options';

async function call<T>(core: RapportCore, method: string, input: unknown): Promise<T> {
  const r = (await core.call(method, input)) as Result<T>;
  if (!r.ok) {
    process.stdout.write(`ERR ${JSON.stringify({ method, code: r.error.code, message: r.error.message })}\n`);
    process.exit(3);
  }
  return r.value;
}

async function main(): Promise<void> {
  const [dataDir, tag, rows] = process.argv.slice(2);
  await loadSodium();
  const core = new RapportCore({ dataDir, host: { platform: 'web', choose: async () => ({ supported: false, path: null }) } }, TEST_VAULT_OPTIONS);
  await core.start();
  await call(core, 'vault.unlock', { passphrase: crashPassphrase(0) });
  const preview = await call<{ previewId: string | null }>(core, 'import.preview', {
    format: 'csv',
    text: importCsv(tag, Number(rows)),
    mapping: { name: 'Name', organisation: 'Company' },
  });
  process.stdout.write('PREVIEWED\n');
  core.subscribe((e) => {
    if (e.type === 'progress') process.stdout.write(`PROGRESS ${e.done}\n`);
  });
  const report = await call<{ counts: { created: number } }>(core, 'import.commit', { previewId: preview.previewId });
  process.stdout.write(`COMMITTED ${report.counts.created}\n`);
  await core.dispose();
}

main().catch((e: unknown) => {
  process.stdout.write(`ERR ${JSON.stringify({ message: String(e) })}\n`);
  process.exit(3);
});
