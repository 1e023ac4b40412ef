/**
 * Crash at any moment. A child process writes through the API (client creates, timeline entries,
 * deletes and undos, passphrase changes, CSV imports, backups) and prints each operation before it
 * starts and each acknowledgement; the parent SIGKILLs it at a random moment, over and over
 * (every fourth round at random, the others while a passphrase change, an import or a backup is
 * under way). After each kill:
 *
 * - `PRAGMA integrity_check` is ok and there are no foreign key violations;
 * - the vault opens and unlocks with the last acknowledged passphrase (or the one being set);
 * - every record of every table authenticates (Vault.verifyAll);
 * - every acknowledged write is there, every acknowledged delete is gone, and nothing else is
 *   there except, all or nothing, the one operation in flight;
 * - every backup under its final name opens and verifies via backup.inspect (a half-written one
 *   would only ever be a hidden temporary file, which is counted and removed).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { Vault } from '../../src/main/vault/vault';
import { type ChildBundle, bundleChild } from '../support/childBundle';
import { type Ack, MODES, type Mode, type Op, crashPassphrase } from '../support/crashProtocol';
import { TEST_VAULT_OPTIONS, choose, ok, testCore } from '../support/vault';

const KILLS = Number(process.env.CRASH_KILLS ?? 52);
/** Children loading ahead while earlier ones run (node takes a moment to start). */
const AHEAD = 3;

let bundle: ChildBundle;
let root: string;
let dataDir: string;
let backupDir: string;
let vaultFile: string;
let inspector: RapportCore;

// ---- the parent's model of what must be in the vault ----
const clients = new Map<string, { name: string; present: boolean }>();
const entries = new Map<string, { clientId: string; summary: string; deleted: boolean }>();
let pass = 0;
const backups: { path: string; pass: number }[] = [];
const verifiedBackups = new Set<string>();

// ---- figures ----
let survived = 0;
let acked = 0;
let tempLeftovers = 0;
let landedUnacked = 0;
const inFlightKinds = new Map<string, number>();
const phases = new Map<string, number>();
const phase = (name: string, since: number) => phases.set(name, (phases.get(name) ?? 0) + Date.now() - since);

class Child {
  private readonly proc: ChildProcess;
  out = '';
  err = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor() {
    this.proc = spawn(process.execPath, [...bundle.args, dataDir, backupDir], { env: bundle.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    this.proc.stderr!.on('data', (chunk: Buffer) => (this.err += chunk.toString()));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves when the output satisfies `done`; rejects if the child exits first or after 60 s. */
  until(what: string, done: (out: string) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => finish(new Error(`child: no ${what} in 60 s; stderr: ${this.err}; stdout tail: ${this.out.slice(-400)}`)), 60_000);
      const check = () => done(this.out) && finish();
      const finish = (e?: Error) => {
        clearTimeout(guard);
        this.proc.stdout!.off('data', check);
        if (e) reject(e);
        else resolve();
      };
      this.proc.stdout!.on('data', check);
      void this.exited.then(() => finish(new Error(`child exited before ${what}; stderr: ${this.err}; stdout tail: ${this.out.slice(-400)}`)));
      check();
    });
  }

  send(text: string): void {
    this.proc.stdin!.write(text);
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}

const hasLine = (l: string) => (out: string) => `\n${out}`.includes(`\n${l}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const rand = (n: number) => Math.floor(Math.random() * n);

/** The acknowledged operations of a run, and the one in flight when it died (if any). */
function parse(out: string): { done: { op: Op; ack: Ack }[]; inFlight: Op | null } {
  const done: { op: Op; ack: Ack }[] = [];
  let open: Op | null = null;
  for (const l of out.split('\n')) {
    if (l.startsWith('BEGIN ')) {
      expect(open, `two BEGINs without an ACK: ${l}`).toBeNull();
      open = JSON.parse(l.slice(6)) as Op;
    } else if (l.startsWith('ACK ')) {
      const ack = JSON.parse(l.slice(4)) as Ack;
      expect(open?.k).toBe(ack.k);
      done.push({ op: open!, ack });
      open = null;
    }
  }
  return { done, inFlight: open };
}

function apply(op: Op, ack: Ack): void {
  acked++;
  if (op.k === 'client' && ack.k === 'client') clients.set(ack.id, { name: op.name, present: true });
  else if (op.k === 'entry' && ack.k === 'entry') entries.set(ack.id, { clientId: op.clientId, summary: op.summary, deleted: false });
  else if (op.k === 'delClient') clients.get(op.id)!.present = false;
  else if (op.k === 'delEntry') entries.get(op.id)!.deleted = true;
  else if (op.k === 'undo' && op.of === 'client') clients.get(op.id)!.present = true;
  else if (op.k === 'undo' && op.of === 'entry') entries.get(op.id)!.deleted = false;
  else if (op.k === 'pass') pass = op.to;
  else if (op.k === 'import' && ack.k === 'import') {
    expect(ack.clientIds.length).toBe(op.rows);
    for (const id of ack.clientIds) clients.set(id, { name: `(import ${op.tag})`, present: true });
  } else if (op.k === 'backup' && ack.k === 'backup') backups.push({ path: ack.path, pass: op.pass });
}

/** Everything the kill must have left as it was (see the file comment). */
async function verify(round: number, inFlight: Op | null): Promise<void> {
  const where = `round ${round}, in flight ${JSON.stringify(inFlight)}`;
  const vault = await Vault.open(vaultFile, TEST_VAULT_OPTIONS);
  try {
    let unlocked = false;
    for (const n of inFlight?.k === 'pass' ? [pass, pass + 1] : [pass]) {
      try {
        await vault.unlock(crashPassphrase(n));
        if (n !== pass) landedUnacked++;
        pass = n;
        unlocked = true;
        break;
      } catch (e) {
        expect((e as { code?: string }).code, where).toBe('WRONG_PASSPHRASE');
      }
    }
    expect(unlocked, `${where}: no passphrase opens the vault`).toBe(true);
    await vault.verifyAll(); // every page authenticates; integrity and foreign key checks pass; every record parses

    const actualClients = new Map((await vault.all<{ name: string }>('clients')).map((r) => [r.id, r.data.name]));
    const contactNames = (await vault.all<{ name: string }>('contacts')).map((r) => r.data.name);
    const owners = await vault.clientIdsOf('timeline_entries');
    const actualEntries = new Map((await vault.all<{ summary: string }>('timeline_entries')).map((r) => [r.id, { summary: r.data.summary, clientId: owners.get(r.id)! }]));

    // Clients: acknowledged ones there, deleted ones gone; the one in flight either way.
    for (const [id, c] of clients) {
      const has = actualClients.has(id);
      const uncertain = (inFlight?.k === 'delClient' || (inFlight?.k === 'undo' && inFlight.of === 'client')) && inFlight.id === id;
      if (uncertain) {
        if (has !== c.present) landedUnacked++;
        c.present = has;
      } else expect({ where, client: id, name: c.name, present: has }).toEqual({ where, client: id, name: c.name, present: c.present });
    }
    let tagged = 0;
    for (const [id, name] of actualClients) {
      if (clients.has(id)) continue;
      const fromInFlight = (inFlight?.k === 'client' && name === inFlight.name) || (inFlight?.k === 'import' && name.includes(inFlight.tag));
      expect(fromInFlight, `${where}: a client nobody acknowledged: ${name}`).toBe(true);
      clients.set(id, { name, present: true });
      if (inFlight?.k === 'import') tagged++;
    }
    if (inFlight?.k === 'client' && [...actualClients.values()].includes(inFlight.name)) landedUnacked++;
    if (inFlight?.k === 'import') {
      // All or nothing: every row's client and contact, or none.
      const contacts = contactNames.filter((n) => n.includes(inFlight.tag)).length;
      expect({ where, clients: tagged, contacts }).toEqual(tagged ? { where, clients: inFlight.rows, contacts: inFlight.rows } : { where, clients: 0, contacts: 0 });
      if (tagged) landedUnacked++;
    }

    // Timeline entries: visible when not deleted and their client is there.
    for (const [id, e] of entries) {
      const has = actualEntries.has(id);
      const clientThere = clients.get(e.clientId)?.present ?? false;
      const uncertain = (inFlight?.k === 'delEntry' || (inFlight?.k === 'undo' && inFlight.of === 'entry')) && inFlight.id === id;
      if (uncertain && clientThere) {
        if (has === e.deleted) landedUnacked++;
        e.deleted = !has;
      } else {
        expect({ where, entry: id, summary: e.summary, present: has }).toEqual({ where, entry: id, summary: e.summary, present: !e.deleted && clientThere });
      }
    }
    for (const [id, e] of actualEntries) {
      if (entries.has(id)) continue;
      const fromInFlight = inFlight?.k === 'entry' && e.summary === inFlight.summary && e.clientId === inFlight.clientId;
      expect(fromInFlight, `${where}: a timeline entry nobody acknowledged: ${e.summary}`).toBe(true);
      entries.set(id, { clientId: e.clientId, summary: e.summary, deleted: false });
      landedUnacked++;
    }
  } finally {
    await vault.close();
  }

  // Backups: every one under its final name verifies; temporary files are all that a kill leaves.
  const candidates = [...backups.filter((b) => !verifiedBackups.has(b.path))];
  if (inFlight?.k === 'backup' && fs.existsSync(inFlight.path)) {
    candidates.push({ path: inFlight.path, pass: inFlight.pass });
    landedUnacked++;
  }
  for (const b of candidates) {
    expect(fs.existsSync(b.path), `${where}: acknowledged backup ${b.path} is missing`).toBe(true);
    const r = await inspector.call('backup.inspect', { choiceId: await choose(inspector, 'backup-open', b.path), passphrase: crashPassphrase(b.pass) });
    expect({ where, backup: path.basename(b.path), result: r.ok ? 'ok' : r.error }).toEqual({ where, backup: path.basename(b.path), result: 'ok' });
    verifiedBackups.add(b.path);
    if (!backups.some((x) => x.path === b.path)) backups.push(b);
  }
  for (const f of fs.readdirSync(backupDir)) {
    if (f.startsWith('.')) {
      expect(f, where).toMatch(/\.tmp(-journal|-wal|\.keys)?$/);
      tempLeftovers++;
      fs.rmSync(path.join(backupDir, f), { force: true });
    } else if (f.endsWith('.keys')) {
      // A backup's key file is written just before its database is renamed into place: killed
      // between the two, the key file is left alone, without a database (and nothing uses it).
      const db = path.join(backupDir, f.slice(0, -'.keys'.length));
      if (fs.existsSync(db)) expect(verifiedBackups.has(db), `${where}: unexpected key file in the backup folder: ${f}`).toBe(true);
      else {
        tempLeftovers++;
        fs.rmSync(path.join(backupDir, f), { force: true });
      }
    } else {
      expect(verifiedBackups.has(path.join(backupDir, f)), `${where}: unexpected file in the backup folder: ${f}`).toBe(true);
    }
  }
}

/** When to kill: at random in a mixed round; otherwise while the round's kind of operation runs. */
async function killPoint(child: Child, mode: Mode): Promise<void> {
  if (mode === 'mixed') {
    await sleep(20 + rand(700));
    return;
  }
  const kind = mode === 'passphrase' ? 'pass' : mode;
  const nth = 1 + rand(2);
  await child.until(`BEGIN #${nth} of ${kind}`, (out) => out.split(`BEGIN {"k":"${kind}"`).length > nth);
  await sleep(rand(mode === 'import' ? 120 : 60));
}

beforeAll(async () => {
  bundle = bundleChild('tests/support/child-crash-writer.ts');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-'));
  dataDir = path.join(root, 'data');
  backupDir = path.join(root, 'backups');
  fs.mkdirSync(backupDir);
  const setup = await testCore({ dataDir });
  await ok(setup, 'vault.create', { passphrase: crashPassphrase(0) });
  for (const name of ['Acme Holdings', 'Jane Doe', 'Globex', 'Initech', 'Umbrella', 'Hooli']) {
    const c = await ok(setup, 'clients.create', { kind: 'organisation', name });
    clients.set(c.id, { name, present: true });
  }
  vaultFile = setup.status().vaultPath;
  await setup.dispose();
  inspector = await testCore({ dataDir: path.join(root, 'inspector') });
});

afterAll(async () => {
  await inspector?.dispose();
  bundle?.remove();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test(`SIGKILL at ${KILLS} random moments of writes, passphrase changes, imports and backups loses nothing acknowledged`, { timeout: 600_000 }, async () => {
  const started = Date.now();
  const children = Array.from({ length: Math.min(AHEAD, KILLS) }, () => new Child());
  try {
    for (let round = 0; round < KILLS; round++) {
      const mode = MODES[round % MODES.length];
      const child = children[round];
      let t = Date.now();
      await child.until('LOADED', hasLine('LOADED'));
      phase('loading', t);
      t = Date.now();
      child.send(`GO ${pass} ${round} ${mode} ${1 + rand(2 ** 30)}\n`);
      await child.until('READY', hasLine('READY'));
      phase('opening', t);
      t = Date.now();
      await killPoint(child, mode);
      phase('writing', t);
      child.kill();
      const { signal } = await child.exited;
      expect(signal, `round ${round}: the child exited by itself; stderr: ${child.err}; stdout tail: ${child.out.slice(-500)}`).toBe('SIGKILL');
      if (children.length < KILLS) children.push(new Child());

      const { done, inFlight } = parse(child.out);
      for (const { op, ack } of done) apply(op, ack);
      const kind = inFlight ? inFlight.k : 'between operations';
      inFlightKinds.set(kind, (inFlightKinds.get(kind) ?? 0) + 1);
      t = Date.now();
      await verify(round, inFlight);
      phase('verifying', t);
      survived++;
    }
  } finally {
    for (const c of children) c.kill();
  }
  // The kills landed inside each kind of operation the issue names.
  for (const k of ['pass', 'import', 'backup']) expect(inFlightKinds.get(k) ?? 0, `kills during ${k}`).toBeGreaterThan(0);
  expect(survived).toBe(KILLS);
  const kinds = [...inFlightKinds.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(
    `crash: ${survived} kills survived in ${Math.round((Date.now() - started) / 1000)} s; ${acked} acknowledged writes all present; ` +
      `killed during: ${kinds}; ${landedUnacked} in-flight operations had committed before the kill, the rest left no trace; ` +
      `${verifiedBackups.size} backups verified; ${tempLeftovers} temporary backup files left by kills (removed); ` +
      `time waiting for: ${[...phases.entries()].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ')}`,
  );
});
