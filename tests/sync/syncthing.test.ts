/**
 * The real engine: two Syncthing instances on 127.0.0.1, each with its own home, GUI/REST port and
 * listen port; global and local discovery, relays, NAT, usage reporting, crash reporting and
 * upgrades off; configured through the REST API (with an API key) to share one folder. Two Rapport
 * vaults, one on each side, edit concurrently (including the same client) and converge. Waits are
 * bounded and the assertions are on the data.
 *
 * Skipped, saying so, only where no syncthing binary exists (.ci/run installs Debian's).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, expect, onTestFinished, test } from 'vitest';
import { createClient, getClient, updateClient } from '../../src/main/services/clients';
import { addEntry } from '../../src/main/services/timeline';
import { listSegments } from '../../src/main/sync/format';
import { contents, firstDevice, joinDevice } from './support';
import { tempDir } from '../support/vault';

function syncthingBinary(): string | null {
  for (const p of [process.env.RAPPORT_SYNCTHING, '/usr/bin/syncthing', '/usr/local/bin/syncthing']) if (p && fs.existsSync(p)) return p;
  return null;
}
const binary = syncthingBinary();
if (!binary) console.warn('tests/sync/syncthing.test.ts SKIPPED: no syncthing binary (install Debian\'s syncthing, or set RAPPORT_SYNCTHING).');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | null | false> | T | null | false, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(250);
  }
}

interface Instance {
  id: string;
  gui: number;
  listen: number;
  key: string;
  proc: ChildProcess;
  log: string;
  api(method: string, route: string, body?: unknown): Promise<unknown>;
}

const running: ChildProcess[] = [];
const stopAll = () => {
  for (const p of running.splice(0)) if (p.exitCode === null) p.kill('SIGTERM');
};
afterAll(stopAll);

async function startInstance(name: string): Promise<Instance> {
  const home = path.join(tempDir(), `st-${name}`);
  const out = execFileSync(binary!, ['generate', `--home=${home}`, '--no-default-folder'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const id = /Device ID: ([A-Z0-9-]+)/.exec(out)?.[1] ?? /<device id="([A-Z0-9-]+)"/.exec(fs.readFileSync(path.join(home, 'config.xml'), 'utf8'))![1];
  const gui = await freePort();
  const listen = await freePort();
  const key = randomBytes(16).toString('hex');
  const proc = spawn(
    binary!,
    ['serve', `--home=${home}`, '--no-browser', '--no-restart', '--no-upgrade', '--no-default-folder', `--gui-address=http://127.0.0.1:${gui}`, `--gui-apikey=${key}`],
    { env: { ...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STNORESTART: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.push(proc);
  const inst: Instance = {
    id,
    gui,
    listen,
    key,
    proc,
    log: '',
    async api(method, route, body) {
      const res = await fetch(`http://127.0.0.1:${gui}${route}`, {
        method,
        headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${name} ${method} ${route}: ${res.status} ${await res.text()}`);
      const text = await res.text();
      return text ? JSON.parse(text) : null;
    },
  };
  proc.stdout!.on('data', (c: Buffer) => (inst.log += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (inst.log += c.toString()));
  await until(`${name}'s REST API`, async () => {
    try {
      return (await inst.api('GET', '/rest/system/ping')) as object;
    } catch {
      return null;
    }
  }, 60_000);
  // Loopback only: no discovery, relays, NAT, reporting or upgrades.
  await inst.api('PATCH', '/rest/config/options', {
    listenAddresses: [`tcp://127.0.0.1:${listen}`],
    globalAnnounceEnabled: false,
    localAnnounceEnabled: false,
    relaysEnabled: false,
    natEnabled: false,
    urAccepted: -1,
    autoUpgradeIntervalH: 0,
    crashReportingEnabled: false,
  });
  return inst;
}

async function share(self: Instance, other: Instance, folder: string): Promise<void> {
  await self.api('PUT', `/rest/config/devices/${other.id}`, { deviceID: other.id, name: 'peer', addresses: [`tcp://127.0.0.1:${other.listen}`], autoAcceptFolders: false });
  await self.api('PUT', '/rest/config/folders/rapport-sync', {
    id: 'rapport-sync',
    label: 'Rapport',
    path: folder,
    type: 'sendreceive',
    devices: [{ deviceID: self.id }, { deviceID: other.id }],
    rescanIntervalS: 2,
    fsWatcherEnabled: true,
    fsWatcherDelayS: 1,
  });
}

test.skipIf(!binary)('two Syncthing instances on 127.0.0.1 carry changes between two vaults, which converge', { timeout: 300_000 }, async () => {
  const left = path.join(tempDir(), 'left');
  const right = path.join(tempDir(), 'right');
  fs.mkdirSync(left);
  fs.mkdirSync(right);
  onTestFinished(stopAll); // before the temporary folders go
  const [sa, sb] = await Promise.all([startInstance('a'), startInstance('b')]);
  await share(sa, sb, left);
  await share(sb, sa, right);

  // Device A turns sync on into its side of the folder; Syncthing carries keys, snapshot and segments across.
  const { a } = await firstDevice(left);
  const acme = await createClient(a.deps, { kind: 'organisation', name: 'Acme', notes: 'start' });
  await a.engine.syncNow();
  const aSeg = () => fs.existsSync(path.join(right, 'rapport-sync.keys')) && (listSegments(right).get(a.engine.device) ?? []).includes(1) && fs.readdirSync(path.join(right, 'snapshots')).length > 0;
  await until('the folder on the right to hold A\'s keys, snapshot and first segment', () => aSeg());
  const b = await joinDevice(right);
  expect((await getClient(b.deps, { id: acme.id })).name).toBe('Acme');

  // Concurrent edits, including the same client and the same field.
  await updateClient(a.deps, { id: acme.id, version: (await getClient(a.deps, { id: acme.id })).version, industry: 'Energy', notes: 'A says' });
  await updateClient(b.deps, { id: acme.id, version: (await getClient(b.deps, { id: acme.id })).version, owner: 'Sam', notes: 'B says' });
  await createClient(b.deps, { kind: 'person', name: 'Only on B' });
  await addEntry(a.deps, { clientId: acme.id, kind: 'call', occurredAt: '2026-11-03T10:00:00.000Z', summary: 'Call from A', body: '' });
  await a.engine.syncNow();
  await b.engine.syncNow();

  await until('both vaults to hold the same records', async () => {
    await a.engine.syncNow();
    await b.engine.syncNow();
    const [ca, cb] = [await contents(a.vault), await contents(b.vault)];
    return Object.keys(ca.clients).length === 2 && Object.keys(ca.timeline_entries).length === 1 && JSON.stringify(ca) === JSON.stringify(cb) ? true : null;
  });
  for (const d of [a, b]) {
    const got = await getClient(d.deps, { id: acme.id });
    expect({ industry: got.industry, owner: got.owner, lastContactAt: got.lastContactAt }).toEqual({ industry: 'Energy', owner: 'Sam', lastContactAt: '2026-11-03T10:00:00.000Z' });
    expect(['A says', 'B says']).toContain(got.notes);
  }
  // The same field edited on both: the loser is kept to resolve, on the device that saw the clash.
  const conflicts = [...(await a.engine.conflicts()), ...(await b.engine.conflicts())];
  expect(conflicts.length).toBeGreaterThan(0);
  expect(conflicts.every((c) => c.field === 'notes')).toBe(true);
});
