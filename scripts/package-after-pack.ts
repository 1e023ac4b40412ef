/**
 * electron-builder's afterPack hook: flips the packaged Electron binary's fuses (scripts/fuses.ts),
 * then reads them back and fails the build if any did not take. Runs on the copy of Electron in the
 * package, never on node_modules/electron.
 */
import path from 'node:path';
import { flipFuses } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';
import { expectedRapportFuses, fuseConfig, readRapportFuses } from './fuses';

/** The file the fuses live in (for macOS, the .app; @electron/fuses finds the framework inside). */
export function packagedBinary(context: Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName' | 'packager'>): string {
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

export default async function afterPack(context: AfterPackContext): Promise<void> {
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
