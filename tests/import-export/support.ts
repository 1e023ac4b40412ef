/** Shared by the import and export tests: fixtures, an unlocked core, and a whole-vault reading. */
import fs from 'node:fs';
import path from 'node:path';
import type { RapportCore } from '../../src/main/core';
import type { ImportPreview, ImportRow } from '../../src/shared/types';
import { afterEach } from 'vitest';
import { ManualClock, PASSPHRASE, ok, testCore } from '../support/vault';
import type { Clock } from '../../src/main/clock';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export async function unlockedCore(clock?: Clock): Promise<RapportCore> {
  const core = await testCore({ clock });
  await ok(core, 'vault.create', { passphrase: PASSPHRASE });
  return core;
}

/** Every row of a preview, in file order. */
export function rowsOf(p: ImportPreview): ImportRow[] {
  return [...p.toCreate, ...p.duplicates].sort((a, b) => a.line - b.line);
}

/** What each readable row becomes, as [name, email, phone, role, organisation]. */
export function people(p: ImportPreview): string[][] {
  return rowsOf(p).map((r) => [r.person.name, r.person.email, r.person.phone, r.person.role, r.person.organisation]);
}

/** Every client with its contacts, without ids, versions or timestamps: comparable across vaults. */
export async function directory(core: RapportCore) {
  const clients = await ok(core, 'clients.list', {});
  const out = [];
  for (const c of clients) {
    const contacts = await ok(core, 'contacts.list', { clientId: c.id });
    out.push({
      kind: c.kind,
      name: c.name,
      contacts: contacts.map((k) => ({ name: k.name, email: k.email, phone: k.phone, role: k.role })),
    });
  }
  return out;
}

const cores: RapportCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose();
});

/** An unlocked core on a fresh vault with a manual clock, disposed after the test. */
export async function freshCore(): Promise<RapportCore> {
  const c = await unlockedCore(new ManualClock());
  cores.push(c);
  return c;
}
