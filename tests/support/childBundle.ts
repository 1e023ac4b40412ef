/**
 * Builds a child-process script (tests/support/child-*.ts) into one minified CommonJS file with
 * esbuild, so that dozens of children start fast: under `node --import tsx` each child spends some
 * 2.7 s of CPU loading the core (TypeScript transforms, whole packages such as date-fns, and
 * @react-pdf/renderer, docx and pdf-lib for letters); bundled and tree-shaken, with those three
 * rendering libraries replaced by a stub that throws if called, about 0.7 s. The vault, SQLite,
 * libsodium and every service run for real; only letter rendering, which no child calls, is
 * absent. The native SQLite module and libsodium (whose path the key-derivation worker loads) stay external, found via NODE_PATH.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

const REPO = path.resolve(__dirname, '../..');

const STUB = `module.exports = new Proxy({}, {
  get: (_t, key) => (key === '__esModule' ? false : function notInThisChild() {
    throw new Error('letter rendering is not loaded in this test child');
  }),
});
`;

export interface ChildBundle {
  /** The bundled script. */
  file: string;
  /** Arguments for spawn(process.execPath, [...args, ...yours]). */
  args: string[];
  /** Environment for spawn (NODE_PATH so external packages resolve). */
  env: NodeJS.ProcessEnv;
  /** Removes the bundle's folder. */
  remove(): void;
}

export function bundleChild(entry: string, execArgv: string[] = []): ChildBundle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-child-'));
  const stub = path.join(dir, 'stub.cjs');
  fs.writeFileSync(stub, STUB);
  const file = path.join(dir, `${path.basename(entry, '.ts')}.cjs`);
  buildSync({
    entryPoints: [path.resolve(REPO, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3-multiple-ciphers', 'libsodium-wrappers-sumo'],
    minify: true,
    alias: { '@react-pdf/renderer': stub, docx: stub, 'pdf-lib': stub },
    outfile: file,
    absWorkingDir: REPO,
    logLevel: 'error',
    sourcemap: false,
  });
  return {
    file,
    args: [...execArgv, file],
    env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
