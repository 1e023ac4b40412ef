/** Domain types the UI sees. Plain objects; database rows never leave the data layer. */

export type VaultState = 'no-vault' | 'locked' | 'unlocked';

export interface AppStatus {
  state: VaultState;
  /** Absolute path of the current vault file. */
  vaultPath: string;
  /** File name without folder, for display. */
  vaultName: string;
  platform: 'electron' | 'web';
  /** Minutes of inactivity before auto-lock; only known while unlocked. */
  autoLockMinutes: number | null;
  /** False until the user confirmed keeping the recovery key. Only known while unlocked. */
  recoveryKeyConfirmed: boolean | null;
}

export interface CreatedVault {
  /** The recovery key, shown once. Base32 in groups of five, with a checksum. */
  recoveryKey: string;
  vaultId: string;
}

export interface Settings {
  autoLockMinutes: number;
  recoveryKeyConfirmed: boolean;
  /** Name of the person using Rapport, for letters and ownership. */
  userName: string;
}

export const CLIENT_KINDS = ['organisation', 'person'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export const LIFECYCLE_STAGES = [
  'prospect',
  'onboarding',
  'active',
  'issue-resolution',
  'offboarding',
  'alumni',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface ClientSummary {
  id: string;
  kind: ClientKind;
  name: string;
  stage: LifecycleStage;
  industry: string;
  owner: string;
  tags: string[];
  revenueShare: number | null;
  contactCount: number;
  /** ISO timestamp of the latest timeline entry, or null. */
  lastContactAt: string | null;
  /** Keep-in-touch cadence in days, or null for none. */
  cadenceDays: number | null;
  /** Latest warmth reading, 1 (cold) to 5 (very warm), or null. */
  warmth: 1 | 2 | 3 | 4 | 5 | null;
  version: number;
}

export interface Client extends ClientSummary {
  notes: string;
  /** The client's latest news (their business, not ours). */
  news: string;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  clientId: string;
  name: string;
  role: string;
  email: string;
  phone: string;
  preferredChannel: PreferredChannel;
  /** When they like to be contacted, in their words ("mornings", "not Fridays"). */
  preferredTime: string;
  version: number;
}

export const PREFERRED_CHANNELS = ['any', 'email', 'phone', 'text', 'in-person', 'video'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];

export const ENTRY_KINDS = [
  'meeting',
  'call',
  'email',
  'note',
  'promise',
  'delivery',
  'issue',
  'resolution',
  'gift',
  'referral',
  'handover',
  'stage-change',
  'review',
  'letter',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface TimelineEntry {
  id: string;
  clientId: string;
  kind: EntryKind;
  /** ISO timestamp of when the interaction happened. */
  occurredAt: string;
  summary: string;
  body: string;
  contactIds: string[];
  version: number;
}

export type AppEvent =
  | { type: 'locked'; reason: 'user' | 'idle' | 'suspend' | 'screen-lock' | 'vault-switched' }
  | { type: 'unlocked' }
  | { type: 'data-changed'; tables: string[] };

// ---- Dossiers: facts, dates, warmth, ownership, follow-ups ----

export const FACT_TYPES = ['family', 'health', 'diet', 'hobbies', 'preferences', 'dislikes', 'other'] as const;
export type FactType = (typeof FACT_TYPES)[number];

export const SENSITIVITIES = ['normal', 'private', 'handle-with-care'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export interface PersonalFact {
  id: string;
  clientId: string;
  /** The contact the fact is about, or null for the client (a person client, or the organisation). */
  contactId: string | null;
  type: FactType;
  text: string;
  sensitivity: Sensitivity;
  /** Allergies and diet, dislikes and handle-with-care facts: shown at the top of the dossier. */
  isAlert: boolean;
  version: number;
}

export interface ImportantDate {
  id: string;
  clientId: string;
  contactId: string | null;
  label: string;
  /** YYYY-MM-DD */
  date: string;
  recurrence: 'yearly' | 'once';
  /** Next time it comes round, from today (YYYY-MM-DD), or null for a one-off date in the past. */
  nextOn: string | null;
  version: number;
}

export const WARMTH_LEVELS = [1, 2, 3, 4, 5] as const;
export const WARMTH_LABELS = ['Cold', 'Cool', 'Neutral', 'Warm', 'Very warm'] as const;

export interface WarmthReading {
  id: string;
  clientId: string;
  value: 1 | 2 | 3 | 4 | 5;
  reason: string;
  /** ISO timestamp. */
  at: string;
}

export interface Handover {
  id: string;
  clientId: string;
  from: string;
  to: string;
  at: string;
  reason: string;
  notes: string;
  clientReaction: string;
}

export const FOLLOW_UP_STATUSES = ['open', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface FollowUp {
  id: string;
  clientId: string;
  clientName: string;
  reason: string;
  /** YYYY-MM-DD */
  dueOn: string;
  /** Repeat every N days after it is done, or null. */
  repeatDays: number | null;
  status: FollowUpStatus;
  /** While snoozed, the day it comes back (YYYY-MM-DD); dueOn is moved to it. */
  snoozedFrom: string | null;
  version: number;
}

export interface GoingCold {
  clientId: string;
  name: string;
  cadenceDays: number;
  /** Days since the last interaction (or since the client was added, if none). */
  daysSinceContact: number;
  /** How far past the cadence: daysSinceContact - cadenceDays. */
  daysOverdue: number;
  lastContactAt: string | null;
}

export interface Dossier {
  client: Client;
  contacts: Contact[];
  facts: PersonalFact[];
  alerts: PersonalFact[];
  dates: ImportantDate[];
  warmth: WarmthReading[];
  handovers: Handover[];
  followUps: FollowUp[];
  recent: TimelineEntry[];
}

export interface SearchHit {
  kind: 'client' | 'contact' | 'fact' | 'entry' | 'follow-up' | 'date';
  id: string;
  title: string;
  snippet: string;
}

export interface SearchGroup {
  clientId: string;
  clientName: string;
  hits: SearchHit[];
}
