/**
 * A format-2 vault's conversion to format 3, killed (SIGKILL) at random moments: afterwards the
 * vault always opens with the same passphrase and holds every record of the fixture, whether the
 * kill came before, during or after the swap.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { RECORD_TABLES } from '../../src/main/vault/schema';
import { vaultOf } from '../support/internals';
import { bundleChild } from '../support/childBundle';
import { PASSPHRASE, ok, tempDir, testCore } from '../support/vault';

const FIXTURES = path.resolve(__dirname, '../fixtures/vault');
const KILLS = 12;
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'vault-format2.expected.json'), 'utf8')) as {
  tables: Record<string, { id: string; version: number; clientId: string | null; data: unknown }[]>;
};

const child = bundleChild('tests/support/child-convert.ts');
afterAll(() => child.remove());

/** Runs the child on `file`; kills it `killAfterMs` after it starts unlocking (never, with null). */
function run(file: string, killAfterMs: number | null): Promise<{ done: number | null }> {
  const proc: ChildProcess = spawn(process.execPath, [...child.args, file], { env: child.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterMs !== null && out.includes('UNLOCKING\n') && !proc.killed) {
        setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
        killAfterMs = null;
      }
    });
    proc.on('exit', (code, signal) => {
      const done = /DONE (\d+)/.exec(out);
      if (signal === 'SIGKILL' || code === 0) resolve({ done: done ? Number(done[1]) : null });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

test(`a conversion killed at ${KILLS} random moments always leaves a vault that opens with every record`, async () => {
  const dir = tempDir();
  const file = path.join(dir, 'practice.rapport');
  fs.copyFileSync(path.join(FIXTURES, 'vault-format2.rapport'), file);
  const { done: fullMs } = await run(file, null);
  expect(fullMs).not.toBeNull();

  let finished = 0;
  for (let i = 0; i < KILLS; i++) {
    for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true, recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'vault-format2.rapport'), file);
    // Spread over the conversion, a little past its end.
    const { done } = await run(file, Math.round(((i + 0.5) / KILLS) * fullMs! * 1.2));
    if (done !== null) finished++;

    const core = await testCore({ dataDir: dir, vaultPath: file });
    await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
    const vault = vaultOf(core)!;
    for (const table of RECORD_TABLES) {
      const rows = (await vault.all(table)).map((r) => ({ id: r.id, version: r.version, clientId: r.clientId ?? null, data: r.data }));
      rows.sort((a, b) => a.id.localeCompare(b.id));
      expect({ kill: i, table, rows }).toEqual({ kill: i, table, rows: expected.tables[table] });
    }
    await core.dispose();
    expect(fs.readdirSync(dir).filter((f) => f.includes('.converting'))).toEqual([]);
  }
  // Most kills land inside the conversion, not after it.
  expect(finished).toBeLessThan(KILLS / 2);
}, 180_000);
