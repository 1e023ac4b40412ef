/**
 * electron-builder's afterPack hook: checks the Electron build of better-sqlite3-multiple-ciphers
 * arrived in the app's resources (scripts/package-config.ts copies it there), then flips the
 * packaged Electron binary's fuses (scripts/fuses.ts), reads them back and fails the build if any
 * did not take. Runs on the copy of Electron in the package, never on node_modules/electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import { flipFuses } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';
import { expectedRapportFuses, fuseConfig, readRapportFuses } from './fuses';
import { BINARY_NAME } from './native-electron';

/** Where the packaged app carries the Electron build of the module, relative to its resources folder. */
export const NATIVE_RESOURCE = `native/${BINARY_NAME}`;

type PackedContext = Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName' | 'packager'>;

/** The file the fuses live in (for macOS, the .app; @electron/fuses finds the framework inside). */
export function packagedBinary(context: PackedContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return path.join(appOutDir, (packager as unknown as { executableName: string }).executableName);
  }
}

/** The packaged app's resources folder (where app.asar is). */
export function packagedResources(context: PackedContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  return electronPlatformName === 'darwin' || electronPlatformName === 'mas'
    ? path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
    : path.join(appOutDir, 'resources');
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const native = path.join(packagedResources(context), ...NATIVE_RESOURCE.split('/'));
  if (!fs.existsSync(native)) throw new Error(`The Electron build of better-sqlite3-multiple-ciphers is not in the package (${native})`);
  const binary = packagedBinary(context);
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  await flipFuses(binary, fuseConfig(platform));
  const actual = await readRapportFuses(binary);
  const expected = expectedRapportFuses();
  const wrong = Object.keys(expected).filter((name) => actual[name] !== expected[name]);
  if (wrong.length) {
    throw new Error(`Fuses not set in ${binary}: ${wrong.map((n) => `${n}=${String(actual[n])}`).join(', ')}`);
  }
  console.log(`  • fuses flipped  ${Object.entries(actual).map(([n, v]) => `${n}=${v ? 'on' : 'off'}`).join(' ')}`);
}
