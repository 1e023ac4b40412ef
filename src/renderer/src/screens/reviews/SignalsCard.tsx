import { Badge, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReviewSignals } from '../../../../shared/types';
import { warmthLabel } from './labels';

function Signal(props: { label: string; children: React.ReactNode; tone?: 'warn' | 'ok' }) {
  return (
    <Paper withBorder p="sm" bg={props.tone === 'warn' ? 'orange.0' : undefined}>
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        {props.label}
      </Text>
      <Text component="div" mt={2}>
        {props.children}
      </Text>
    </Paper>
  );
}

/** Everything the reviewer should weigh for one client, on one screen. */
export function SignalsCard({ s }: { s: ReviewSignals }) {
  const cold = (s.daysOverCadence ?? 0) > 0;
  const underAttended = s.revenueShare !== null && s.attentionShare + 5 < s.revenueShare * 0.5;
  return (
    <Stack gap="sm" component="section" aria-label={`Signals for ${s.clientName}`}>
      <Title order={2} size="h3">
        {s.clientName}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm">
        <Signal label="Last contact" tone={cold ? 'warn' : undefined}>
          {s.daysSinceContact === null ? 'Never' : `${s.daysSinceContact} days ago`}
          {s.cadenceDays !== null && (
            <Text size="sm" c={cold ? 'orange.9' : 'dimmed'}>
              {cold ? `${s.daysOverCadence} days past the ${s.cadenceDays}-day cadence` : `within the ${s.cadenceDays}-day cadence`}
            </Text>
          )}
        </Signal>
        <Signal label="Warmth now">
          {warmthLabel(s.warmthNow)}
          <Text size="sm" c="dimmed">
            Trend: {s.warmthTrend.map((t) => `${t.quarter.slice(5)} ${t.value ?? '–'}`).join(' · ')}
          </Text>
        </Signal>
        <Signal label="Promises this quarter" tone={s.promises.slipped + s.promises.missed > 0 ? 'warn' : undefined}>
          {s.promises.due === 0 ? 'None due' : `${s.promises.kept} kept of ${s.promises.due} due`}
          {s.promises.slipped + s.promises.missed > 0 && (
            <Text size="sm" c="orange.9">
              {s.promises.slipped} slipped, {s.promises.missed} missed
            </Text>
          )}
        </Signal>
        <Signal label="Attention against revenue" tone={underAttended ? 'warn' : undefined}>
          {s.attentionShare}% of interactions · {s.revenueShare === null ? 'no revenue share' : `${s.revenueShare}% of revenue`}
          <Text size="sm" c="dimmed">
            {s.interactionsThisQuarter} interactions this quarter
          </Text>
        </Signal>
        <Signal label="Open issues" tone={s.openIssues.length ? 'warn' : undefined}>
          {s.openIssues.length === 0 ? (
            'None'
          ) : (
            <List size="sm" spacing={2}>
              {s.openIssues.map((i) => (
                <List.Item key={i.openedAt + i.summary}>
                  {i.summary} — open {i.daysOpen} days
                </List.Item>
              ))}
            </List>
          )}
        </Signal>
        <Signal label="Follow-ups overdue" tone={s.overdueFollowUps ? 'warn' : undefined}>
          {s.overdueFollowUps}
        </Signal>
        <Signal label="Personal dates next quarter">
          {s.datesNextQuarter.length === 0 ? 'None' : s.datesNextQuarter.map((d) => `${d.label} (${d.on})`).join(', ')}
        </Signal>
        <Signal label="Ownership changes">
          {s.ownershipChanges.length === 0 ? 'None this quarter' : s.ownershipChanges.map((o) => `${o.from || '—'} → ${o.to}`).join(', ')}
        </Signal>
        <Signal label="Stage">
          <Group gap={4}>
            <Badge variant="light">{s.stage}</Badge>
          </Group>
        </Signal>
      </SimpleGrid>
    </Stack>
  );
}
