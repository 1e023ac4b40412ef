/**
 * Helpers for the Electron tests: where the Electron binary is, and packaging the app with the
 * project's electron-builder configuration (electron-builder.ts) into a folder of our choosing.
 * Never `require('electron')` here: that would try to download the binary.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkElectronBuild, nativeElectronDir } from '../../scripts/native-electron';
import { electronBinary } from '../../scripts/package-electron';

export const projectRoot = path.resolve(__dirname, '../..');

/** The Electron binary in node_modules/electron, or null on machines that never fetched it. */
export const localElectron = electronBinary(projectRoot);

export const NO_BINARY_REASON =
  'SKIPPED: no Electron binary here (node_modules/electron/path.txt and dist/ are missing; it cannot be downloaded on the build machines).';

/** Set when the app has not been built (out/main/index.js); `npm run test:e2e` builds it first. */
export function notBuiltReason(): string | null {
  return fs.existsSync(path.join(projectRoot, 'out', 'main', 'index.js'))
    ? null
    : 'SKIPPED: the app is not built (no out/main/index.js): run `npm run build` first.';
}

/**
 * Set when there is no usable Electron build of better-sqlite3-multiple-ciphers in native/electron/
 * (`npm run native:electron` makes it where Electron's headers can be downloaded).
 */
export function noNativeElectronReason(): string | null {
  const problem = checkElectronBuild(nativeElectronDir(projectRoot), projectRoot);
  return problem ? `SKIPPED: ${problem}.` : null;
}

export interface PackageResult {
  /** The unpacked app folder (dist's linux-unpacked/, mac/, win-unpacked/). */
  appOutDir: string;
  /** What electron-builder printed, for failure messages. */
  log: string;
}

/**
 * Runs electron-builder on the built out/ for this platform's `dir` target, as `npm run package --
 * --dir` does (the root configuration, its hooks and all), but writing to `output` and, when given,
 * with `electronDist` instead of node_modules/electron/dist and the Electron build of the module
 * from `nativeElectronDir` instead of native/electron/.
 */
export async function packageApp(opts: { output: string; electronDist?: string; nativeElectronDir?: string; timeoutMs?: number }): Promise<PackageResult> {
  const platformFlag = { linux: '--linux', darwin: '--mac', win32: '--win' }[process.platform as string];
  if (!platformFlag) throw new Error(`no packaging for ${process.platform}`);
  const args = [
    path.join(projectRoot, 'node_modules', 'electron-builder', 'cli.js'),
    platformFlag,
    'dir',
    '--publish',
    'never',
    `-c.directories.output=${opts.output}`,
    ...(opts.electronDist ? [`-c.electronDist=${opts.electronDist}`] : []),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', CSC_IDENTITY_AUTO_DISCOVERY: 'false' };
  if (opts.nativeElectronDir) env.RAPPORT_NATIVE_ELECTRON_DIR = opts.nativeElectronDir;
  else delete env.RAPPORT_NATIVE_ELECTRON_DIR;
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`electron-builder timed out after ${opts.timeoutMs ?? 300_000} ms:\n${log}`));
    }, opts.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  if (code !== 0) throw new Error(`electron-builder exited with ${code}:\n${log}`);
  const dirName = { linux: 'linux-unpacked', darwin: process.arch === 'arm64' ? 'mac-arm64' : 'mac', win32: 'win-unpacked' }[
    process.platform as 'linux' | 'darwin' | 'win32'
  ];
  return { appOutDir: path.join(opts.output, dirName), log };
}

/** The packaged app's executable in an unpacked folder, as the afterPack hook names it. */
export function packagedExecutable(appOutDir: string): string {
  if (process.platform === 'darwin') return path.join(appOutDir, 'Rapport.app', 'Contents', 'MacOS', 'Rapport');
  if (process.platform === 'win32') return path.join(appOutDir, 'Rapport.exe');
  return path.join(appOutDir, 'rapport');
}

/** Where the fuses are read from: the .app on macOS (@electron/fuses finds the framework), else the executable. */
export function fuseFile(appOutDir: string): string {
  return process.platform === 'darwin' ? path.join(appOutDir, 'Rapport.app') : packagedExecutable(appOutDir);
}

/** app.asar's folder in an unpacked build. */
export function resourcesDir(appOutDir: string): string {
  return process.platform === 'darwin' ? path.join(appOutDir, 'Rapport.app', 'Contents', 'Resources') : path.join(appOutDir, 'resources');
}
