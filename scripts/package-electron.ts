/**
 * Where the Electron binary is, if this machine has it. electron's npm package ships without it:
 * it is fetched on first use (`npm start`) into node_modules/electron/dist, and path.txt names the
 * file. Never `require('electron')` to find out: that starts the download.
 */
import fs from 'node:fs';
import path from 'node:path';

/** node_modules/electron/dist, the folder electron-builder copies into the package. */
export function electronDistDir(projectRoot: string): string {
  return path.join(projectRoot, 'node_modules', 'electron', 'dist');
}

/** The Electron executable in node_modules/electron/dist, or null when it was never fetched. */
export function electronBinary(projectRoot: string): string | null {
  const pathTxt = path.join(projectRoot, 'node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const bin = path.join(electronDistDir(projectRoot), fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

export const NO_ELECTRON_BINARY =
  'no Electron binary in node_modules/electron/dist (it is fetched by `npm start` where the network allows)';
