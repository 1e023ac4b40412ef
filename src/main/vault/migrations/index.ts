/**
 * Every migration, imported statically so the bundler keeps them. Numbered and frozen:
 * never edit one that has shipped; add the next number instead, with its own test.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_dossiers';
import * as m0003 from './0003_engagements';
import * as m0004 from './0004_letters';
import * as m0005 from './0005_reviews';

export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_dossiers': m0002,
  '0003_engagements': m0003,
  '0004_letters': m0004,
  '0005_reviews': m0005,
};
