import type { ReviewDecision } from '../../../../shared/types';
import { WARMTH_LABELS } from '../../../../shared/types';

export const DECISION_LABELS: Record<ReviewDecision, string> = {
  invest: 'Invest',
  maintain: 'Maintain',
  'hand-over': 'Hand over',
  'part-ways': 'Part ways',
};

export const DECISION_COLORS: Record<ReviewDecision, string> = {
  invest: 'teal',
  maintain: 'blue',
  'hand-over': 'grape',
  'part-ways': 'orange',
};

export function warmthLabel(value: number | null): string {
  return value ? `${WARMTH_LABELS[value - 1]} (${value}/5)` : 'No reading';
}

/** The quarter a date falls in, e.g. 2026-Q4. */
export function quarterOf(date: Date): string {
  return `${date.getFullYear()}-Q${Math.floor(date.getMonth() / 3) + 1}`;
}

export function previousQuarters(from: Date, n: number): string[] {
  const out: string[] = [];
  let y = from.getFullYear();
  let q = Math.floor(from.getMonth() / 3) + 1;
  for (let i = 0; i < n; i++) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

export const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
