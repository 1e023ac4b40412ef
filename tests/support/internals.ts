/**
 * Test-only access to private state of the core and the vault (TypeScript `private`, so reachable
 * at run time): the open Vault, its key buffers and its Kysely connection, and the core's timer.
 * Nothing in src/ depends on this; a rename there fails these accessors loudly.
 */
import type { Kysely } from 'kysely';
import type { RapportCore } from '../../src/main/core';
import type { Vault } from '../../src/main/vault/vault';

export interface VaultKeys {
  vault: Uint8Array;
  state: Uint8Array;
  integrity: Uint8Array;
  records: Map<number, Uint8Array>;
}

function field<T>(owner: object, name: string): T {
  if (!(name in owner)) throw new Error(`test accessor: ${owner.constructor.name} has no field ${name} any more`);
  return (owner as Record<string, T>)[name];
}

/** The vault the core has open, or null. */
export function vaultOf(core: RapportCore): Vault | null {
  return field<Vault | null>(core, 'vault');
}

/** The vault's key buffers while unlocked (null when locked). */
export function keysOf(vault: Vault): VaultKeys | null {
  return field<VaultKeys | null>(vault, 'keys');
}

/** The vault's own database connection (for PRAGMAs in fault tests). */
export function dbOf(vault: Vault): Kysely<unknown> {
  return field<Kysely<unknown>>(vault, 'db');
}

/** Stops the core's 15-second timer (idle lock, reminders, automatic backup), so nothing writes behind a test's back. */
export function stopTimers(core: RapportCore): void {
  const timer = field<NodeJS.Timeout | null>(core, 'idleTimer');
  if (timer) clearInterval(timer);
}
