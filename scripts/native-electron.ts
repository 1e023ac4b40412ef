/**
 * `npm run native:electron` (also run by `npm run package` before packaging): builds
 * better-sqlite3-multiple-ciphers for the installed Electron into native/electron/better_sqlite3.node.
 *
 * The module is not N-API: a build loads only in the runtime (Node or Electron) whose ABI it was
 * compiled against. node_modules keeps the Node build (tests, web host), untouched; the Electron
 * build is made in a temporary copy of the package with node-gyp and Electron's headers, and copied
 * out. The app finds it there when run from the checkout, and packaging copies it into the app's
 * resources as native/better_sqlite3.node (scripts/package-config.ts; src/main/vault/database.ts
 * loads it from either place).
 *
 * A stamp beside it (better_sqlite3.json) records what it was built for; when that still matches,
 * nothing is rebuilt (`--force` rebuilds anyway). Electron's headers are downloaded from
 * https://electronjs.org/headers (`--dist-url=` for a mirror) into ~/.electron-gyp (`--devdir=`);
 * where they cannot be, unpack them and pass `--nodedir=<dir>`. `--out=<dir>` writes elsewhere.
 * Every failure ends in one line and exit code 1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MODULE_NAME = 'better-sqlite3-multiple-ciphers';
export const BINARY_NAME = 'better_sqlite3.node';
export const STAMP_NAME = 'better_sqlite3.json';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/** Where the Electron build goes: native/electron/ in the checkout, unless RAPPORT_NATIVE_ELECTRON_DIR says otherwise. */
export function nativeElectronDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.RAPPORT_NATIVE_ELECTRON_DIR ? path.resolve(env.RAPPORT_NATIVE_ELECTRON_DIR) : path.join(projectRoot, 'native', 'electron');
}

/** A path as messages show it: from the project root when inside it, else in full. */
export function shown(projectRoot: string, file: string): string {
  const rel = path.relative(projectRoot, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** A failure, with the one line to print. */
export class NativeBuildError extends Error {}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new NativeBuildError(`${what} is missing (${file}): run npm install`);
  }
}

/** The installed Electron's version (node_modules/electron/package.json: the binary is not needed). */
export function electronVersion(projectRoot: string): string {
  const pkg = JSON.parse(readText(path.join(projectRoot, 'node_modules', 'electron', 'package.json'), 'the electron package')) as { version: string };
  return pkg.version;
}

/** The installed Electron's NODE_MODULE_VERSION (node_modules/electron/abi_version). */
export function electronAbi(projectRoot: string): string {
  return readText(path.join(projectRoot, 'node_modules', 'electron', 'abi_version'), "electron's abi_version").trim();
}

export function moduleDir(projectRoot: string): string {
  return path.join(projectRoot, 'node_modules', MODULE_NAME);
}

export function moduleVersion(projectRoot: string): string {
  const pkg = JSON.parse(readText(path.join(moduleDir(projectRoot), 'package.json'), `the ${MODULE_NAME} package`)) as { version: string };
  return pkg.version;
}

/** What a build is for; written beside it, compared before reusing or packaging it. */
export interface Stamp {
  module: string;
  moduleVersion: string;
  electron: string;
  abi: string;
  platform: string;
  arch: string;
}

/** The platform and processor a build is for: this machine's, unless packaging for another. */
export interface Target {
  platform: string;
  arch: string;
}

export const HOST: Target = { platform: process.platform, arch: process.arch };

export function expectedStamp(projectRoot: string, target: Target = HOST): Stamp {
  return {
    module: MODULE_NAME,
    moduleVersion: moduleVersion(projectRoot),
    electron: electronVersion(projectRoot),
    abi: electronAbi(projectRoot),
    platform: target.platform,
    arch: target.arch,
  };
}

export function writeStamp(dir: string, stamp: Stamp): void {
  fs.writeFileSync(path.join(dir, STAMP_NAME), `${JSON.stringify(stamp, null, 2)}\n`);
}

/**
 * The ABI a compiled module was built for: Node's loader looks for the symbol
 * node_register_module_v<NODE_MODULE_VERSION>, whose name is in the binary. Null if there is none.
 */
export function binaryAbi(file: string): string | null {
  const m = /node_register_module_v(\d+)/.exec(fs.readFileSync(file).toString('latin1'));
  return m ? m[1] : null;
}

/**
 * Null when `dir` holds an Electron build of the module that the installed Electron loads;
 * otherwise why not, in one line.
 */
export function checkElectronBuild(dir: string, projectRoot: string, target: Target = HOST): string | null {
  const binary = path.join(dir, BINARY_NAME);
  const rel = shown(projectRoot, binary);
  const fix = 'run `npm run native:electron`';
  if (!fs.existsSync(binary)) return `no Electron build of ${MODULE_NAME} at ${rel}: ${fix}`;
  const want = expectedStamp(projectRoot, target);
  const abi = binaryAbi(binary);
  if (abi !== want.abi) {
    return `${rel} is built for ABI ${abi ?? 'unknown'}, not Electron ${want.electron}'s ${want.abi} (a Node build?): ${fix}`;
  }
  let stamp: Partial<Stamp> = {};
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dir, STAMP_NAME), 'utf8')) as Partial<Stamp>;
  } catch {
    return `${rel} has no readable ${STAMP_NAME} beside it: ${fix}`;
  }
  const stale = (Object.keys(want) as (keyof Stamp)[]).filter((k) => stamp[k] !== want[k]);
  if (stale.length) {
    return `${rel} was built for ${stale.map((k) => `${k} ${String(stamp[k])}`).join(', ')}, not ${stale.map((k) => want[k]).join(', ')}: ${fix}`;
  }
  return null;
}

/**
 * node-gyp's entry script: the project's own copy if there is one, else the one npm bundles.
 * `npmExecPath` is npm's npm-cli.js (npm_execpath under `npm run`).
 */
export function nodeGypScript(projectRoot: string, npmExecPath: string | undefined = process.env.npm_execpath): string {
  const npmDirs = [
    ...(npmExecPath && /npm-cli\.js$/.test(npmExecPath) ? [path.resolve(path.dirname(npmExecPath), '..')] : []),
    path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'),
    path.resolve(path.dirname(process.execPath), 'node_modules', 'npm'),
  ];
  try {
    return require.resolve('node-gyp/bin/node-gyp.js', { paths: [projectRoot, ...npmDirs] });
  } catch {
    throw new NativeBuildError("node-gyp was found neither in node_modules nor in npm's own folder");
  }
}

export interface BuildOptions {
  electron: string;
  arch: string;
  /** Where headers are downloaded from. */
  distUrl: string;
  /** Where node-gyp keeps downloaded headers. */
  devdir: string;
  /** Unpacked Electron headers to use instead of downloading them. */
  nodedir?: string;
  jobs: number;
}

/** node-gyp's arguments (after the script) for fetching the headers, or null when --nodedir gives them. */
export function headersArgs(o: BuildOptions): string[] | null {
  if (o.nodedir) return null;
  return ['install', `--target=${o.electron}`, `--arch=${o.arch}`, `--dist-url=${o.distUrl}`, `--devdir=${o.devdir}`, '--runtime=electron'];
}

/** node-gyp's arguments for building, run in the temporary copy of the package. */
export function rebuildArgs(o: BuildOptions): string[] {
  return [
    'rebuild',
    '--release',
    `--target=${o.electron}`,
    `--arch=${o.arch}`,
    ...(o.nodedir ? [`--nodedir=${o.nodedir}`] : [`--dist-url=${o.distUrl}`, `--devdir=${o.devdir}`]),
    '--runtime=electron',
    `--jobs=${o.jobs}`,
  ];
}

/**
 * The environment for node-gyp. Under `npm run`, npm passes its settings as npm_config_*, which
 * node-gyp reads as options it was not given: a `nodedir` (some Linux distributions' npm sets
 * /usr) would build against Node's headers instead of Electron's. Those about what to build
 * against go; the rest (proxy, cafile) stay for the download.
 */
export function nodeGypEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of Object.keys(out)) {
    if (/^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|devdir|build_from_source)$/i.test(k)) delete out[k];
  }
  return out;
}

export interface CliOptions {
  out?: string;
  distUrl?: string;
  devdir?: string;
  nodedir?: string;
  force: boolean;
}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { force: false };
  for (const arg of argv) {
    const m = /^--(out|dist-url|devdir|nodedir)=(.+)$/.exec(arg);
    if (arg === '--force') o.force = true;
    else if (m?.[1] === 'out') o.out = path.resolve(m[2]);
    else if (m?.[1] === 'dist-url') o.distUrl = m[2];
    else if (m?.[1] === 'devdir') o.devdir = path.resolve(m[2]);
    else if (m?.[1] === 'nodedir') o.nodedir = path.resolve(m[2]);
    else throw new NativeBuildError(`unknown argument ${arg} (known: --force, --out=, --dist-url=, --devdir=, --nodedir=)`);
  }
  return o;
}

/** The line that says which download failed, from node-gyp's output. */
function fetchFailure(output: string): string {
  const url = /gyp http GET (\S+)/.exec(output)?.[1];
  let reason = /gyp ERR! stack (?:\w*Error: )?(.+)/.exec(output)?.[1]?.trim();
  // node-gyp's words for any failed connection, which hide the cause.
  if (reason && /most likely not a problem with node-gyp/.test(reason)) reason = 'no connection: offline, or a proxy or firewall in the way';
  return `${url ?? 'the headers'}${reason ? ` (${reason})` : ''}`;
}

/**
 * Builds the module for the installed Electron into `out` (native/electron/ by default) unless an
 * up-to-date build is there. Returns what it did, in one line; throws NativeBuildError.
 */
export function buildNativeElectron(projectRoot: string, cli: CliOptions = { force: false }, log: (line: string) => void = console.log): string {
  const out = cli.out ?? nativeElectronDir(projectRoot);
  const stamp = expectedStamp(projectRoot);
  const what = `${MODULE_NAME} ${stamp.moduleVersion} for Electron ${stamp.electron} (ABI ${stamp.abi}, ${stamp.platform}-${stamp.arch})`;
  const rel = shown(projectRoot, path.join(out, BINARY_NAME));
  if (!cli.force && checkElectronBuild(out, projectRoot) === null) return `${rel} is up to date: ${what}`;

  const script = nodeGypScript(projectRoot);
  const opts: BuildOptions = {
    electron: stamp.electron,
    arch: stamp.arch,
    distUrl: cli.distUrl ?? ELECTRON_HEADERS_URL,
    devdir: cli.devdir ?? path.join(os.homedir(), '.electron-gyp'),
    nodedir: cli.nodedir,
    jobs: Math.max(1, os.availableParallelism()),
  };
  const env = nodeGypEnv(process.env);

  const install = headersArgs(opts);
  if (install) {
    log(`Fetching the Electron ${stamp.electron} headers (${opts.distUrl})…`);
    const r = spawnSync(process.execPath, [script, ...install], { env, encoding: 'utf8', timeout: 10 * 60_000 });
    if (r.error || r.status !== 0) {
      throw new NativeBuildError(
        `could not fetch the Electron ${stamp.electron} headers from ${fetchFailure(`${r.stdout ?? ''}${r.stderr ?? ''}`)}; nothing was built (offline: unpack the headers and pass --nodedir=<dir>)`,
      );
    }
  } else if (!fs.existsSync(path.join(opts.nodedir!, 'include', 'node', 'node.h'))) {
    throw new NativeBuildError(`--nodedir=${opts.nodedir} holds no include/node/node.h; nothing was built`);
  }

  // A copy of the package without its build/, so node_modules' Node build is never touched.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-native-electron-'));
  try {
    const src = moduleDir(projectRoot);
    const copy = path.join(work, MODULE_NAME);
    fs.cpSync(src, copy, {
      recursive: true,
      filter: (f) => !['build', 'node_modules'].includes(path.relative(src, f).split(path.sep)[0]),
    });
    log(`Building ${what}…`);
    const r = spawnSync(process.execPath, [script, ...rebuildArgs(opts)], { cwd: copy, env, stdio: 'inherit' });
    if (r.error || r.status !== 0) {
      throw new NativeBuildError(`node-gyp could not build ${what} (${r.error?.message ?? `exit ${r.status ?? r.signal}`}, output above); nothing was written`);
    }
    const built = path.join(copy, 'build', 'Release', BINARY_NAME);
    if (!fs.existsSync(built)) throw new NativeBuildError(`node-gyp finished but left no build/Release/${BINARY_NAME}; nothing was written`);
    const abi = binaryAbi(built);
    if (abi !== stamp.abi) {
      throw new NativeBuildError(`the build is for ABI ${abi ?? 'unknown'}, not Electron's ${stamp.abi} (wrong --nodedir?); nothing was written`);
    }
    fs.mkdirSync(out, { recursive: true });
    fs.rmSync(path.join(out, STAMP_NAME), { force: true });
    const tmp = path.join(out, `${BINARY_NAME}.tmp`);
    fs.copyFileSync(built, tmp);
    fs.renameSync(tmp, path.join(out, BINARY_NAME));
    writeStamp(out, stamp);
    return `built ${rel}: ${what}`;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The command line, for `npm run native:electron`. */
export function main(argv: string[], projectRoot: string = path.resolve(__dirname, '..')): number {
  try {
    console.log(buildNativeElectron(projectRoot, parseArgs(argv)));
    return 0;
  } catch (e) {
    if (!(e instanceof NativeBuildError)) throw e;
    console.error(`npm run native:electron: ${e.message}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) process.exit(main(process.argv.slice(2)));
