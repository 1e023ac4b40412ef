/**
 * The sync folder is untrusted and its files arrive late, out of order or partly. Whatever is wrong
 * is named and never applied; whatever is fine is applied once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createClient, getClient, updateClient } from '../../src/main/services/clients';
import { addEntry } from '../../src/main/services/timeline';
import { Vault } from '../../src/main/vault/vault';
import { SyncEngine } from '../../src/main/sync/engine';
import { listSegments, segmentPath } from '../../src/main/sync/format';
import { randomBytes } from '../../src/main/vault/crypto';
import { ManualClock, PASSPHRASE, TEST_VAULT_OPTIONS, tempDir } from '../support/vault';
import { contents, firstDevice, folderFiles, joinDevice } from './support';

/** A on its own writes `n` segments, one client each; returns the client names in order. */
async function segmentsFromA(a: Awaited<ReturnType<typeof firstDevice>>['a'], n: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 1; i <= n; i++) {
    names.push(`Client ${i}`);
    await createClient(a.deps, { kind: 'person', name: `Client ${i}` });
    await a.engine.publish();
  }
  return names;
}

const clientNames = async (v: Vault) => (await v.all<{ name: string }>('clients')).map((c) => c.data.name).sort();

describe('sync faults', () => {
  test("the sync engine's temporary files, conflict copies and our own temporary files are ignored", async () => {
    const { a, folder } = await firstDevice();
    const b = await joinDevice(folder);
    await segmentsFromA(a, 1);
    const dir = path.dirname(segmentPath(folder, a.engine.device, 1));
    const bytes = fs.readFileSync(segmentPath(folder, a.engine.device, 1));
    fs.writeFileSync(path.join(dir, '.syncthing.0000000002.rseg.tmp'), bytes.subarray(0, 10));
    fs.writeFileSync(path.join(dir, '~syncthing~0000000002.rseg.tmp'), bytes);
    fs.writeFileSync(path.join(dir, '0000000001.sync-conflict-20261203-101010-ABCDEFG.rseg'), randomBytes(200));
    fs.writeFileSync(path.join(dir, '.0000000002.rseg.abc123.tmp'), randomBytes(200));
    fs.mkdirSync(path.join(folder, 'devices', 'not-a-device'));
    fs.writeFileSync(path.join(folder, 'devices', 'not-a-device', '0000000001.rseg'), randomBytes(100));
    const report = await b.engine.pull();
    expect(report).toMatchObject({ segments: 1, problems: [] });
    expect(await clientNames(b.vault)).toEqual(['Client 1']);
  });

  test('segments arriving late and out of order: a gap is reported and waited for, then all apply once', async () => {
    const { a, folder } = await firstDevice();
    const b = await joinDevice(folder);
    const names = await segmentsFromA(a, 4);
    const hidden = path.join(tempDir(), 'late');
    fs.mkdirSync(hidden);
    // Segments 2 and 3 have not arrived yet; 4 has.
    for (const s of [2, 3]) fs.renameSync(segmentPath(folder, a.engine.device, s), path.join(hidden, String(s)));
    let report = await b.engine.pull();
    expect(report.segments).toBe(1);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'gap', device: a.engine.device, seq: 2, message: expect.stringMatching(/Segment 2 of device .* is missing/) })]);
    expect(await clientNames(b.vault)).toEqual(['Client 1']);
    // 3 arrives before 2: still waiting.
    fs.renameSync(path.join(hidden, '3'), segmentPath(folder, a.engine.device, 3));
    expect((await b.engine.pull()).problems.map((p) => [p.kind, p.seq])).toEqual([['gap', 2]]);
    fs.renameSync(path.join(hidden, '2'), segmentPath(folder, a.engine.device, 2));
    report = await b.engine.pull();
    expect(report).toMatchObject({ segments: 3, problems: [] });
    expect(await clientNames(b.vault)).toEqual(names);
  });

  test('a partly arrived segment is reported, not applied, and applies once it is whole', async () => {
    const { a, folder } = await firstDevice();
    const b = await joinDevice(folder);
    await segmentsFromA(a, 1);
    const file = segmentPath(folder, a.engine.device, 1);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 7));
    const report = await b.engine.pull();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'unauthentic', seq: 1 })]);
    expect(await clientNames(b.vault)).toEqual([]);
    fs.writeFileSync(file, whole);
    expect((await b.engine.pull()).segments).toBe(1);
    expect(await clientNames(b.vault)).toEqual(['Client 1']);
  });

  test('files edited, replayed, reordered, moved to another device or made without the key are named and never applied', async () => {
    const { a, folder } = await firstDevice();
    const b = await joinDevice(folder);
    await segmentsFromA(a, 3);
    const seg = (s: number) => segmentPath(folder, a.engine.device, s);
    const original = [1, 2, 3].map((s) => fs.readFileSync(seg(s)));
    const cases: [string, () => void, RegExp][] = [
      ['one byte edited', () => { const x = Buffer.from(original[0]); x[x.length >> 1] ^= 1; fs.writeFileSync(seg(1), x); }, /does not authenticate/],
      ['segments 1 and 2 swapped', () => { fs.writeFileSync(seg(1), original[1]); fs.writeFileSync(seg(2), original[0]); }, /does not authenticate/],
      ['segment 2 replayed as segment 1', () => fs.writeFileSync(seg(1), original[1]), /does not authenticate/],
      ['random bytes', () => fs.writeFileSync(seg(1), randomBytes(original[0].length)), /does not authenticate/],
    ];
    for (const [what, damage, message] of cases) {
      for (let s = 1; s <= 3; s++) fs.writeFileSync(seg(s), original[s - 1]);
      damage();
      const report = await b.engine.pull();
      expect({ what, report }).toEqual({ what, report: { segments: 0, records: 0, problems: [expect.objectContaining({ device: a.engine.device, seq: 1, message: expect.stringMatching(message) })] } });
      expect(await clientNames(b.vault)).toEqual([]);
    }
    // A's segment copied in as another device's: it does not open there either.
    for (let s = 1; s <= 3; s++) fs.writeFileSync(seg(s), original[s - 1]);
    const other = 'abcdefabcdef0123';
    fs.mkdirSync(path.join(folder, 'devices', other));
    fs.copyFileSync(seg(1), segmentPath(folder, other, 1));
    const report = await b.engine.pull();
    expect(report.segments).toBe(3);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'unauthentic', device: other, seq: 1 })]);
    expect(await clientNames(b.vault)).toEqual(['Client 1', 'Client 2', 'Client 3']);
  });

  test("a segment deleted from the end is noticed through another device's record of it", async () => {
    const { a, folder } = await firstDevice();
    const b = await joinDevice(folder);
    const c = await joinDevice(folder, 'c');
    await segmentsFromA(a, 2);
    await c.engine.pull();
    await createClient(c.deps, { kind: 'person', name: 'From C' });
    await c.engine.publish(); // C's segment says it had applied A's segment 2
    fs.rmSync(segmentPath(folder, a.engine.device, 2));
    const report = await b.engine.pull();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'waiting', device: c.engine.device, message: expect.stringMatching(/builds on segment 2 of device/) })]);
    expect(await clientNames(b.vault)).toEqual(['Client 1']);
  });

  test('a device restored from an old backup takes a new device id and never reuses a sequence number; nothing is lost', async () => {
    const { a, folder } = await firstDevice();
    const b = await joinDevice(folder);
    await segmentsFromA(a, 2);
    const backup = path.join(tempDir(), 'backup.rapport');
    await a.vault.backupTo(backup);
    await createClient(a.deps, { kind: 'person', name: 'After the backup' });
    await a.engine.publish();
    const oldId = a.engine.device;
    a.engine.detach();
    await a.vault.close();

    const restored = await Vault.open(backup, TEST_VAULT_OPTIONS);
    await restored.unlock(PASSPHRASE);
    const engine = (await SyncEngine.attach(restored))!;
    expect(engine.device).toBe(oldId);
    await createClient({ vault: restored, clock: new ManualClock() }, { kind: 'person', name: 'On the restored device' });
    await engine.syncNow();
    expect(engine.device).not.toBe(oldId);
    expect(listSegments(folder).get(oldId)).toEqual([1, 2, 3]);
    expect(listSegments(folder).get(engine.device)).toEqual([1]);
    // What the lost incarnation wrote after the backup comes back from the folder.
    expect(await clientNames(restored)).toEqual(['After the backup', 'Client 1', 'Client 2', 'On the restored device']);
    await b.engine.syncNow();
    expect(await contents(b.vault)).toEqual(await contents(restored));
  });

  test('two devices editing offline for days, then meeting, converge', async () => {
    const { a, folder } = await firstDevice();
    const shared = await createClient(a.deps, { kind: 'organisation', name: 'Shared' });
    await a.engine.syncNow();
    const b = await joinDevice(folder);
    await b.engine.syncNow();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let day = 0; day < 5; day++) {
      for (const d of [a, b]) {
        for (let i = 0; i < 4; i++) {
          const r = random();
          if (r < 0.3) await createClient(d.deps, { kind: 'person', name: `P${day}-${i}-${random().toFixed(4)}` });
          else if (r < 0.6) {
            const cur = await getClient(d.deps, { id: shared.id });
            await updateClient(d.deps, { id: shared.id, version: cur.version, [random() < 0.5 ? 'notes' : 'industry']: `v${day}.${i}.${random().toFixed(3)}` });
          } else {
            await addEntry(d.deps, { clientId: shared.id, kind: 'call', occurredAt: new Date(Date.UTC(2026, 9, 1 + day, 9 + i)).toISOString(), summary: `call ${day}.${i}`, body: '' });
          }
        }
        await d.engine.publish(); // written to the folder, but the other side is offline
      }
    }
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect(await contents(a.vault)).toEqual(await contents(b.vault));
    expect((await getClient(a.deps, { id: shared.id })).lastContactAt).toBe((await getClient(b.deps, { id: shared.id })).lastContactAt);
  });

  test('canary: nothing readable is in the sync folder', async () => {
    const { a, folder } = await firstDevice();
    const canary = 'Canary-Zebulon-Quixote';
    const c = await createClient(a.deps, { kind: 'person', name: `${canary} name`, notes: `${canary} notes` });
    await addEntry(a.deps, { clientId: c.id, kind: 'note', occurredAt: '2026-11-01T10:00:00.000Z', summary: `${canary} summary`, body: `${canary} body` });
    await a.engine.syncNow();
    await a.engine.writeSnapshot();
    const b = await joinDevice(folder);
    await b.engine.syncNow();
    expect(folderFiles(folder).length).toBeGreaterThan(3);
    for (const rel of folderFiles(folder)) {
      const bytes = fs.readFileSync(path.join(folder, rel));
      for (const needle of [canary, 'Zebulon', c.id, 'clients', 'timeline_entries', 'notes']) {
        for (const encoding of ['utf8', 'utf16le'] as const) expect({ rel, needle, found: bytes.includes(Buffer.from(needle, encoding)) }).toEqual({ rel, needle, found: false });
      }
      // File names: only device ids and sequence numbers.
      expect(rel).toMatch(/^(rapport-sync\.keys|devices\/[0-9a-f]{16}\/\d{10}\.rseg|snapshots\/[0-9a-f]{16}-\d{10}\.rsnap)$/);
    }
  });
});
