import type { ReactNode } from 'react';
import { Box, Text, VisuallyHidden } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReviewSummary, ReviewTrends } from '../../../../shared/types';

/** A chart with an accessible name and its data as a hidden table for screen readers. */
function Figure(props: { label: string; children: ReactNode; table: ReactNode; height?: number }) {
  return (
    <Box component="figure" m={0} aria-label={props.label}>
      <Text component="figcaption" fw={600} size="sm" mb={4}>
        {props.label}
      </Text>
      <Box h={props.height ?? 220} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          {props.children as React.ReactElement}
        </ResponsiveContainer>
      </Box>
      <VisuallyHidden>{props.table}</VisuallyHidden>
    </Box>
  );
}

function DataTable(props: { head: string[]; rows: (string | number | null)[][] }) {
  return (
    <table>
      <thead>
        <tr>{props.head.map((h) => <th key={h}>{h}</th>)}</tr>
      </thead>
      <tbody>
        {props.rows.map((r, i) => (
          <tr key={i}>{r.map((c, j) => <td key={j}>{c ?? '—'}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

const COLORS = ['#087f5b', '#1c7ed6', '#ae3ec9', '#e8590c', '#2f9e44', '#f08c00', '#c2255c', '#1098ad'];

export function PracticeTrendChart({ trends }: { trends: ReviewTrends }) {
  const data = trends.quarters.map((q, i) => ({
    quarter: q,
    warmth: trends.practiceWarmth[i],
    promiseRate: trends.promiseRate[i] === null ? null : Math.round(trends.promiseRate[i]! * 100),
  }));
  return (
    <Figure
      label="Practice warmth and promise-keeping by quarter"
      table={<DataTable head={['Quarter', 'Average warmth (1–5)', 'Promises kept on time (%)']} rows={data.map((d) => [d.quarter, d.warmth, d.promiseRate])} />}
    >
      <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="quarter" />
        <YAxis yAxisId="w" domain={[1, 5]} allowDecimals={false} />
        <YAxis yAxisId="p" orientation="right" domain={[0, 100]} unit="%" />
        <Tooltip />
        <Legend />
        <Line yAxisId="w" type="monotone" dataKey="warmth" name="Average warmth" stroke={COLORS[0]} strokeWidth={2} connectNulls isAnimationActive={false} />
        <Line yAxisId="p" type="monotone" dataKey="promiseRate" name="Promises kept on time" stroke={COLORS[1]} strokeWidth={2} connectNulls isAnimationActive={false} />
      </LineChart>
    </Figure>
  );
}

export function ClientWarmthChart({ trends }: { trends: ReviewTrends }) {
  const shown = trends.clients.slice(0, 8);
  const data = trends.quarters.map((q, i) => Object.fromEntries([['quarter', q], ...shown.map((c) => [c.clientName, c.warmth[i]])]));
  return (
    <Figure
      label="Warmth by client across quarters"
      table={<DataTable head={['Client', ...trends.quarters]} rows={shown.map((c) => [c.clientName, ...c.warmth])} />}
    >
      <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="quarter" />
        <YAxis domain={[1, 5]} allowDecimals={false} />
        <Tooltip />
        <Legend />
        {shown.map((c, i) => (
          <Line key={c.clientId} type="monotone" dataKey={c.clientName} stroke={COLORS[i % COLORS.length]} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </Figure>
  );
}

export function AttentionChart({ summary }: { summary: ReviewSummary }) {
  const data = summary.attention.map((a) => ({ client: a.clientName, revenue: a.revenueShare ?? 0, attention: a.attentionShare }));
  return (
    <Figure
      label={`Attention against revenue share, ${summary.quarter}`}
      height={Math.max(200, data.length * 44)}
      table={<DataTable head={['Client', 'Revenue share (%)', 'Share of interactions (%)']} rows={data.map((d) => [d.client, d.revenue, d.attention])} />}
    >
      <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" unit="%" domain={[0, 100]} />
        <YAxis type="category" dataKey="client" width={150} interval={0} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        <Bar dataKey="revenue" name="Revenue share" fill={COLORS[3]} isAnimationActive={false} />
        <Bar dataKey="attention" name="Share of attention" fill={COLORS[0]} isAnimationActive={false} />
      </BarChart>
    </Figure>
  );
}
