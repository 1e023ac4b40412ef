/**
 * A passphrase change killed half-way leaves the old or the new passphrase working, never
 * neither and never both: a child process changes the passphrase in a loop and is SIGKILLed at a
 * random moment, ten times over; after each kill exactly one passphrase opens the vault, it is
 * the last acknowledged one or the one being set, and every record is intact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test } from 'vitest';
import { nthPassphrase } from '../support/child-change-passphrase';
import { readAll, seedRecords } from '../support/records';
import { ok, tempDir, testCore } from '../support/vault';

const REPO = path.resolve(__dirname, '../..');
const CHILD = path.join(REPO, 'tests/support/child-change-passphrase.ts');
const KILLS = 10;

interface Run {
  /** The last passphrase number the child reported as changed, or start if none. */
  lastAcked: number;
  acks: number;
}

/**
 * A child that is loaded and waiting. `go` tells it the current passphrase number, lets it
 * acknowledge `afterAcks` changes, kills it `delayMs` later, and reports the acknowledged changes.
 */
class Child {
  private readonly proc: ChildProcess;
  private out = '';
  private err = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(dataDir: string) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stdout!.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    this.proc.stderr!.on('data', (chunk: Buffer) => (this.err += chunk.toString()));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
  }

  private waitFor(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error(`child: no ${line} in 30 s; stderr: ${this.err}`)), 30_000);
      const check = () => {
        if (`\n${this.out}`.includes(`\n${line}\n`)) {
          clearTimeout(guard);
          this.proc.stdout!.off('data', check);
          resolve();
        }
      };
      this.proc.stdout!.on('data', check);
      void this.exited.then(() => {
        clearTimeout(guard);
        reject(new Error(`child exited before ${line}; stderr: ${this.err}`));
      });
      check();
    });
  }

  async go(start: number, afterAcks: number, delayMs: number): Promise<Run> {
    await this.waitFor('LOADED');
    this.proc.stdin!.write(`GO ${start}\n`);
    await this.waitFor('READY');
    if (afterAcks > 0) await this.waitFor(`ACK ${start + afterAcks}`);
    await new Promise((r) => setTimeout(r, delayMs));
    this.proc.kill('SIGKILL');
    const { code, signal } = await this.exited;
    if (signal !== 'SIGKILL') throw new Error(`child exited by itself (${code}): ${this.err}`);
    const acks = [...this.out.matchAll(/^ACK (\d+)$/gm)].map((m) => Number(m[1]));
    expect(acks).toEqual(acks.map((_, i) => start + i + 1));
    return { lastAcked: acks.length ? acks[acks.length - 1] : start, acks: acks.length };
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}

/** Which of the passphrases around the last acknowledged one open the vault. */
async function workingPassphrases(dataDir: string, lastAcked: number): Promise<number[]> {
  const core = await testCore({ dataDir });
  const working: number[] = [];
  try {
    for (let n = Math.max(0, lastAcked - 2); n <= lastAcked + 2; n++) {
      const r = await core.call('vault.unlock', { passphrase: nthPassphrase(n) });
      if (r.ok) {
        working.push(n);
        await ok(core, 'vault.lock', {});
      } else {
        expect({ n, code: r.error.code, message: r.error.message }).toMatchObject({ n, code: 'WRONG_PASSPHRASE' });
      }
    }
  } finally {
    await core.dispose();
  }
  return working;
}

test(`a passphrase change killed ${KILLS} times at random moments never locks the owner out`, async () => {
  const dataDir = tempDir();
  const setup = await testCore({ dataDir });
  await ok(setup, 'vault.create', { passphrase: nthPassphrase(0) });
  await seedRecords(setup);
  const records = await readAll(setup);
  await setup.dispose();

  let current = 0;
  let totalAcks = 0;
  let inFlightLanded = 0;
  let minimumAcks = 0;
  // Children load ahead (node and tsx take a second or so to start) while earlier ones run.
  const AHEAD = 3;
  const children = Array.from({ length: Math.min(AHEAD, KILLS) }, () => new Child(dataDir));
  try {
    for (let kill = 0; kill < KILLS; kill++) {
      // Killed after 0 to 3 acknowledged changes, at a random point of the next one (each takes
      // some 50 to 150 ms: two key derivations, then one UPDATE and its fsync).
      const afterAcks = Math.floor(Math.random() * 4);
      const delay = Math.floor(Math.random() * 150);
      const run = await children[kill].go(current, afterAcks, delay);
      expect(run.acks).toBeGreaterThanOrEqual(afterAcks);
      minimumAcks += afterAcks;
      if (children.length < KILLS) children.push(new Child(dataDir));
      totalAcks += run.acks;
      const working = await workingPassphrases(dataDir, run.lastAcked);
      expect({ kill, afterAcks, delay, lastAcked: run.lastAcked, working }).toEqual({
        kill,
        afterAcks,
        delay,
        lastAcked: run.lastAcked,
        working: [expect.any(Number)],
      });
      expect([run.lastAcked, run.lastAcked + 1]).toContain(working[0]);
      if (working[0] === run.lastAcked + 1) inFlightLanded++;
      current = working[0];

      // Unlock verifies the integrity of every table; the records read back unchanged.
      const core = await testCore({ dataDir });
      await ok(core, 'vault.unlock', { passphrase: nthPassphrase(current) });
      expect(await readAll(core)).toEqual(records);
      await core.dispose();
    }
  } finally {
    for (const c of children) c.kill();
  }
  expect(totalAcks).toBeGreaterThanOrEqual(minimumAcks);
  console.log(
    `crash test: ${KILLS} kills, ${totalAcks} acknowledged changes, ` +
      `${inFlightLanded} unacknowledged change(s) found committed`,
  );
});
