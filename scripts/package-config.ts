/**
 * The electron-builder configuration (electron-builder.ts at the root re-exports it, so a plain
 * `npx electron-builder` finds it too). `npm run package` (scripts/package.ts) drives it.
 *
 * - Everything the app runs is in app.asar: the built out/ (less the web host, which is for
 *   development and tests only), resources/ (the letter fonts) and package.json; electron-builder
 *   adds the production node_modules itself.
 * - better-sqlite3-multiple-ciphers is not N-API: the build in node_modules is Node's (tests, web
 *   host) and cannot load in Electron. Only its JavaScript (lib/) goes into app.asar; its sources,
 *   deps/ and the whole build/ folder (the Node binary, objects, sqlite3.a, test_extension.node)
 *   stay out, so nothing is unpacked beside the archive (no app.asar.unpacked).
 * - Its Electron build, native/electron/better_sqlite3.node (`npm run native:electron`,
 *   scripts/native-electron.ts), is copied to the app's resources as native/better_sqlite3.node,
 *   a real file the OS can load, where src/main/vault/database.ts looks for it. beforePack stops
 *   the build, in one line, when it is missing, stale or not an Electron build; afterPack checks it
 *   arrived. RAPPORT_NATIVE_ELECTRON_DIR points elsewhere (the tests' stand-in).
 * - The Electron binary is the one in node_modules/electron/dist, never a download; electron-builder
 *   rebuilds nothing (npmRebuild: false).
 * - afterPack flips the fuses (scripts/fuses.ts).
 */
import path from 'node:path';
import { Arch, type AfterPackContext, type Configuration } from 'electron-builder';
import afterPack, { NATIVE_RESOURCE } from './package-after-pack';
import { BINARY_NAME, MODULE_NAME, checkElectronBuild, nativeElectronDir } from './native-electron';

export { NATIVE_RESOURCE };

const root = path.resolve(__dirname, '..');

/** What of the module stays out of app.asar: sources and every build product (the Node build included). */
export const NATIVE_MODULE_EXCLUDES = [
  `!node_modules/${MODULE_NAME}/{deps,src,build}/**`,
  // Spelt out: a glob's ** does not reach into folders whose names start with a dot.
  `!node_modules/${MODULE_NAME}/build/Release/.deps/**`,
  `!node_modules/${MODULE_NAME}/binding.gyp`,
];

/** Stops packaging, in one line, unless the Electron build of the module is there and fits the target. */
export function beforePack(context: Pick<AfterPackContext, 'electronPlatformName' | 'arch'>): void {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const problem = checkElectronBuild(nativeElectronDir(root), root, { platform, arch: Arch[context.arch] });
  if (problem) throw new Error(problem);
}

const config: Configuration = {
  appId: 'app.rapport.desktop',
  productName: 'Rapport',
  directories: { output: 'dist', buildResources: 'build' },
  electronDist: 'node_modules/electron/dist',
  npmRebuild: false,
  asar: true,
  files: ['out/**', '!out/main/webhost.js', '!out/**/*.map', 'resources/**', 'package.json', ...NATIVE_MODULE_EXCLUDES],
  extraResources: [{ from: path.join(nativeElectronDir(root), BINARY_NAME), to: NATIVE_RESOURCE }],
  beforePack,
  afterPack,
  linux: {
    target: ['dir', 'AppImage'],
    executableName: 'rapport',
    category: 'Office',
    synopsis: 'Client relationships in an encrypted vault',
  },
  mac: { target: ['dir'], category: 'public.app-category.business' },
  win: { target: ['dir'] },
  publish: null,
};

export default config;
