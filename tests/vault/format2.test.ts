import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { withRawDb } from '../support/rawDb';
import { PASSPHRASE, fails, ok, tempDir, testCore } from '../support/vault';

const FIXTURE = path.resolve(__dirname, '../fixtures/vault-format1.rapport');

test('a vault written in format 1 is upgraded at unlock: every record re-sealed, header says 2', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'old.rapport');
  fs.copyFileSync(FIXTURE, file);
  const before = await withRawDb(file, (db) => db.all<{ id: string; data: Buffer }>('SELECT id, data FROM timeline_entries ORDER BY id'), 'ro');

  const core = await testCore({ dataDir: dir, vaultPath: file });
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
  const clients = await ok(core, 'clients.list', {});
  expect(clients.map((c) => c.name)).toEqual(['Format One Ltd', 'Other Client']);
  const dossier = await ok(core, 'clients.dossier', { id: clients[0].id });
  expect(dossier.alerts.map((f) => f.text)).toEqual(['Nut allergy']);
  expect(dossier.recent.map((e) => e.summary)).toEqual(['Format one meeting']);
  await ok(core, 'vault.lock', {});
  await ok(core, 'vault.unlock', { passphrase: PASSPHRASE });
  expect((await ok(core, 'clients.get', { id: clients[0].id })).notes).toBe('written by vault format 1');
  await core.dispose();

  const after = await withRawDb(file, (db) => db.all<{ id: string; data: Buffer }>('SELECT id, data FROM timeline_entries ORDER BY id'), 'ro');
  expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
  after.forEach((r, i) => expect(r.data.equals(before[i].data)).toBe(false));
  expect(await withRawDb(file, (db) => db.get<{ format: number }>('SELECT format FROM vault_header'), 'ro')).toEqual({ format: 2 });
});

test('a record moved to another client behind Rapport’s back fails authentication', async () => {
  const dir = tempDir();
  const core = await testCore({ dataDir: dir });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  const a = await ok(core, 'clients.create', { kind: 'person', name: 'Alice' });
  const b = await ok(core, 'clients.create', { kind: 'person', name: 'Bob' });
  const entry = await ok(core, 'timeline.add', { clientId: a.id, kind: 'note', occurredAt: '2026-11-20T10:00:00Z', summary: 'Private to Alice' });
  const vaultPath = (await ok(core, 'app.status', {})).vaultPath;
  await core.dispose();

  await withRawDb(vaultPath, (db) => db.run('UPDATE timeline_entries SET client_id = ? WHERE id = ?', [b.id, entry.id]));
  const again = await testCore({ dataDir: dir });
  await ok(again, 'vault.unlock', { passphrase: PASSPHRASE });
  const err = await fails(again, 'timeline.list', { clientId: b.id });
  expect(err.code).toBe('CORRUPT');
  expect(err.message).toContain(entry.id);
  expect(err.message).toContain('timeline_entries');
  await again.dispose();
});
