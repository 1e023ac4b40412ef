/**
 * Every migration of format 3, imported statically so the bundler keeps them. Numbered and frozen:
 * never edit one that has shipped; add the next number instead, with its own test.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_format3';
import * as m0002 from './0002_columns';
import * as m0003 from './0003_search';
import * as m0004 from './0004_sync';

export const MIGRATIONS: Record<string, Migration> = {
  '0001_format3': m0001,
  '0002_columns': m0002,
  '0003_search': m0003,
  '0004_sync': m0004,
};
