/** Human labels for the domain's enumerations, shared by every screen. */
import type {
  ClientKind,
  EntryKind,
  FactType,
  LifecycleStage,
  PreferredChannel,
  SearchHit,
  Sensitivity,
} from '../../shared/types';
import { ENTRY_KINDS, FACT_TYPES, LIFECYCLE_STAGES, PREFERRED_CHANNELS, SENSITIVITIES, WARMTH_LABELS } from '../../shared/types';

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  prospect: 'Prospect',
  onboarding: 'Onboarding',
  active: 'Active',
  'issue-resolution': 'Issue resolution',
  offboarding: 'Offboarding',
  alumni: 'Alumni',
};

export const KIND_LABELS: Record<ClientKind, string> = { organisation: 'Organisation', person: 'Person' };

export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  meeting: 'Meeting',
  call: 'Call',
  email: 'Email',
  note: 'Note',
  promise: 'Promise',
  delivery: 'Delivery',
  issue: 'Issue',
  resolution: 'Resolution',
  gift: 'Gift',
  referral: 'Referral',
  handover: 'Handover',
  'stage-change': 'Stage change',
  review: 'Review',
  letter: 'Letter (not sent)',
  message: 'Message',
  visit: 'Visit',
  'letter-sent': 'Letter sent',
};

export const ENTRY_KIND_COLORS: Record<EntryKind, string> = {
  meeting: 'blue',
  call: 'cyan',
  email: 'indigo',
  note: 'gray',
  promise: 'violet',
  delivery: 'teal',
  issue: 'red',
  resolution: 'green',
  gift: 'pink',
  referral: 'grape',
  handover: 'orange',
  'stage-change': 'yellow',
  review: 'lime',
  letter: 'dark',
  message: 'blue',
  visit: 'teal',
  'letter-sent': 'dark',
};

export const FACT_TYPE_LABELS: Record<FactType, string> = {
  family: 'Family',
  health: 'Health',
  diet: 'Diet and allergies',
  hobbies: 'Hobbies',
  preferences: 'Preferences',
  dislikes: 'Dislikes',
  other: 'Other',
};

export const SENSITIVITY_LABELS: Record<Sensitivity, string> = {
  normal: 'Normal',
  private: 'Private',
  'handle-with-care': 'Handle with care',
};

export const CHANNEL_LABELS: Record<PreferredChannel, string> = {
  any: 'Any',
  email: 'Email',
  phone: 'Phone',
  text: 'Text message',
  'in-person': 'In person',
  video: 'Video call',
};

export const HIT_KIND_LABELS: Record<SearchHit['kind'], string> = {
  client: 'Client',
  contact: 'Contact',
  fact: 'Personal fact',
  entry: 'Timeline',
  'follow-up': 'Follow-up',
  date: 'Important date',
  engagement: 'Engagement',
  expectation: 'Expectation',
};

export const WARMTH_COLORS = ['blue', 'cyan', 'gray', 'orange', 'red'] as const;

export function warmthText(value: number | null | undefined): string {
  return value ? `${WARMTH_LABELS[value - 1]} (${value}/5)` : 'No reading';
}

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

export const STAGE_OPTIONS = options(LIFECYCLE_STAGES, STAGE_LABELS);
export const ENTRY_KIND_OPTIONS = options(ENTRY_KINDS, ENTRY_KIND_LABELS);
export const FACT_TYPE_OPTIONS = options(FACT_TYPES, FACT_TYPE_LABELS);
export const SENSITIVITY_OPTIONS = options(SENSITIVITIES, SENSITIVITY_LABELS);
export const CHANNEL_OPTIONS = options(PREFERRED_CHANNELS, CHANNEL_LABELS);
