import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, List, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ExpectationItem } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ENGAGEMENT_STATUS_LABELS, ITEM_KIND_LABELS, ITEM_STATE_COLORS, ITEM_STATE_LABELS, rate } from './labels';
import { NewEngagementDialog } from './NewEngagementDialog';
import { StateDialog } from './StateDialog';
import { formatDay } from '../../format';

/** A client's engagements, their expectation checklists, the promise-keeping rate and the gaps. */
export function EngagementsSection({ clientId }: { clientId: string }) {
  const [adding, setAdding] = useState(false);
  const [changing, setChanging] = useState<ExpectationItem | null>(null);
  const promises = useQuery({ queryKey: ['promises', clientId], queryFn: () => call('promises.forClient', { clientId }) });
  const today = new Date().toISOString().slice(0, 10);
  const p = promises.data;

  return (
    <Paper withBorder p="md" component="section" aria-label="Engagements and promises">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Engagements and promises
        </Title>
        <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
          New engagement
        </Button>
      </Group>
      <ErrorAlert message={promises.error ? messageOf(promises.error) : null} />
      {p && (
        <Stack>
          <Group gap="lg">
            <Text fw={600} aria-label="Promise-keeping rate">
              {rate(p.stats.rate)}
            </Text>
            <Text size="sm" c="dimmed">
              {p.stats.keptOnTime} of {p.stats.due} due · {p.stats.slipped} slipped · {p.stats.missed} missed · {p.stats.atRisk} at risk ·{' '}
              {p.stats.overdue} overdue
            </Text>
          </Group>
          <Table aria-label="Slips and misses over the last four quarters" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Quarter</Table.Th>
                {p.quarters.map((q) => (
                  <Table.Th key={q.quarter}>{q.quarter}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(['kept', 'slipped', 'missed'] as const).map((k) => (
                <Table.Tr key={k}>
                  <Table.Td>{ITEM_STATE_LABELS[k]}</Table.Td>
                  {p.quarters.map((q) => (
                    <Table.Td key={q.quarter}>{q[k]}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {p.gaps.length > 0 && (
            <Stack gap={4} component="section" aria-label="Expectation gaps">
              <Text fw={600} size="sm">
                Expectation gaps (what they expect that we do not deliver)
              </Text>
              <List size="sm">
                {p.gaps.map((g) => (
                  <List.Item key={g.id}>
                    {g.text} — <Text span c="dimmed">told: {g.toldHow}{g.toldOn ? ` (${g.toldOn})` : ''}</Text>
                  </List.Item>
                ))}
              </List>
            </Stack>
          )}
          {p.engagements.length === 0 && <Text size="sm" c="dimmed">No engagements yet. Start one with its promises, so they can be kept and measured.</Text>}
          {p.engagements.map(({ engagement, items, stats }) => (
            <Stack key={engagement.id} gap="xs">
              <Group gap="xs">
                <Text fw={600}>{engagement.name}</Text>
                <Badge variant="light">{ENGAGEMENT_STATUS_LABELS[engagement.status]}</Badge>
                <Text size="sm" c="dimmed">
                  {formatDay(engagement.startOn)}
                  {engagement.plannedEndOn ? ` → ${formatDay(engagement.plannedEndOn)}` : ''} · {rate(stats.rate)}
                </Text>
              </Group>
              <Table aria-label={`Checklist of ${engagement.name}`} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Item</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Due</Table.Th>
                    <Table.Th>Responsible</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((item) => {
                    const overdue = item.kind === 'promise' && item.dueOn !== null && item.dueOn < today && ['open', 'on-track', 'at-risk', 'renegotiated'].includes(item.state);
                    return (
                      <Table.Tr key={item.id}>
                        <Table.Td>{item.text}</Table.Td>
                        <Table.Td>{ITEM_KIND_LABELS[item.kind]}</Table.Td>
                        <Table.Td>
                          {formatDay(item.dueOn)}
                          {overdue && (
                            <Badge ml={6} size="xs" color="red">
                              Overdue
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{item.responsible || '—'}</Table.Td>
                        <Table.Td>{item.kind === 'promise' ? <Badge color={ITEM_STATE_COLORS[item.state]} variant="light">{ITEM_STATE_LABELS[item.state]}</Badge> : '—'}</Table.Td>
                        <Table.Td>
                          {item.kind === 'promise' && (
                            <Button size="compact-xs" variant="default" aria-label={`Change the state of “${item.text}”`} onClick={() => setChanging(item)}>
                              Change state
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Stack>
          ))}
        </Stack>
      )}
      <NewEngagementDialog clientId={clientId} opened={adding} onClose={() => setAdding(false)} />
      <StateDialog item={changing} onClose={() => setChanging(null)} />
    </Paper>
  );
}
