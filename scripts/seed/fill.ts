/**
 * Writes generated seed data into an unlocked vault through its Writer, so every row is sealed and
 * counted in the integrity accumulator exactly as the app's own writes are.
 *
 * Rows go in batched write transactions: one transaction per row would pay a commit (an fsync with
 * `synchronous = FULL`) and a sealed vault_state rewrite per row. Clients go first, then contacts,
 * then entries and the dossier tables (facts, dates, warmth readings, handovers, follow-ups), then
 * engagements, their expectation items and the lifecycle checklists, so every committed batch
 * satisfies the foreign keys and no row names a contact, an entry or an engagement not yet written.
 */
import type { Vault } from '../../src/main/vault/vault';
import type { RecordTableName } from '../../src/main/vault/schema';
import { type SeedCounts, createSeedFaker, generateSeedData } from './generate';

/** The tables in the order they are written (the names progress reports use). */
export const SEED_TABLES = [
  'clients',
  'contacts',
  'entries',
  'facts',
  'dates',
  'warmth',
  'handovers',
  'follow-ups',
  'engagements',
  'expectation-items',
  'checklists',
] as const;
export type SeedTable = (typeof SEED_TABLES)[number];

const DB_TABLES: Record<SeedTable, RecordTableName> = {
  clients: 'clients',
  contacts: 'contacts',
  entries: 'timeline_entries',
  facts: 'facts',
  dates: 'important_dates',
  warmth: 'warmth_readings',
  handovers: 'handovers',
  'follow-ups': 'follow_ups',
  engagements: 'engagements',
  'expectation-items': 'expectation_items',
  checklists: 'client_checklists',
};

export interface SeedProgress {
  table: SeedTable;
  done: number;
  total: number;
}

export interface SeedOptions extends SeedCounts {
  /** Faker seed: the same seed gives the same names and texts. Default 1. */
  seed?: number;
  /** Rows per write transaction. Default 2,000. */
  batchSize?: number;
  /** Anchor for dates (entries fall in the three years before it). Default: now. */
  now?: Date;
  /** Record ids; default random UUIDs. */
  newId?: () => string;
  /** Called after each committed batch. */
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedResult {
  clients: number;
  contacts: number;
  entries: number;
  facts: number;
  dates: number;
  warmthReadings: number;
  handovers: number;
  followUps: number;
  engagements: number;
  expectationItems: number;
  checklists: number;
}

export const DEFAULT_BATCH_SIZE = 2_000;

interface Row {
  id: string;
  clientId?: string;
  record: unknown;
}

export async function seedVault(vault: Vault, opts: SeedOptions): Promise<SeedResult> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be 1 or more (got ${batchSize}).`);
  if (!vault.isUnlocked) throw new Error('seedVault needs an unlocked vault.');

  const data = generateSeedData(createSeedFaker(opts.seed ?? 1), opts);

  const write = async (table: SeedTable, rows: Row[]) => {
    const dbTable = DB_TABLES[table];
    for (let from = 0; from < rows.length; from += batchSize) {
      const batch = rows.slice(from, from + batchSize);
      await vault.write(async (w) => {
        for (const row of batch) {
          await w.insert(dbTable, row.id, row.record, row.clientId === undefined ? {} : { client_id: row.clientId });
        }
      });
      opts.onProgress?.({ table, done: from + batch.length, total: rows.length });
    }
  };

  const rows: Record<SeedTable, Row[]> = {
    clients: data.clients,
    contacts: data.contacts,
    entries: data.entries,
    facts: data.facts,
    dates: data.dates,
    warmth: data.warmth,
    handovers: data.handovers,
    'follow-ups': data.followUps,
    engagements: data.engagements,
    'expectation-items': data.items,
    checklists: data.checklists,
  };
  for (const table of SEED_TABLES) await write(table, rows[table]);
  return {
    clients: data.clients.length,
    contacts: data.contacts.length,
    entries: data.entries.length,
    facts: data.facts.length,
    dates: data.dates.length,
    warmthReadings: data.warmth.length,
    handovers: data.handovers.length,
    followUps: data.followUps.length,
    engagements: data.engagements.length,
    expectationItems: data.items.length,
    checklists: data.checklists.length,
  };
}
