/**
 * SIGKILL during a large import (issue 13): a child previews a CSV of ROWS people and commits it in
 * one transaction; the parent kills it at a chosen moment of that commit (as it begins, early, half
 * way, after the last row just before COMMIT). After each kill the vault opens with its passphrase,
 * every page authenticates and the integrity and foreign key checks pass (Vault.verifyAll), the
 * import is all there or not there at all (never half), and everything committed before it is
 * intact. The next round imports into the same vault.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Vault } from '../../src/main/vault/vault';
import { type ChildBundle, bundleChild } from '../support/childBundle';
import { crashPassphrase } from '../support/crashProtocol';
import { TEST_VAULT_OPTIONS, ok, testCore } from '../support/vault';

const ROWS = 20_000;

let bundle: ChildBundle;
let root: string;
let dataDir: string;
let vaultFile: string;
/** Clients committed so far (by the setup, or by an import the kill came too late for), by id. */
const committed = new Map<string, string>();

beforeAll(async () => {
  bundle = bundleChild('tests/support/child-import-kill.ts');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-import-'));
  dataDir = path.join(root, 'data');
  const setup = await testCore({ dataDir });
  await ok(setup, 'vault.create', { passphrase: crashPassphrase(0) });
  for (const name of ['Acme Holdings', 'Jane Doe', 'Globex']) {
    const c = await ok(setup, 'clients.create', { kind: 'organisation', name });
    committed.set(c.id, name);
    await ok(setup, 'contacts.create', { clientId: c.id, name: `Someone at ${name}`, email: `someone@${c.id.slice(0, 8)}.example` });
  }
  vaultFile = setup.status().vaultPath;
  await setup.dispose();
});

afterAll(() => {
  bundle?.remove();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** Runs the child until its output passes `killWhen`, then SIGKILLs it; its output. */
async function importKilled(tag: string, killWhen: (out: string) => boolean): Promise<{ out: string; walBytes: number }> {
  const child: ChildProcess = spawn(process.execPath, [...bundle.args, dataDir, tag, String(ROWS)], { env: bundle.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let walBytes = 0;
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    if (child.signalCode === null && killWhen(out)) {
      child.kill('SIGKILL');
      walBytes = fs.existsSync(`${vaultFile}-wal`) ? fs.statSync(`${vaultFile}-wal`).size : 0;
    }
  });
  const signal = await exited;
  clearTimeout(guard);
  expect(signal, `the child was not killed; stderr: ${err}; stdout tail: ${out.slice(-300)}`).toBe('SIGKILL');
  expect(out).not.toMatch(/^ERR /m);
  return { out, walBytes };
}

const progressAtLeast = (n: number) => (out: string) => {
  const all = [...out.matchAll(/^PROGRESS (\d+)$/gm)];
  return all.length > 0 && Number(all.at(-1)![1]) >= n;
};

test(`SIGKILL during a ${ROWS.toLocaleString('en-GB')}-row import leaves all of it or none, and a vault that opens with nothing committed lost`, { timeout: 600_000 }, async () => {
  const rounds: { name: string; killWhen: (out: string) => boolean; cut: boolean }[] = [
    // Killed as the commit starts (its BEGIN IMMEDIATE, the first rows).
    { name: 'begin', killWhen: (out) => out.includes('PREVIEWED'), cut: false },
    { name: 'early', killWhen: progressAtLeast(400), cut: true },
    { name: 'half', killWhen: progressAtLeast(ROWS / 2), cut: true },
    // After the last row: the commit counter, COMMIT and its fsync are all that is left.
    { name: 'last-row', killWhen: progressAtLeast(ROWS), cut: false },
  ];
  const results: string[] = [];
  for (const [i, round] of rounds.entries()) {
    const tag = `k${i}-${round.name}`;
    const { out, walBytes } = await importKilled(tag, round.killWhen);
    const reported = /^COMMITTED /m.test(out);
    const where = `round ${round.name}`;

    const vault = await Vault.open(vaultFile, TEST_VAULT_OPTIONS);
    try {
      await vault.unlock(crashPassphrase(0));
      await vault.verifyAll(); // every page authenticates; integrity and foreign keys; every record parses
      const clients = await vault.all<{ name: string }>('clients');
      const contacts = await vault.all<{ name: string }>('contacts');
      const byId = new Map(clients.map((c) => [c.id, c.data.name]));
      // Nothing committed before is lost.
      for (const [id, name] of committed) expect({ where, id, name: byId.get(id) }).toEqual({ where, id, name });
      // The import: every row's client and contact, or none of them.
      const tagged = clients.filter((c) => c.data.name.includes(tag)).length;
      const taggedContacts = contacts.filter((c) => c.data.name.includes(tag)).length;
      expect({ where, tagged, taggedContacts }).toEqual(tagged ? { where, tagged: ROWS, taggedContacts: ROWS } : { where, tagged: 0, taggedContacts: 0 });
      if (reported) expect(tagged, `${where}: acknowledged but not there`).toBe(ROWS);
      // Killed part way through the rows: the transaction cannot have committed.
      if (round.cut) expect({ where, tagged, reported }).toEqual({ where, tagged: 0, reported: false });
      for (const c of clients) if (c.data.name.includes(tag)) committed.set(c.id, c.data.name);
      const progress = [...out.matchAll(/^PROGRESS (\d+)$/gm)].at(-1)?.[1] ?? 'none';
      results.push(`${round.name}: killed after progress ${progress}, WAL ${Math.round(walBytes / 1024)} KiB, ${tagged ? 'all' : 'none'} of it there`);
    } finally {
      await vault.close();
    }
  }
  console.log(`import kills: ${results.join('; ')}`);
});
