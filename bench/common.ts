/**
 * What the benchmark's seeding and measuring processes share. Kept free of the seeder (and so of
 * Faker's locale data), so a measuring process carries only what the app would.
 */
import { CLIENT_CHILD_TABLES } from '../src/main/vault/schema';
import type { Vault, VaultOptions } from '../src/main/vault/vault';
import { BENCH_KDF, type Workload } from './config';

export type Mode = 'encrypted' | 'plain';

export function vaultOptions(mode: Mode): VaultOptions {
  return mode === 'plain' ? { kdf: BENCH_KDF, minKdf: BENCH_KDF, plaintext: true } : { kdf: BENCH_KDF, minKdf: BENCH_KDF };
}

/** What the cache keeps beside a seeded vault. */
export interface SeededMeta {
  workload: Workload;
  mode: Mode;
  /** Rows per table, counted after seeding. */
  counts: Record<string, number>;
  /** The client whose dossier the benchmark opens (exactly workload.dossierEntries entries). */
  dossierClientId: string;
  seedMs: number;
}

// ---- deterministic randomness ----

export { rng } from '../scripts/seed/random';

/** Version-4-shaped UUIDs from a seeded generator: random-looking, so inserts land as the app's do. */
export function uuids(random: () => number): () => string {
  return () => {
    const b = Array.from({ length: 16 }, () => Math.floor(random() * 256));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}

/** Rows per table (child tables counted by their id and client_id columns). */
export async function countRows(vault: Vault): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of CLIENT_CHILD_TABLES) counts[table] = (await vault.clientIdsOf(table)).size;
  counts.clients = (await vault.all('clients')).length;
  return counts;
}
