/**
 * `npm run dev:web` / `node out/main/webhost.js`: runs Rapport in a browser through the web host.
 *
 *   --vault <path>      the vault file to open or create (default: the last one used)
 *   --demo              a demo vault filled by the seed command (created on first use)
 *   --data-dir <path>   where config lives (default: <app data>/Rapport-web)
 *   --port <n>          port on 127.0.0.1 (default: a free one)
 *   --choose-dir <path> development stand-in for main's file dialogs: a backup folder chosen is
 *                       this folder, a file to save is a file in it, named as the page suggests,
 *                       a backup to restore is the newest .rapport-backup in it, a vault to
 *                       open the newest .rapport in it
 *                       (without it, choosing is
 *                       not supported). The renderer still only ever gets an opaque choice id.
 *   --url-file <path>   also write the login URL there (for test harnesses)
 *   --clock-offset-file <path>
 *                       tests only: the app's clock runs ahead by the number of days in that file
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChoiceRequest } from '../core';
import { CoreClient } from '../api/coreClient';
import { resolveVaultPath } from '../paths';
import { writeFileAtomic } from '../files';
import { startWebHost } from './server';

function defaultDataDir(): string {
  const base =
    process.platform === 'darwin'
      ? path.join(os.homedir(), 'Library', 'Application Support')
      : process.platform === 'win32'
        ? (process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'))
        : (process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'));
  return path.join(base, 'Rapport-web');
}

/**
 * The web host's stand-in for main's file dialogs (development and tests only): everything chosen
 * is in the --choose-dir folder.
 */
function standInChoice(dir: string | null, purpose: ChoiceRequest['purpose'], defaultName?: string): { supported: boolean; path: string | null } {
  if (!dir) return { supported: false, path: null };
  switch (purpose) {
    case 'backup-folder':
    case 'letters-folder':
      return { supported: true, path: dir };
    case 'sync-folder': {
      // One sync folder inside --choose-dir: two web hosts given the same --choose-dir share it.
      const folder = path.join(dir, 'sync');
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      return { supported: true, path: folder };
    }
    case 'vault-open': {
      const newest = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.rapport'))
        .map((f) => path.join(dir, f))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
      return { supported: true, path: newest ?? null };
    }
    case 'vault-create':
      return { supported: true, path: path.join(dir, path.basename(defaultName ?? 'new.rapport')) };
    case 'backup-open': {
      // The newest backup in the folder.
      const newest = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.rapport-backup'))
        .map((f) => path.join(dir, f))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
      return { supported: true, path: newest ?? null };
    }
    case 'letter-save':
      return { supported: true, path: path.join(dir, path.basename(defaultName ?? 'letter.pdf')) };
    case 'backup-save':
      return { supported: true, path: path.join(dir, path.basename(defaultName ?? 'backup.rapport-backup')) };
    default:
      return { supported: false, path: null };
  }
}

/** The demo vault's passphrase: printed, because the demo holds only synthetic data. */
const DEMO_PASSPHRASE = 'demo vault for rapport only';

/** Creates the demo vault with the seed command (a development tool) the first time. */
function ensureDemoVault(dataDir: string): string {
  const file = path.join(dataDir, 'demo.rapport');
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  console.log('Creating the demo vault with `npm run seed` (40 clients, 1,500 timeline entries)…');
  const root = path.resolve(__dirname, '../..');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--vault', file, '--clients', '40', '--events', '1500'], {
    cwd: root,
    env: { ...process.env, RAPPORT_PASSPHRASE: DEMO_PASSPHRASE },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error('The seed command failed; see above.');
  return file;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      vault: { type: 'string' },
      demo: { type: 'boolean' },
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'url-file': { type: 'string' },
      'choose-dir': { type: 'string' },
      'clock-offset-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('Usage: npm run dev:web -- [--vault <path>] [--data-dir <path>] [--port <n>]');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a number from 0 to 65535');

  process.umask(0o077);
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  if (values.demo && values.vault) throw new Error('Give either --vault or --demo, not both.');
  const vaultArg = values.demo ? ensureDemoVault(dataDir) : values.vault;
  const chooseDir = values['choose-dir'] ? path.resolve(values['choose-dir']) : null;
  if (chooseDir && !fs.statSync(chooseDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--choose-dir ${chooseDir} is not a folder.`);
  // The core runs in a worker thread, as in the desktop app: this thread only serves and forwards.
  const core = new CoreClient({
    dataDir,
    vaultPath: vaultArg ? resolveVaultPath(vaultArg) : undefined,
    host: {
      platform: 'web',
      choose: async ({ purpose, defaultName }) => standInChoice(chooseDir, purpose, defaultName),
      // No desktop notifications here: say one was due, never what it says.
      notify: () => console.log('[rapport] a reminder is due (the desktop app shows it as a notification)'),
    },
    clockOffsetFile: values['clock-offset-file'] ? path.resolve(values['clock-offset-file']) : undefined,
  });
  await core.start();
  const rendererDir = path.join(__dirname, '../renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` first (npm run dev:web does it for you).');
  }
  const host = await startWebHost(core, rendererDir, port);
  const status = await core.call('app.status', {});
  console.log(`Rapport web host (development and tests only)\n  vault: ${status.ok ? (status.value as { vaultPath: string }).vaultPath : '?'}\n  open:  ${host.loginUrl}`);
  if (values.demo) console.log(`  demo passphrase: ${DEMO_PASSPHRASE}`);
  if (chooseDir) console.log(`  files chosen in: ${chooseDir}`);
  if (values['url-file']) writeFileAtomic(path.resolve(values['url-file']), host.loginUrl);

  const stop = async () => {
    await host.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`rapport web host: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
