/**
 * The electron-builder configuration (electron-builder.ts at the root re-exports it, so a plain
 * `npx electron-builder` finds it too). `npm run package` (scripts/package.mjs) drives it.
 *
 * - Everything the app runs is in app.asar: the built out/ (less the web host, which is for
 *   development and tests only), resources/ (the letter fonts) and package.json; electron-builder
 *   adds the production node_modules itself.
 * - sqlite3's native binary is unpacked next to the archive (app.asar.unpacked): the OS can only
 *   load a .node file from a real file. It is an N-API module, so the one built for Node loads in
 *   Electron unchanged, and no rebuild against Electron's headers is needed (npmRebuild: false).
 * - The Electron binary is the one in node_modules/electron/dist, never a download.
 * - afterPack flips the fuses (scripts/fuses.ts).
 */
import type { Configuration } from 'electron-builder';
import afterPack from './package-after-pack';

/** sqlite3's compiled module, as electron-builder matches it (relative to the app folder). */
export const SQLITE3_NATIVE = 'node_modules/sqlite3/build/Release/*.node';

const config: Configuration = {
  appId: 'app.rapport.desktop',
  productName: 'Rapport',
  directories: { output: 'dist', buildResources: 'build' },
  electronDist: 'node_modules/electron/dist',
  npmRebuild: false,
  asar: true,
  asarUnpack: [SQLITE3_NATIVE],
  files: [
    'out/**',
    '!out/main/webhost.js',
    '!out/**/*.map',
    'resources/**',
    'package.json',
    // sqlite3's sources and build leftovers: only lib/ and build/Release/*.node are needed.
    '!node_modules/sqlite3/{deps,src}/**',
    '!node_modules/sqlite3/build/Release/{obj,obj.target,.deps}/**',
    '!node_modules/sqlite3/build/Release/*.a',
  ],
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
