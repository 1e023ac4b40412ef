/**
 * Which timeline entries are contact with the client (an interaction) and which are our own
 * bookkeeping (a record). The one source of truth: last contact, keep-in-touch cadence, going
 * cold, per-contact last contact and the review's attention share count interactions only.
 */
import type { EntryKind } from './types';

export type EntryClass = 'interaction' | 'record';

/** Every kind is classed here; a new kind does not compile until it is. */
export const ENTRY_KIND_CLASS: Record<EntryKind, EntryClass> = {
  meeting: 'interaction',
  call: 'interaction',
  email: 'interaction',
  message: 'interaction',
  visit: 'interaction',
  gift: 'interaction',
  /** A referral the client gave us. */
  referral: 'interaction',
  /** A letter the user says was sent (an exported letter is a 'letter' record until then). */
  'letter-sent': 'interaction',
  note: 'record',
  /** Promise made or its state changed. */
  promise: 'record',
  /** A promise marked kept. */
  delivery: 'record',
  issue: 'record',
  resolution: 'record',
  handover: 'record',
  'stage-change': 'record',
  review: 'record',
  /** A letter written or exported, not (yet) known to be sent. */
  letter: 'record',
};

export const isInteraction = (kind: EntryKind): boolean => ENTRY_KIND_CLASS[kind] === 'interaction';

export const INTERACTION_KINDS: ReadonlySet<EntryKind> = new Set(
  (Object.keys(ENTRY_KIND_CLASS) as EntryKind[]).filter(isInteraction),
);
