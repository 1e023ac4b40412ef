/**
 * Test-only factories. Cheaper KDF parameters live here and nowhere in src/: the app builds its
 * core with createCore(), which fixes the production defaults.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { RapportCore, type ChoiceRequest, type Host } from '../../src/main/core';
import type { ChoicePurpose, FileChoice } from '../../src/shared/choices';
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
  choose: async () => ({ supported: false, path: null }),
};

/** A host whose "dialogs" return the paths queued with willChoose, in order (none queued: cancelled). */
export function choosingHost(): Host & { willChoose(...paths: string[]): void; asked: ChoiceRequest[] } {
  const queue: string[] = [];
  const asked: ChoiceRequest[] = [];
  return {
    platform: 'web',
    asked,
    willChoose: (...paths) => void queue.push(...paths),
    choose: async (request) => {
      asked.push(request);
      return { supported: true, path: queue.shift() ?? null };
    },
  };
}

const hosts = new WeakMap<RapportCore, ReturnType<typeof choosingHost>>();

/**
 * What the person does in main's dialog, for a core made by testCore(): the dialog returns `chosen`,
 * and the renderer gets back only the choice id, which this returns.
 */
export async function choose(core: RapportCore, purpose: ChoicePurpose, chosen: string): Promise<string> {
  const host = hosts.get(core);
  if (!host) throw new Error('choose() needs a core made by testCore() without its own host');
  host.willChoose(chosen);
  const r = (await core.call('files.choose', { purpose })) as Result<FileChoice>;
  if (!r.ok || !r.value.choice) throw new Error(`files.choose failed: ${JSON.stringify(r)}`);
  return r.value.choice.id;
}

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
  const host = opts.host ?? choosingHost();
  const core = new RapportCore(
    { dataDir: opts.dataDir ?? tempDir(), vaultPath: opts.vaultPath, host, clock: opts.clock },
    opts.vaultOptions ?? TEST_VAULT_OPTIONS,
  );
  if (!opts.host) hosts.set(core, host as ReturnType<typeof choosingHost>);
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
