import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { call, messageOf } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ClientWarmthChart, PracticeTrendChart } from './Charts';
import { SessionView } from './SessionView';
import { StartReview } from './StartReview';
import { formatDay } from '../../format';

/** The list of reviews, the trends across quarters, and a session when one is open. */
export function ReviewsPage() {
  const [openId, setOpenId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const reviews = useQuery({ queryKey: ['reviews'], queryFn: () => call('reviews.list', {}) });
  const trends = useQuery({ queryKey: ['reviews', 'trends'], queryFn: () => call('reviews.trends', {}) });

  if (openId) return <SessionView id={openId} onClose={() => setOpenId(null)} />;

  const start = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setStarting(true)}>
      Start a review
    </Button>
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Reviews
        </Title>
        {reviews.data && reviews.data.length > 0 && start}
      </Group>
      {reviews.isPending && <Loader aria-label="Loading reviews" />}
      <ErrorAlert message={reviews.error ? messageOf(reviews.error) : null} />
      {reviews.data?.length === 0 && (
        <EmptyState icon={<IconChecklist size={32} />} title="No reviews yet" action={start}>
          Once a quarter, walk through every relationship: warmth, promises kept, attention against revenue. Finished
          reviews are kept here as dated records.
        </EmptyState>
      )}
      {reviews.data && reviews.data.length > 0 && (
        <Table aria-label="Reviews" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Quarter</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Clients</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Finished</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reviews.data.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Button variant="subtle" px={4} onClick={() => setOpenId(r.id)}>
                    {r.status === 'finished' ? `Review ${r.quarter}` : `Resume review ${r.quarter}`}
                  </Button>
                </Table.Td>
                <Table.Td>
                  <Badge color={r.status === 'finished' ? 'gray' : 'orange'} variant="light">
                    {r.status === 'finished' ? 'Finished' : 'In progress'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {r.recorded} of {r.clients}
                </Table.Td>
                <Table.Td>{formatDay(r.startedAt)}</Table.Td>
                <Table.Td>{formatDay(r.finishedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {trends.data && trends.data.quarters.length > 0 && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Paper withBorder p="md">
            <PracticeTrendChart trends={trends.data} />
          </Paper>
          <Paper withBorder p="md">
            <ClientWarmthChart trends={trends.data} />
          </Paper>
        </SimpleGrid>
      )}
      {trends.data && trends.data.quarters.length === 1 && (
        <Text size="sm" c="dimmed">
          The charts show a trend once there are finished reviews for two or more quarters.
        </Text>
      )}
      <StartReview opened={starting} onClose={() => setStarting(false)} onStarted={setOpenId} />
    </Stack>
  );
}
