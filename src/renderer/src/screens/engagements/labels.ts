import type { EngagementStatus, ItemKind, ItemState } from '../../../../shared/types';

export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  open: 'Open',
  'on-track': 'On track',
  'at-risk': 'At risk',
  kept: 'Kept',
  slipped: 'Slipped',
  missed: 'Missed',
  renegotiated: 'Renegotiated',
};

export const ITEM_STATE_COLORS: Record<ItemState, string> = {
  open: 'gray',
  'on-track': 'blue',
  'at-risk': 'orange',
  kept: 'teal',
  slipped: 'yellow',
  missed: 'red',
  renegotiated: 'grape',
};

export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  promise: 'Promise',
  gap: 'Expectation gap',
  assumption: 'Assumption',
};

export const ENGAGEMENT_STATUS_LABELS: Record<EngagementStatus, string> = {
  proposed: 'Proposed',
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const rate = (r: number | null) => (r === null ? 'No promises due yet' : `${Math.round(r * 100)}% kept on time`);
