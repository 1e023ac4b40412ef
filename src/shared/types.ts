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
  version: number;
}

export interface Client extends ClientSummary {
  notes: string;
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
  version: number;
}

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
