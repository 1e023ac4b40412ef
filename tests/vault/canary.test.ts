/**
 * Nothing written through the API reaches the disk in clear text: a unique canary put in every
 * kind of field is searched for, byte for byte, in every file of the data folder, while the vault
 * is open (WAL and shared memory present) and after it is closed. Files are private (0600).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { RapportCore } from '../../src/main/core';
import { PASSPHRASE, filesBelow, ok, tempDir, testCore } from '../support/vault';

/** Files under dir that contain needle in UTF-8, UTF-16LE or UTF-16BE. */
function filesContaining(dir: string, needle: string): string[] {
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le'), Buffer.from(needle, 'utf16le').swap16()];
  return filesBelow(dir).filter((file) => {
    const bytes = fs.readFileSync(file);
    return patterns.some((p) => bytes.includes(p));
  });
}

async function writeCanaries(core: RapportCore, canary: string): Promise<void> {
  const client = await ok(core, 'clients.create', {
    kind: 'organisation',
    name: `${canary} name`,
    industry: `${canary} industry`,
    owner: `${canary} owner`,
    tags: [`${canary}-tag`],
    notes: `Notes: ${canary}. ${'Long notes. '.repeat(500)}`,
  });
  const contact = await ok(core, 'contacts.create', {
    clientId: client.id,
    name: `${canary} contact`,
    role: `${canary} role`,
    email: `${canary}@example.com`,
    phone: `${canary}`,
  });
  await ok(core, 'timeline.add', {
    clientId: client.id,
    kind: 'meeting',
    occurredAt: '2026-11-02T09:30:00Z',
    summary: `${canary} summary`,
    body: `${canary} body`,
    contactIds: [contact.id],
  });
  await ok(core, 'clients.update', { id: client.id, version: 2, notes: `Updated: ${canary}` });
  await ok(core, 'settings.update', { userName: `${canary} user` });
  // A deleted client's canary must not survive in freed pages either.
  const gone = await ok(core, 'clients.create', { kind: 'person', name: `${canary} deleted` });
  await ok(core, 'clients.delete', { id: gone.id });
}

function expectPrivate(file: string): void {
  if (process.platform === 'win32') return;
  expect({ file: path.basename(file), mode: fs.statSync(file).mode & 0o777 }).toEqual({
    file: path.basename(file),
    mode: 0o600,
  });
}

describe('no clear text on disk', () => {
  test('the search finds a canary in UTF-8 and UTF-16 (control)', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a'), Buffer.concat([randomBytes(100), Buffer.from('xCANARYx', 'utf16le')]));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'b'), 'prefix CANARY suffix');
    fs.writeFileSync(path.join(dir, 'c'), 'nothing here');
    expect(filesContaining(dir, 'CANARY').map((f) => path.relative(dir, f)).sort()).toEqual(['a', path.join('sub', 'b')]);
  });

  test('a canary written through the API is in no file of the data folder, open or closed', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const core = await testCore({ dataDir });
    await ok(core, 'vault.create', { passphrase: PASSPHRASE });
    const canary = `Kq${randomBytes(12).toString('hex')}Zx`;
    await writeCanaries(core, canary);

    // Read back, so we know the canary went in.
    const [listed] = await ok(core, 'clients.list', {});
    expect(listed.name).toBe(`${canary} name`);
    expect((await ok(core, 'settings.get', {})).userName).toBe(`${canary} user`);

    const vaultFile = core.status().vaultPath;
    const wal = `${vaultFile}-wal`;
    const shm = `${vaultFile}-shm`;
    // While open: the write-ahead log holds the recent writes.
    expect(fs.statSync(wal).size).toBeGreaterThan(0);
    expect(fs.existsSync(shm)).toBe(true);
    expect(filesBelow(dataDir).length).toBeGreaterThanOrEqual(4); // vault, -wal, -shm, config.json
    expect(filesContaining(dataDir, canary)).toEqual([]);
    for (const f of [vaultFile, wal, shm, path.join(dataDir, 'config.json')]) expectPrivate(f);
    if (process.platform !== 'win32') expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);

    // Locked but open.
    await ok(core, 'vault.lock', {});
    expect(filesContaining(dataDir, canary)).toEqual([]);

    // Closed: the log is checkpointed into the file.
    await core.dispose();
    expect(fs.existsSync(wal)).toBe(false);
    expect(filesContaining(dataDir, canary)).toEqual([]);
    expectPrivate(vaultFile);

    // And the data is really there: a new core reads it back.
    const again = await testCore({ dataDir });
    await ok(again, 'vault.unlock', { passphrase: PASSPHRASE });
    const client = await ok(again, 'clients.get', { id: listed.id });
    expect(client.notes).toBe(`Updated: ${canary}`);
    await again.dispose();
    expect(filesContaining(dataDir, canary)).toEqual([]);
  });
});
