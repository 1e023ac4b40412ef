import { useQuery } from '@tanstack/react-query';
import { Badge, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { keys } from '../../queries';
import { FollowUpList } from './FollowUpList';
import { GoingColdList } from './GoingColdList';

/** What to do today, what is coming, and the relationships going cold. */
export function FollowUpsPage() {
  const today = useQuery({ queryKey: keys.followUpsToday, queryFn: () => call('followUps.today', {}) });
  const open = useQuery({ queryKey: keys.followUps({ status: 'open' }), queryFn: () => call('followUps.list', { status: 'open' }) });
  const dueIds = new Set(today.data?.due.map((f) => f.id));
  const upcoming = open.data?.filter((f) => !dueIds.has(f.id)) ?? [];

  return (
    <Stack>
      <Title order={1} size="h2">
        Follow-ups
      </Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Stack gap="md">
          <SectionCard
            title="Today"
            action={
              today.data && today.data.overdueCount > 0 ? (
                <Badge color="red" variant="filled">
                  {today.data.overdueCount} overdue
                </Badge>
              ) : undefined
            }
          >
            {today.isPending && <Loader size="sm" aria-label="Loading today's follow-ups" />}
            <ErrorAlert message={today.error ? messageOf(today.error) : null} />
            {today.data?.due.length === 0 && (
              <Text size="sm" c="dimmed">
                Nothing due today. Enjoy the quiet, or check who is going cold.
              </Text>
            )}
            {today.data && today.data.due.length > 0 && <FollowUpList followUps={today.data.due} label="Due today or earlier" />}
          </SectionCard>
          <SectionCard title="Upcoming">
            {open.isPending && <Loader size="sm" aria-label="Loading upcoming follow-ups" />}
            <ErrorAlert message={open.error ? messageOf(open.error) : null} />
            {open.data && upcoming.length === 0 && (
              <Text size="sm" c="dimmed">
                Nothing planned. Add follow-ups from a client's dossier or when you log an interaction.
              </Text>
            )}
            {upcoming.length > 0 && <FollowUpList followUps={upcoming} label="Upcoming follow-ups" />}
          </SectionCard>
        </Stack>
        <GoingColdList />
      </SimpleGrid>
    </Stack>
  );
}
