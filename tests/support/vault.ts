/**
 * Test-only factories. Cheaper KDF parameters live here and nowhere in src/: the app builds its
 * core with createCore(), which fixes the production defaults.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { RapportCore, type Host } from '../../src/main/core';
import type { Clock } from '../../src/main/clock';
import type { VaultOptions } from '../../src/main/vault/vault';
import type { MethodName, MethodInput, MethodOutput } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';
import { TEST_VAULT_OPTIONS } from './options';

export { NEW_PASSPHRASE, PASSPHRASE, TEST_KDF, TEST_VAULT_OPTIONS } from './options';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
  dirs.push(d);
  return d;
}

export const webHost: Host = {
  platform: 'web',
  chooseVaultFile: async () => ({ supported: false, path: null }),
};

export class ManualClock implements Clock {
  constructor(private t = new Date('2026-11-23T09:00:00Z').getTime()) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A started core on a temporary data folder, with cheap KDF parameters. */
export async function testCore(
  opts: { dataDir?: string; vaultPath?: string; clock?: Clock; vaultOptions?: VaultOptions; host?: Host } = {},
): Promise<RapportCore> {
  const core = new RapportCore(
    { dataDir: opts.dataDir ?? tempDir(), vaultPath: opts.vaultPath, host: opts.host ?? webHost, clock: opts.clock },
    opts.vaultOptions ?? TEST_VAULT_OPTIONS,
  );
  await core.start();
  return core;
}

/** Calls a method and returns its value, or throws with the error code and message. */
export async function ok<M extends MethodName>(core: RapportCore, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = (await core.call(method, input)) as Result<MethodOutput<M>>;
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Calls a method that must fail and returns its error. */
export async function fails(core: RapportCore, method: string, input: unknown) {
  const r = await core.call(method, input);
  if (r.ok) throw new Error(`${method} succeeded but should have failed`);
  return r.error;
}

/** Every file below a folder, recursively. */
export function filesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesBelow(p));
    else out.push(p);
  }
  return out;
}
