import { useEffect, useMemo, useRef } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Badge, Button, Loader, Stack, Text, Title } from '@mantine/core';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ShowMore, useFirstRows } from '../../components/ShowMore';
import { SectionCard } from '../../components/SectionCard';
import { todayIso } from '../../format';
import { keys } from '../../queries';
import { FollowUpList } from './FollowUpList';
import { GoingColdList } from './GoingColdList';
import { PromiseAttention } from '../engagements/PromiseAttention';

/** Upcoming follow-ups fetched at a time, soonest first; the next ones load as the list scrolls into view. */
const UPCOMING_PAGE = 25;

/** What to do today and what is overdue first; then promises needing attention (collapsed), who is going cold, and what is coming. */
export function FollowUpsPage() {
  const today = useQuery({ queryKey: keys.followUpsToday, queryFn: () => call('followUps.today', {}) });
  const day = todayIso();
  const upcoming = useInfiniteQuery({
    queryKey: keys.followUps({ status: 'open', dueAfter: day }),
    queryFn: ({ pageParam }) => call('followUps.list', { status: 'open', dueAfter: day, limit: UPCOMING_PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const list = useMemo(() => upcoming.data?.pages.flatMap((p) => p.items) ?? [], [upcoming.data]);
  const due = useFirstRows(today.data?.due ?? []);

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
        {due.shown.length > 0 && <FollowUpList followUps={due.shown} label="Due today or earlier" />}
        <ShowMore hidden={due.hidden} what="due follow-ups" onClick={due.showMore} />
      </SectionCard>
      <PromiseAttention />
      <GoingColdList />
      <SectionCard title="Upcoming">
        {upcoming.isPending && <Loader size="sm" aria-label="Loading upcoming follow-ups" />}
        <ErrorAlert message={upcoming.error ? messageOf(upcoming.error) : null} />
        {upcoming.data && list.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing planned. Add follow-ups from a client's dossier or when you log an interaction.
          </Text>
        )}
        {list.length > 0 && <FollowUpList followUps={list} label="Upcoming follow-ups" />}
        {upcoming.hasNextPage && (
          <LoadMore loading={upcoming.isFetchingNextPage} onLoad={() => void upcoming.fetchNextPage()} />
        )}
      </SectionCard>
    </Stack>
  );
}

/** A "Show more" button that also presses itself when it scrolls into view. */
function LoadMore(props: { loading: boolean; onLoad: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const { loading, onLoad } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el || loading || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && onLoad());
    observer.observe(el);
    return () => observer.disconnect();
  }, [loading, onLoad]);
  return (
    <Button ref={ref} variant="subtle" size="xs" w="fit-content" loading={loading} onClick={onLoad}>
      Show more upcoming
    </Button>
  );
}
