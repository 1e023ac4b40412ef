/**
 * Sync through a shared folder: change capture in the writing transaction, segments, applying in
 * clock order with last-writer-wins per field, conflicts kept, derived figures recomputed.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createClient, getClient, updateClient, deleteClient } from '../../src/main/services/clients';
import { addEntry } from '../../src/main/services/timeline';
import { syncDb } from '../../src/main/sync/tables';
import { listSegments } from '../../src/main/sync/format';
import { contents, firstDevice, joinDevice } from './support';

describe('sync between two devices', () => {
  test('a change on one device reaches the other, both ways, and nothing is applied twice', async () => {
    const { a, folder } = await firstDevice();
    const b = await joinDevice(folder);
    const acme = await createClient(a.deps, { kind: 'organisation', name: 'Acme' });
    await a.engine.syncNow();
    expect((await b.engine.syncNow()).records).toBeGreaterThan(0);
    expect((await getClient(b.deps, { id: acme.id })).name).toBe('Acme');

    const onB = await getClient(b.deps, { id: acme.id });
    await updateClient(b.deps, { id: acme.id, version: onB.version, notes: 'Prefers calls' });
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect((await getClient(a.deps, { id: acme.id })).notes).toBe('Prefers calls');

    // Pulling again applies nothing, and both hold the same records.
    expect((await a.engine.pull()).segments).toBe(0);
    expect((await b.engine.pull()).segments).toBe(0);
    expect(await contents(a.vault)).toEqual(await contents(b.vault));
  });

  test('change capture commits with the write, and rolls back with it', async () => {
    const { a } = await firstDevice();
    const outbox = () => a.vault.read((r) => syncDb(r).selectFrom('sync_outbox').selectAll().orderBy('seq').execute());
    const c = await createClient(a.deps, { kind: 'person', name: 'Dana' });
    expect((await outbox()).map((r) => [r.op, r.row_id])).toEqual([['ins', c.id]]);
    await expect(
      a.vault.write(async (w) => {
        await w.update('clients', c.id, { ...(await w.get<object>('clients', c.id))!.data, name: 'Never' });
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    expect(await outbox()).toHaveLength(1);
    await updateClient(a.deps, { id: c.id, version: 1, notes: 'n', industry: 'Law' });
    const sets = (await outbox()).filter((r) => r.op === 'set').map((r) => r.field).sort();
    // Only the fields that changed (the manual clock did not move, so updatedAt is the same).
    expect(sets).toEqual(['industry', 'notes']);
    await deleteClient(a.deps, { id: c.id });
    expect((await outbox()).at(-1)).toMatchObject({ op: 'del', row_id: c.id });
    // Published: the outbox empties into segment 1 (the snapshot at enable is segment 0's state).
    await a.engine.syncNow();
    expect(await outbox()).toHaveLength(0);
    expect(listSegments(a.engine.folder).get(a.engine.device)).toEqual([1]);
  });

  test('concurrent edits: last writer wins per field; the same text field edited on both keeps both', async () => {
    const { a, folder } = await firstDevice();
    const c = await createClient(a.deps, { kind: 'organisation', name: 'Globex', notes: 'start' });
    await a.engine.syncNow();
    const b = await joinDevice(folder);
    await b.engine.syncNow();

    // Offline on both: different fields, and the same text field.
    await updateClient(a.deps, { id: c.id, version: (await getClient(a.deps, { id: c.id })).version, industry: 'Energy', notes: 'from A' });
    await new Promise((r) => setTimeout(r, 5));
    await updateClient(b.deps, { id: c.id, version: (await getClient(b.deps, { id: c.id })).version, owner: 'Sam', notes: 'from B' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();

    for (const d of [a, b]) {
      const got = await getClient(d.deps, { id: c.id });
      expect({ industry: got.industry, owner: got.owner, notes: got.notes }).toEqual({ industry: 'Energy', owner: 'Sam', notes: 'from B' });
    }
    // Each side that saw the clash kept the losing text to resolve.
    const onA = await a.engine.conflicts();
    expect(onA).toHaveLength(1);
    expect(onA[0]).toMatchObject({ recordId: c.id, field: 'notes', kept: 'from B', lost: 'from A' });
    const onB = await b.engine.conflicts();
    expect(onB.map((x) => [x.kept, x.lost])).toEqual([['from B', 'from A']]);

    // Resolving with a merge is an ordinary edit: it reaches the other device.
    await a.engine.resolveConflict(onA[0].id, { merged: 'from A and B' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await getClient(b.deps, { id: c.id })).notes).toBe('from A and B');
    expect(await a.engine.conflicts()).toEqual([]);
    // B had recorded the same clash; A's resolution, made after seeing both, settles it there too.
    expect(await b.engine.conflicts()).toEqual([]);
  });

  test("derived figures are recomputed after applying: a client's last contact", async () => {
    const { a, folder } = await firstDevice();
    const c = await createClient(a.deps, { kind: 'person', name: 'Eve' });
    await a.engine.syncNow();
    const b = await joinDevice(folder);
    await addEntry(b.deps, { clientId: c.id, kind: 'call', occurredAt: '2026-10-01T10:00:00.000Z', summary: 'Call', body: '' });
    await addEntry(a.deps, { clientId: c.id, kind: 'meeting', occurredAt: '2026-11-01T10:00:00.000Z', summary: 'Meeting', body: '' });
    await b.engine.syncNow();
    await a.engine.syncNow();
    await b.engine.syncNow();
    for (const d of [a, b]) expect((await getClient(d.deps, { id: c.id })).lastContactAt).toBe('2026-11-01T10:00:00.000Z');
    expect(await contents(a.vault)).toEqual(await contents(b.vault));
  });

  test('a delete on one device and an edit on the other: the delete wins, children included', async () => {
    const { a, folder } = await firstDevice();
    const c = await createClient(a.deps, { kind: 'person', name: 'Finn' });
    await a.engine.syncNow();
    const b = await joinDevice(folder);
    await deleteClient(a.deps, { id: c.id });
    await addEntry(b.deps, { clientId: c.id, kind: 'note', occurredAt: '2026-11-02T10:00:00.000Z', summary: 'Late note', body: '' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect(await a.vault.get('clients', c.id)).toBeNull();
    expect(await b.vault.get('clients', c.id)).toBeNull();
    expect(await contents(a.vault)).toEqual(await contents(b.vault));
    // The note written on B to a client deleted on A is not lost silently: A lists it to resolve.
    expect((await a.engine.conflicts()).map((x) => x.field)).toEqual(['(record)']);
  });

  test('paused: changes wait in the outbox and nothing is written or applied until resumed', async () => {
    const { a, folder } = await firstDevice();
    const b = await joinDevice(folder);
    await a.engine.setPaused(true);
    await createClient(a.deps, { kind: 'person', name: 'Gil' });
    await a.engine.syncNow();
    expect((await a.engine.status()).waiting).toBe(1);
    expect(listSegments(folder).get(a.engine.device)).toBeUndefined();
    await a.engine.setPaused(false);
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(Object.values((await contents(b.vault)).clients)).toMatchObject([{ name: 'Gil' }]);
    const status = await b.engine.status();
    expect(status.devices.map((d) => [d.id, d.thisDevice])).toEqual(
      expect.arrayContaining([[a.engine.device, false], [b.engine.device, true]]),
    );
    expect(fs.existsSync(folder)).toBe(true);
  });
});
