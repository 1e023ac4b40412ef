/**
 * The packaging set-up, without Electron: the fuse list (scripts/fuses.ts) that the afterPack hook
 * flips and the Electron tests read back, flipping it on a stand-in binary, the electron-builder
 * configuration and its hooks, what `npm run native:electron` (scripts/native-electron.ts) would
 * run to build better-sqlite3-multiple-ciphers for Electron and how it refuses, and `npm run
 * package` refusing in one line where there is no Electron binary. Lives here rather than in
 * tests/electron/ because Playwright's electron project collects every *.test.ts there. The
 * packaging itself runs in tests/electron/packaging.spec.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RAPPORT_FUSES, RAPPORT_FUSE_NAMES, expectedRapportFuses, fuseConfig, readRapportFuses } from '../../../scripts/fuses';
import {
  BINARY_NAME,
  ELECTRON_HEADERS_URL,
  NativeBuildError,
  binaryAbi,
  buildNativeElectron,
  checkElectronBuild,
  electronAbi,
  electronVersion,
  expectedStamp,
  headersArgs,
  nativeElectronDir,
  nodeGypEnv,
  nodeGypScript,
  parseArgs,
  rebuildArgs,
  writeStamp,
} from '../../../scripts/native-electron';
import config, { NATIVE_MODULE_EXCLUDES, NATIVE_RESOURCE, beforePack } from '../../../scripts/package-config';
import afterPack, { packagedBinary, packagedResources } from '../../../scripts/package-after-pack';
import { electronBinary } from '../../../scripts/package-electron';
import { STAND_IN_DEFAULT_WIRE, readWire, writeStandInBinary, writeStandInNativeElectron } from '../../../tests/electron/stand-in-electron';

const root = path.resolve(__dirname, '../../..');
const tmpDirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-fuses-'));
  tmpDirs.push(d);
  return d;
}
afterEach(() => {
  vi.unstubAllEnvs();
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** node_modules' Node build of the module, which must never change. */
const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'Release', BINARY_NAME);
const posix = (p: string) => p.split(path.sep).join('/');

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

  /** A packaged Linux folder as electron-builder leaves it: the executable and the module's Electron build. */
  function packaged(binary: (file: string) => void = writeStandInBinary): string {
    const dir = tmp();
    binary(path.join(dir, 'rapport'));
    fs.mkdirSync(path.join(dir, 'resources', 'native'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'resources', 'native', BINARY_NAME), 'stand-in');
    return dir;
  }

  it('finds the packaged binary and resources for each platform', () => {
    expect(packagedBinary(context('/p', 'linux'))).toBe(path.join('/p', 'rapport'));
    expect(packagedBinary(context('/p', 'win32'))).toBe(path.join('/p', 'Rapport.exe'));
    expect(packagedBinary(context('/p', 'darwin'))).toBe(path.join('/p', 'Rapport.app'));
    expect(packagedResources(context('/p', 'linux'))).toBe(path.join('/p', 'resources'));
    expect(packagedResources(context('/p', 'win32'))).toBe(path.join('/p', 'resources'));
    expect(packagedResources(context('/p', 'darwin'))).toBe(path.join('/p', 'Rapport.app', 'Contents', 'Resources'));
  });

  it('flips the fuses of the packaged Linux binary', async () => {
    const dir = packaged();
    await afterPack(context(dir, 'linux'));
    expect(await readRapportFuses(path.join(dir, 'rapport'))).toEqual(expectedRapportFuses());
  });

  it('fails the build when the binary has no fuse wire', async () => {
    const dir = packaged((f) => fs.writeFileSync(f, 'not electron'));
    await expect(afterPack(context(dir, 'linux'))).rejects.toThrow(/sentinel/);
  });

  it('fails the build, flipping nothing, when the Electron build of the module did not arrive', async () => {
    const dir = packaged();
    fs.rmSync(path.join(dir, 'resources', 'native'), { recursive: true });
    await expect(afterPack(context(dir, 'linux'))).rejects.toThrow(/^The Electron build of better-sqlite3-multiple-ciphers is not in the package \(.*native.better_sqlite3\.node\)$/);
    expect(readWire(path.join(dir, 'rapport'))).toBe(STAND_IN_DEFAULT_WIRE);
  });
});

describe('electron-builder configuration', () => {
  const moduleDir = path.join(root, 'node_modules', 'better-sqlite3-multiple-ciphers');
  /** Whether the `files` patterns keep a path (relative to the app folder) out of app.asar. */
  const excluded = (rel: string) => NATIVE_MODULE_EXCLUDES.some((p) => p.startsWith('!') && path.matchesGlob(rel, p.slice(1)));

  it('keeps the module’s JavaScript in app.asar, and its sources and every build product (its Node build too) out', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(NATIVE_MODULE_EXCLUDES));
    const all = (fs.readdirSync(moduleDir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(moduleDir, f)).isFile())
      .map((f) => `node_modules/better-sqlite3-multiple-ciphers/${posix(f)}`);
    const leftovers = all.filter((f) => /\/(deps|src|build)\/./.test(f));
    // What the brief names: the Node build, the objects, sqlite3.a, test_extension.node, the sources.
    for (const f of ['build/Release/better_sqlite3.node', 'build/Release/sqlite3.a', 'build/Release/test_extension.node', 'src/better_sqlite3.cpp', 'deps/sqlite3.gyp']) {
      expect(leftovers).toContain(`node_modules/better-sqlite3-multiple-ciphers/${f}`);
    }
    expect(all.some((f) => f.includes('/build/Release/obj'))).toBe(true);
    expect(leftovers.filter((f) => !excluded(f))).toEqual([]);
    for (const f of ['package.json', 'lib/index.js', 'lib/database.js', 'lib/methods/wrappers.js']) {
      expect(excluded(`node_modules/better-sqlite3-multiple-ciphers/${f}`), f).toBe(false);
    }
  });

  it('unpacks nothing beside app.asar, and mentions no sqlite3', () => {
    expect(config.asarUnpack).toBeUndefined();
    expect(JSON.stringify(config)).not.toMatch(/node_modules\/sqlite3|"sqlite3/);
  });

  it('carries the Electron build from native/electron/ as the resource native/better_sqlite3.node, where the vault looks for it', () => {
    expect(NATIVE_RESOURCE).toBe('native/better_sqlite3.node');
    expect(config.extraResources).toEqual([{ from: path.join(root, 'native', 'electron', 'better_sqlite3.node'), to: 'native/better_sqlite3.node' }]);
    // src/main/vault/database.ts: process.resourcesPath/native/better_sqlite3.node, then the checkout's native/electron/.
    const database = fs.readFileSync(path.join(root, 'src', 'main', 'vault', 'database.ts'), 'utf8');
    expect(database).toMatch(/resourcesPath[^\n]*'native', 'better_sqlite3\.node'/);
    expect(database).toMatch(/native\/electron\/better_sqlite3\.node/);
  });

  describe('beforePack', () => {
    const linuxX64 = { electronPlatformName: 'linux', arch: Arch.x64 };
    const stubDir = (dir: string) => vi.stubEnv('RAPPORT_NATIVE_ELECTRON_DIR', dir);

    it('lets packaging go on with an Electron build for the installed Electron and the target', () => {
      const dir = tmp();
      writeStandInNativeElectron(dir, root, { platform: 'linux', arch: 'x64' });
      stubDir(dir);
      expect(() => beforePack(linuxX64)).not.toThrow();
    });

    it('stops packaging, in one line naming the fix, without one', () => {
      stubDir(tmp());
      expect(() => beforePack(linuxX64)).toThrow(/^no Electron build of better-sqlite3-multiple-ciphers at \S+better_sqlite3\.node: run `npm run native:electron`$/);
    });

    it('refuses the Node build (another ABI), and a build for another processor', () => {
      const dir = tmp();
      fs.copyFileSync(nodeBuild, path.join(dir, BINARY_NAME));
      writeStamp(dir, expectedStamp(root, { platform: 'linux', arch: 'x64' }));
      stubDir(dir);
      expect(() => beforePack(linuxX64)).toThrow(
        new RegExp(`is built for ABI ${process.versions.modules}, not Electron ${electronVersion(root)}'s ${electronAbi(root)} \\(a Node build\\?\\): run \`npm run native:electron\`$`),
      );
      writeStandInNativeElectron(dir, root, { platform: 'linux', arch: 'x64' });
      expect(() => beforePack({ electronPlatformName: 'linux', arch: Arch.arm64 })).toThrow(/was built for arch x64, not arm64: run `npm run native:electron`$/);
    });
  });

  it('ships out/, resources/ and package.json, but not the web host', () => {
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'package.json', '!out/main/webhost.js']));
  });

  it('uses the local Electron binary, no rebuild, the hooks, and a Linux folder and AppImage', () => {
    expect(config.electronDist).toBe('node_modules/electron/dist');
    expect(config.npmRebuild).toBe(false);
    expect(config.beforePack).toBe(beforePack);
    expect(config.afterPack).toBe(afterPack);
    expect(config.linux?.target).toEqual(['dir', 'AppImage']);
    expect(config.publish).toBeNull();
  });

  it('is what electron-builder finds at the root', async () => {
    const rootConfig = await import('../../../electron-builder');
    expect(rootConfig.default).toBe(config);
  });
});

describe('npm run native:electron', () => {
  const opts = { electron: '45.4.1', arch: 'x64', distUrl: ELECTRON_HEADERS_URL, devdir: '/home/me/.electron-gyp', jobs: 2 };

  it('puts the build in native/electron/ unless RAPPORT_NATIVE_ELECTRON_DIR says where', () => {
    expect(nativeElectronDir('/r', {})).toBe(path.join('/r', 'native', 'electron'));
    expect(nativeElectronDir('/r', { RAPPORT_NATIVE_ELECTRON_DIR: '/elsewhere' })).toBe(path.resolve('/elsewhere'));
  });

  it('reads the installed Electron’s version and module ABI, which is not Node’s', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
    expect(electronVersion(root)).toBe(pkg.version);
    expect(electronAbi(root)).toMatch(/^\d+$/);
    expect(electronAbi(root)).not.toBe(process.versions.modules);
    // The ABI a compiled module is for, as Node's loader finds it: node_modules holds Node's build.
    expect(binaryAbi(nodeBuild)).toBe(process.versions.modules);
  });

  it('fetches Electron’s headers, then rebuilds for Electron with node-gyp', () => {
    expect(headersArgs(opts)).toEqual([
      'install',
      '--target=45.4.1',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
      '--devdir=/home/me/.electron-gyp',
      '--runtime=electron',
    ]);
    expect(rebuildArgs(opts)).toEqual([
      'rebuild',
      '--release',
      '--target=45.4.1',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
      '--devdir=/home/me/.electron-gyp',
      '--runtime=electron',
      '--jobs=2',
    ]);
    // Headers unpacked by hand: nothing to fetch.
    expect(headersArgs({ ...opts, nodedir: '/h' })).toBeNull();
    expect(rebuildArgs({ ...opts, nodedir: '/h' })).toEqual(['rebuild', '--release', '--target=45.4.1', '--arch=x64', '--nodedir=/h', '--runtime=electron', '--jobs=2']);
  });

  it('keeps npm’s settings about what to build against (a nodedir of /usr, say) away from node-gyp, and the rest', () => {
    const env = nodeGypEnv({ npm_config_nodedir: '/usr', NPM_CONFIG_TARGET: '20.0.0', npm_config_disturl: 'x', npm_config_cafile: '/ca.crt', npm_config_proxy: 'http://p', PATH: '/bin' });
    expect(env).toEqual({ npm_config_cafile: '/ca.crt', npm_config_proxy: 'http://p', PATH: '/bin' });
  });

  it('runs node-gyp from node_modules, or else npm’s own', () => {
    const script = nodeGypScript(root);
    expect(fs.existsSync(script)).toBe(true);
    expect(posix(script)).toMatch(/\/node-gyp\/bin\/node-gyp\.js$/);
    const npmCli = path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
    if (fs.existsSync(npmCli)) {
      expect(nodeGypScript(tmp(), npmCli)).toBe(require.resolve('node-gyp/bin/node-gyp.js', { paths: [path.resolve(npmCli, '..', '..')] }));
    }
  });

  it('reads its arguments, and refuses others', () => {
    expect(parseArgs([])).toEqual({ force: false });
    expect(parseArgs(['--force', '--out=/o', '--dist-url=https://mirror/h', '--devdir=/d', '--nodedir=/n'])).toEqual({
      force: true,
      out: path.resolve('/o'),
      distUrl: 'https://mirror/h',
      devdir: path.resolve('/d'),
      nodedir: path.resolve('/n'),
    });
    expect(() => parseArgs(['--target=1'])).toThrow(NativeBuildError);
  });

  it('knows a build it can keep, and one it cannot', () => {
    const dir = tmp();
    expect(checkElectronBuild(dir, root)).toMatch(/^no Electron build/);
    writeStandInNativeElectron(dir, root);
    expect(checkElectronBuild(dir, root)).toBeNull();
    // Up to date: nothing is run.
    expect(buildNativeElectron(root, { force: false, out: dir })).toMatch(/^\S+better_sqlite3\.node is up to date: better-sqlite3-multiple-ciphers \S+ for Electron \S+ \(ABI \d+, \w+-\w+\)$/);
    // Built for an older Electron (same ABI, say), or an older module: rebuilt.
    writeStamp(dir, { ...expectedStamp(root), electron: '44.0.0' });
    expect(checkElectronBuild(dir, root)).toMatch(/was built for electron 44\.0\.0, not \S+: run `npm run native:electron`$/);
    writeStamp(dir, { ...expectedStamp(root), moduleVersion: '11.0.0' });
    expect(checkElectronBuild(dir, root)).toMatch(/was built for moduleVersion 11\.0\.0/);
    fs.rmSync(path.join(dir, 'better_sqlite3.json'));
    expect(checkElectronBuild(dir, root)).toMatch(/has no readable better_sqlite3\.json/);
  });

  /** Runs the script as `npm run native:electron` would. */
  function nativeElectron(args: string[]) {
    return spawnSync(process.execPath, [tsx, 'scripts/native-electron.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  }

  it('stops with one line, writing nothing and leaving node_modules’ Node build alone, when the headers cannot be fetched', () => {
    const out = path.join(tmp(), 'out');
    const before = fs.statSync(nodeBuild);
    // Port 9 (discard) is one fetch refuses outright: a download failure on every machine, at once.
    const r = nativeElectron([`--out=${out}`, `--devdir=${tmp()}`, '--dist-url=http://127.0.0.1:9/headers']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^npm run native:electron: could not fetch the Electron \S+ headers from http:\/\/127\.0\.0\.1:9\/headers\/v\S+\/node-v\S+-headers\.tar\.gz .*; nothing was built \(offline: unpack the headers and pass --nodedir=<dir>\)$/,
      ),
    ]);
    expect(fs.existsSync(out)).toBe(false);
    const after = fs.statSync(nodeBuild);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
  });

  it('stops with one line on headers that are not there, or an unknown argument', () => {
    const r = nativeElectron([`--out=${path.join(tmp(), 'out')}`, `--nodedir=${tmp()}`]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npm run native:electron: --nodedir=\S+ holds no include\/node\/node\.h; nothing was built$/)]);
    const u = nativeElectron(['--bogus']);
    expect(u.status).toBe(1);
    expect(u.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npm run native:electron: unknown argument --bogus/)]);
  });
});

describe('npm run package', () => {
  it.skipIf(electronBinary(root) !== null)('stops with one line, building nothing, where there is no Electron binary', () => {
    const r = spawnSync(process.execPath, [tsx, 'scripts/package.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npm run package: no Electron binary in node_modules\/electron\/dist .*nothing was built\.$/)]);
  });
});
