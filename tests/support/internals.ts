/**
 * Test-only access to private state of the core and the vault (TypeScript `private`, so reachable
 * at run time): the open Vault, its key buffers and its Kysely connection, and the core's timer.
 * Nothing in src/ depends on this; a rename there fails these accessors loudly.
 */
import type { Kysely } from 'kysely';
import type { RapportCore } from '../../src/main/core';
import type { Vault } from '../../src/main/vault/vault';


function field<T>(owner: object, name: string): T {
  if (!(name in owner)) throw new Error(`test accessor: ${owner.constructor.name} has no field ${name} any more`);
  return (owner as Record<string, T>)[name];
}

/** The vault the core has open, or null. */
export function vaultOf(core: RapportCore): Vault | null {
  return field<Vault | null>(core, 'vault');
}

/** What an unlocked vault holds: its two connections (better-sqlite3 and Kysely over each) and the key. */
export interface OpenVault {
  writer: import('better-sqlite3-multiple-ciphers').Database;
  reader: import('better-sqlite3-multiple-ciphers').Database;
  w: Kysely<unknown>;
  r: Kysely<unknown>;
  key: Uint8Array;
}

/** The key buffers the vault holds while unlocked (the database key), or null when locked. */
export function keysOf(vault: Vault): Uint8Array[] | null {
  const open = field<OpenVault | null>(vault, 'db');
  return open ? [open.key] : null;
}

/** The vault's open connections (for PRAGMAs in fault tests), or null when locked. */
export function dbOf(vault: Vault): OpenVault | null {
  return field<OpenVault | null>(vault, 'db');
}

/** Stops the core's 15-second timer (idle lock, reminders, automatic backup), so nothing writes behind a test's back. */
export function stopTimers(core: RapportCore): void {
  const timer = field<NodeJS.Timeout | null>(core, 'idleTimer');
  if (timer) clearInterval(timer);
}
