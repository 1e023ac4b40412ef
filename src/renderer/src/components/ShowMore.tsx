import { useState } from 'react';
import { Button } from '@mantine/core';
import { formatCount } from '../format';

/** How many rows a long list draws at first, and adds per "Show more". */
const STEP = 25;

/**
 * The first rows of a long list, and a "Show more" that draws the next ones: drawing hundreds of
 * rows at once (262 overdue follow-ups at 1,000 clients) held the screen for over a second.
 */
export function useFirstRows<T>(rows: readonly T[]): { shown: T[]; hidden: number; showMore: () => void } {
  const [count, setCount] = useState(STEP);
  return { shown: rows.slice(0, count), hidden: Math.max(0, rows.length - count), showMore: () => setCount((n) => n + STEP) };
}

export function ShowMore(props: { hidden: number; what: string; onClick: () => void }) {
  if (props.hidden <= 0) return null;
  return (
    <Button variant="subtle" size="xs" w="fit-content" onClick={props.onClick}>
      Show more {props.what} ({formatCount(props.hidden)} not shown)
    </Button>
  );
}
