/**
 * Packaging, on every Linux machine: runs electron-builder with the project's configuration and
 * hooks, exactly as `npm run package -- --dir` would, but with a stand-in Electron binary and a
 * stand-in Electron build of better-sqlite3-multiple-ciphers (tests/electron/stand-in-electron.ts),
 * since neither can be made without Electron's downloads. So the build machines check what goes
 * into app.asar (the module's JavaScript, none of its sources or Node build, no sqlite3), that
 * nothing is unpacked beside it, that the module's Electron build is carried in the resources as
 * native/better_sqlite3.node, that packaging refuses without it, and that the fuses are flipped.
 * The packaged app itself is launched in packaged-app.spec.ts, where the real binary exists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asar from '@electron/asar';
import { expect, test } from '@playwright/test';
import { expectedRapportFuses, readRapportFuses } from '../../scripts/fuses';
import { notBuiltReason, packageApp, packagedExecutable, resourcesDir } from './package-app';
import { readWire, writeStandInElectronDist, writeStandInNativeElectron } from './stand-in-electron';

const MODULE = '/node_modules/better-sqlite3-multiple-ciphers';

test('packaging with a stand-in Electron: app.asar holds the app, the Electron build of the module is in the resources, the fuses are flipped', async () => {
  test.skip(process.platform !== 'linux', 'SKIPPED: the stand-in Electron binary stands for a Linux build only.');
  const notBuilt = notBuiltReason();
  test.skip(notBuilt !== null, notBuilt ?? '');
  test.setTimeout(600_000);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-package-'));
  try {
    const electronDist = writeStandInElectronDist(path.join(work, 'electron-dist'));
    const nativeElectronDir = path.join(work, 'native-electron');
    const standInModule = writeStandInNativeElectron(nativeElectronDir, path.resolve(__dirname, '../..'));
    const { appOutDir, log } = await packageApp({ output: path.join(work, 'dist'), electronDist, nativeElectronDir });
    const exe = packagedExecutable(appOutDir);
    const resources = resourcesDir(appOutDir);

    // The fuses, read back from the packaged binary; the two we do not set keep their defaults.
    expect(await readRapportFuses(exe), log).toEqual(expectedRapportFuses());
    expect(readWire(exe)).toBe('00001100');
    expect(log).toContain('fuses flipped');

    // Only app.asar: no loose app folder for OnlyLoadAppFromAsar to refuse, nothing unpacked beside it.
    const archive = path.join(resources, 'app.asar');
    expect(fs.existsSync(archive)).toBe(true);
    expect(fs.existsSync(path.join(resources, 'app'))).toBe(false);
    expect(fs.existsSync(`${archive}.unpacked`)).toBe(false);
    const files = asar.listPackage(archive, { isPack: false }).map((f) => f.split(path.sep).join('/'));
    expect(files).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/main/coreWorker.js',
        '/out/preload/index.js',
        '/out/renderer/index.html',
        '/resources/fonts/eb-garamond/Regular.ttf',
        `${MODULE}/package.json`,
        `${MODULE}/lib/index.js`,
        `${MODULE}/lib/database.js`,
        '/node_modules/kysely/package.json',
      ]),
    );
    // Not the web host, no development tools, no Electron inside the app, and no sqlite3.
    expect(files.filter((f) => /webhost/i.test(f))).toEqual([]);
    for (const dev of ['electron', 'electron-builder', 'vitest', '@playwright/test', 'typescript', 'sqlite3']) {
      expect(files.some((f) => f.startsWith(`/node_modules/${dev}/`)), `${dev} is packaged`).toBe(false);
    }
    // None of the module's sources or build products: its Node build (build/Release/better_sqlite3.node)
    // cannot load in Electron, and its objects, sqlite3.a and test_extension.node are leftovers.
    expect(files.filter((f) => /^\/node_modules\/better-sqlite3-multiple-ciphers\/(deps|src|build)(\/|$)/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(node|a)$/.test(f))).toEqual([]);
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(pkg.main).toBe('./out/main/index.js');

    // The module's Electron build, a real file in the resources where src/main/vault/database.ts
    // looks for it (process.resourcesPath/native/better_sqlite3.node), byte for byte the one given.
    const native = path.join(resources, 'native', 'better_sqlite3.node');
    expect(fs.existsSync(native), log).toBe(true);
    expect(fs.readFileSync(native).equals(fs.readFileSync(standInModule))).toBe(true);
    expect(fs.readdirSync(path.join(resources, 'native'))).toEqual(['better_sqlite3.node']);

    // Without it, packaging stops before packing, saying what to run.
    const empty = path.join(work, 'no-native');
    fs.mkdirSync(empty);
    const refused = await packageApp({ output: path.join(work, 'dist-refused'), electronDist, nativeElectronDir: empty }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/no Electron build of better-sqlite3-multiple-ciphers at .*better_sqlite3\.node: run `npm run native:electron`/);
    expect(fs.existsSync(path.join(work, 'dist-refused', 'linux-unpacked', 'resources', 'app.asar'))).toBe(false);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
