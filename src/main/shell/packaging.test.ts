/**
 * The packaging set-up, without Electron: the fuse list (scripts/fuses.ts) that the afterPack hook
 * flips and the Electron tests read back, flipping it on a stand-in binary, the electron-builder
 * configuration, and `npm run package` refusing in one line where there is no Electron binary.
 * Lives here rather than in tests/electron/ because Playwright's electron project collects every
 * *.test.ts there. The packaging itself runs in tests/electron/packaging.spec.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
import { RAPPORT_FUSES, RAPPORT_FUSE_NAMES, expectedRapportFuses, fuseConfig, readRapportFuses } from '../../../scripts/fuses';
import config, { SQLITE3_NATIVE } from '../../../scripts/package-config';
import afterPack, { packagedBinary } from '../../../scripts/package-after-pack';
import { electronBinary } from '../../../scripts/package-electron';
import { STAND_IN_DEFAULT_WIRE, readWire, writeStandInBinary } from '../../../tests/electron/stand-in-electron';

const root = path.resolve(__dirname, '../../..');
const tmpDirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-fuses-'));
  tmpDirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('fuse list', () => {
  it('turns RunAsNode, NODE_OPTIONS, --inspect and file: privileges off, asar integrity and asar-only loading on', () => {
    expect(RAPPORT_FUSES).toEqual({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
    expect(expectedRapportFuses()).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    expect(RAPPORT_FUSE_NAMES).toHaveLength(6);
  });

  it('is fuse wire V1, re-signed ad hoc on macOS only', () => {
    expect(fuseConfig('linux')).toMatchObject({ version: FuseVersion.V1, resetAdHocDarwinSignature: false, ...RAPPORT_FUSES });
    expect(fuseConfig('win32').resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('darwin').resetAdHocDarwinSignature).toBe(true);
  });

  it('flips exactly those fuses on a stand-in binary, and reads them back', async () => {
    const bin = path.join(tmp(), 'electron');
    writeStandInBinary(bin);
    expect(await readRapportFuses(bin)).toEqual({
      RunAsNode: true,
      EnableNodeOptionsEnvironmentVariable: true,
      EnableNodeCliInspectArguments: true,
      EnableEmbeddedAsarIntegrityValidation: false,
      OnlyLoadAppFromAsar: false,
      GrantFileProtocolExtraPrivileges: true,
    });
    await flipFuses(bin, fuseConfig('linux'));
    expect(await readRapportFuses(bin)).toEqual(expectedRapportFuses());
    // The two we leave alone keep Electron's defaults.
    const wire = readWire(bin);
    expect(wire).toBe('00001100');
    for (const i of [FuseV1Options.EnableCookieEncryption, FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]) {
      expect(wire[i]).toBe(STAND_IN_DEFAULT_WIRE[i]);
    }
  });

  it('reads a fuse the binary lacks as missing rather than as a value', async () => {
    const bin = path.join(tmp(), 'electron');
    writeStandInBinary(bin, '101');
    expect((await readRapportFuses(bin)).OnlyLoadAppFromAsar).toBe('missing');
  });
});

describe('afterPack hook', () => {
  function context(dir: string, platform: string) {
    return {
      appOutDir: dir,
      electronPlatformName: platform,
      packager: { executableName: 'rapport', appInfo: { productFilename: 'Rapport' } },
    } as unknown as Parameters<typeof afterPack>[0];
  }

  it('finds the packaged binary for each platform', () => {
    expect(packagedBinary(context('/p', 'linux'))).toBe(path.join('/p', 'rapport'));
    expect(packagedBinary(context('/p', 'win32'))).toBe(path.join('/p', 'Rapport.exe'));
    expect(packagedBinary(context('/p', 'darwin'))).toBe(path.join('/p', 'Rapport.app'));
  });

  it('flips the fuses of the packaged Linux binary', async () => {
    const dir = tmp();
    writeStandInBinary(path.join(dir, 'rapport'));
    await afterPack(context(dir, 'linux'));
    expect(await readRapportFuses(path.join(dir, 'rapport'))).toEqual(expectedRapportFuses());
  });

  it('fails the build when the binary has no fuse wire', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'rapport'), 'not electron');
    await expect(afterPack(context(dir, 'linux'))).rejects.toThrow(/sentinel/);
  });
});

describe('electron-builder configuration', () => {
  it('packs into app.asar with sqlite3’s native module unpacked', () => {
    expect(config.asar).toBe(true);
    const unpack = ([] as string[]).concat(config.asarUnpack ?? []);
    expect(unpack).toContain(SQLITE3_NATIVE);
    // The module sqlite3 actually loads, relative to the app folder as electron-builder matches it.
    const native = path.relative(root, require.resolve('sqlite3/build/Release/node_sqlite3.node', { paths: [root] }));
    expect(native.split(path.sep).join('/')).toBe('node_modules/sqlite3/build/Release/node_sqlite3.node');
    expect(unpack.some((pattern) => path.matchesGlob(native.split(path.sep).join('/'), pattern))).toBe(true);
  });

  it('ships out/, resources/ and package.json, but not the web host', () => {
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'package.json', '!out/main/webhost.js']));
  });

  it('uses the local Electron binary, no rebuild, the afterPack hook, and a Linux folder and AppImage', () => {
    expect(config.electronDist).toBe('node_modules/electron/dist');
    expect(config.npmRebuild).toBe(false);
    expect(config.afterPack).toBe(afterPack);
    expect(config.linux?.target).toEqual(['dir', 'AppImage']);
    expect(config.publish).toBeNull();
  });

  it('is what electron-builder finds at the root', async () => {
    const rootConfig = await import('../../../electron-builder');
    expect(rootConfig.default).toBe(config);
  });
});

describe('npm run package', () => {
  it.skipIf(electronBinary(root) !== null)('stops with one line, building nothing, where there is no Electron binary', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/package.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npm run package: no Electron binary in node_modules\/electron\/dist .*nothing was built\.$/)]);
  });
});
