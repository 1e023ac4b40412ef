import { Box, Text, VisuallyHidden } from '@mantine/core';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WarmthReading } from '../../../../shared/types';
import { WARMTH_LABELS } from '../../../../shared/types';
import { formatDay } from '../../format';

/** Warmth readings over time: a small line chart, with a sentence and a table for screen readers. */
export function WarmthChart({ readings }: { readings: WarmthReading[] }) {
  const ordered = [...readings].sort((a, b) => a.at.localeCompare(b.at));
  // A time axis: each reading at its own date, spaced by the time between them.
  const data = ordered.map((r) => ({ t: new Date(r.at).getTime(), value: r.value }));
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  const summary =
    ordered.length < 2
      ? `One reading: ${WARMTH_LABELS[last.value - 1]} on ${formatDay(last.at)}.`
      : `${ordered.length} readings from ${WARMTH_LABELS[first.value - 1]} on ${formatDay(first.at)} to ${WARMTH_LABELS[last.value - 1]} on ${formatDay(last.at)}.`;
  return (
    <Box component="figure" m={0} aria-label="Warmth over time">
      <Box h={140} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 12, bottom: 0, left: -20 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t: number) => formatDay(new Date(t).toISOString())}
              tick={{ fontSize: 11 }}
              tickCount={4}
            />
            <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(t) => formatDay(new Date(Number(t)).toISOString())} formatter={(v) => [WARMTH_LABELS[Number(v) - 1], 'Warmth']} />
            <Line type="monotone" dataKey="value" stroke="#e8590c" strokeWidth={2} dot isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </Box>
      <Text component="figcaption" size="xs" c="dimmed">
        {summary}
      </Text>
      <VisuallyHidden>
        <table>
          <caption>Warmth readings</caption>
          <thead>
            <tr>
              <th>Date</th>
              <th>Warmth</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((r) => (
              <tr key={r.id}>
                <td>{formatDay(r.at)}</td>
                <td>{WARMTH_LABELS[r.value - 1]}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
}
