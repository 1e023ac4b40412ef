import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Loader, Stack, Text, Title } from '@mantine/core';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { keys } from '../../queries';
import { FollowUpList } from './FollowUpList';
import { GoingColdList } from './GoingColdList';
import { PromiseAttention } from '../engagements/PromiseAttention';

/** Soonest first; the rest on request. */
const UPCOMING_SHOWN = 15;

/** What to do today and what is overdue first; then promises needing attention (collapsed), who is going cold, and what is coming. */
export function FollowUpsPage() {
  const [allUpcoming, setAllUpcoming] = useState(false);
  const today = useQuery({ queryKey: keys.followUpsToday, queryFn: () => call('followUps.today', {}) });
  const open = useQuery({ queryKey: keys.followUps({ status: 'open' }), queryFn: () => call('followUps.list', { status: 'open' }) });
  const dueIds = new Set(today.data?.due.map((f) => f.id));
  const upcoming = open.data?.filter((f) => !dueIds.has(f.id)) ?? [];

  return (
    <Stack>
      <Title order={1} size="h2">
        Follow-ups
      </Title>
      <SectionCard
        title="Today"
        action={
          today.data && today.data.overdueCount > 0 ? (
            <Badge color="red" variant="filled" className="nowrap-badge">
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
      <PromiseAttention />
      <GoingColdList />
      <SectionCard title="Upcoming">
        {open.isPending && <Loader size="sm" aria-label="Loading upcoming follow-ups" />}
        <ErrorAlert message={open.error ? messageOf(open.error) : null} />
        {open.data && upcoming.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing planned. Add follow-ups from a client's dossier or when you log an interaction.
          </Text>
        )}
        {upcoming.length > 0 && (
          <FollowUpList followUps={allUpcoming ? upcoming : upcoming.slice(0, UPCOMING_SHOWN)} label="Upcoming follow-ups" />
        )}
        {upcoming.length > UPCOMING_SHOWN && (
          <Button variant="subtle" size="xs" w="fit-content" onClick={() => setAllUpcoming((v) => !v)}>
            {allUpcoming ? 'Show fewer' : `Show all ${upcoming.length} upcoming`}
          </Button>
        )}
      </SectionCard>
    </Stack>
  );
}
