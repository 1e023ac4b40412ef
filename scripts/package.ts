/**
 * `npm run package`: builds better-sqlite3-multiple-ciphers for Electron where that build is missing
 * or stale (scripts/native-electron.ts, as `npm run native:electron`), builds the app
 * (electron-vite) and packages it with electron-builder (configuration in
 * scripts/package-config.ts) for this machine's platform, using the Electron binary in
 * node_modules/electron: never a download. On Linux: dist/linux-unpacked/ and an AppImage.
 * `npm run package -- --dir` builds only the folder; other arguments go to electron-builder.
 * Where the Electron binary is missing, or the module's Electron build cannot be made, it says so
 * in one line and packages nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { NativeBuildError, buildNativeElectron } from './native-electron';
import { NO_ELECTRON_BINARY, electronBinary } from './package-electron';

const root = path.resolve(__dirname, '..');

function fail(message: string): never {
  console.error(`npm run package: ${message}`);
  process.exit(1);
}

function run(bin: string, args: string[]): void {
  const isWin = process.platform === 'win32';
  const cmd = path.join(root, 'node_modules', '.bin', isWin ? `${bin}.cmd` : bin);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: isWin });
  if (r.error) fail(`could not run ${bin}: ${r.error.message}`);
  if (r.status !== 0) fail(`${bin} failed (exit ${r.status ?? r.signal}).`);
}

const platformFlag = ({ linux: '--linux', darwin: '--mac', win32: '--win' } as Partial<Record<NodeJS.Platform, string>>)[process.platform];
if (!electronBinary(root)) fail(`${NO_ELECTRON_BINARY}; nothing was built.`);
if (!platformFlag) fail(`packaging is not set up for ${process.platform}.`);
try {
  console.log(buildNativeElectron(root));
} catch (e) {
  if (!(e instanceof NativeBuildError)) throw e;
  fail(`${e.message}; nothing was packaged.`);
}
run('electron-vite', ['build']);
run('electron-builder', [platformFlag, '--publish', 'never', ...process.argv.slice(2)]);
