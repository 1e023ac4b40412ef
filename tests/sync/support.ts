/**
 * Two (or more) devices of one person, each a real vault in a temporary folder, sharing one plain
 * sync folder (no sync engine: the folder is shared directly, which is what Syncthing ends up doing).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Vault } from '../../src/main/vault/vault';
import { SyncEngine, joinSyncedVault } from '../../src/main/sync/engine';
import type { ServiceDeps } from '../../src/main/services/deps';
import { ManualClock, PASSPHRASE, TEST_KDF, TEST_VAULT_OPTIONS, filesBelow, tempDir } from '../support/vault';

export interface Device {
  vault: Vault;
  engine: SyncEngine;
  deps: ServiceDeps;
  file: string;
}

export async function firstDevice(folder?: string): Promise<{ a: Device; folder: string; recoveryKey: string }> {
  const dir = tempDir();
  const syncFolder = folder ?? fs.mkdtempSync(path.join(dir, 'sync-'));
  const file = path.join(dir, 'a.rapport');
  const { vault, recoveryKey } = await Vault.create(file, PASSPHRASE, TEST_VAULT_OPTIONS);
  const engine = await SyncEngine.enable(vault, { folder: syncFolder, passphrase: PASSPHRASE, kdf: TEST_KDF });
  return { a: { vault, engine, deps: { vault, clock: new ManualClock() }, file }, folder: syncFolder, recoveryKey };
}

export async function joinDevice(folder: string, name = 'b'): Promise<Device> {
  const file = path.join(tempDir(), `${name}.rapport`);
  const { vault, engine } = await joinSyncedVault({
    folder,
    passphrase: PASSPHRASE,
    vaultFile: file,
    create: (f, p) => Vault.create(f, p, TEST_VAULT_OPTIONS),
    minKdf: TEST_KDF,
  });
  return { vault, engine, deps: { vault, clock: new ManualClock() }, file };
}

/** Every record of every table, as plain data (for comparing two devices). */
export async function contents(vault: Vault): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const t of ['clients', 'timeline_entries', 'contacts', 'facts'] as const) {
    out[t] = Object.fromEntries((await vault.all(t)).map((r) => [r.id, r.data]));
  }
  return out;
}

export const folderFiles = (folder: string) => filesBelow(folder).map((f) => path.relative(folder, f)).sort();
