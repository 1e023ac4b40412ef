/**
 * Packaging, on every Linux machine: runs electron-builder with the project's configuration and
 * afterPack hook, exactly as `npm run package -- --dir` would, but with a stand-in Electron binary
 * (tests/electron/stand-in-electron.ts) where node_modules/electron has none, so the build machines
 * check what goes into app.asar, that sqlite3's native module is unpacked, and that the fuses are
 * flipped. The packaged app itself is launched in packaged-app.spec.ts, where the real binary exists.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asar from '@electron/asar';
import { expect, test } from '@playwright/test';
import { expectedRapportFuses, readRapportFuses } from '../../scripts/fuses';
import { notBuiltReason, packageApp, packagedExecutable, resourcesDir } from './package-app';
import { readWire, writeStandInElectronDist } from './stand-in-electron';

const SQLITE3_NODE = path.join('node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

test('packaging with a stand-in Electron: app.asar holds the app, sqlite3 is unpacked, the fuses are flipped', async () => {
  test.skip(process.platform !== 'linux', 'SKIPPED: the stand-in Electron binary stands for a Linux build only.');
  const notBuilt = notBuiltReason();
  test.skip(notBuilt !== null, notBuilt ?? '');
  test.setTimeout(600_000);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-package-'));
  try {
    const electronDist = writeStandInElectronDist(path.join(work, 'electron-dist'));
    const { appOutDir, log } = await packageApp({ output: path.join(work, 'dist'), electronDist });
    const exe = packagedExecutable(appOutDir);
    const resources = resourcesDir(appOutDir);

    // The fuses, read back from the packaged binary; the two we do not set keep their defaults.
    expect(await readRapportFuses(exe), log).toEqual(expectedRapportFuses());
    expect(readWire(exe)).toBe('00001100');
    expect(log).toContain('fuses flipped');

    // Only app.asar: no loose app folder for OnlyLoadAppFromAsar to refuse.
    const archive = path.join(resources, 'app.asar');
    expect(fs.existsSync(archive)).toBe(true);
    expect(fs.existsSync(path.join(resources, 'app'))).toBe(false);
    const files = asar.listPackage(archive, { isPack: false }).map((f) => f.split(path.sep).join('/'));
    expect(files).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.js',
        '/out/renderer/index.html',
        '/resources/fonts/eb-garamond/Regular.ttf',
        '/node_modules/sqlite3/lib/sqlite3.js',
        '/node_modules/bindings/bindings.js',
        '/node_modules/kysely/package.json',
      ]),
    );
    // Not the web host, no development tools, no Electron inside the app.
    expect(files.filter((f) => /webhost/i.test(f))).toEqual([]);
    for (const dev of ['electron', 'electron-builder', 'vitest', '@playwright/test', 'typescript']) {
      expect(files.some((f) => f.startsWith(`/node_modules/${dev}/`)), `${dev} is packaged`).toBe(false);
    }
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(pkg.main).toBe('./out/main/index.js');

    // sqlite3's compiled module: marked unpacked in the archive, present beside it, and loadable
    // (an N-API module, so the same file loads in Node here and in Electron).
    expect(asar.statFile(archive, SQLITE3_NODE)).toMatchObject({ unpacked: true });
    const native = path.join(`${archive}.unpacked`, SQLITE3_NODE);
    expect(fs.existsSync(native)).toBe(true);
    const load = spawnSync(
      process.execPath,
      ['-e', 'const m = { exports: {} }; process.dlopen(m, process.argv[1]); console.log(typeof m.exports.Database)', native],
      { encoding: 'utf8' },
    );
    expect(load.stderr).toBe('');
    expect(load.stdout.trim()).toBe('function');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
