import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { ShowMore, useFirstRows } from '../../components/ShowMore';
import { formatDay, plural } from '../../format';
import { useNav } from '../../nav';
import { keys } from '../../queries';

/** Clients past their keep-in-touch cadence, most overdue first. */
export function GoingColdList() {
  const nav = useNav();
  const cold = useQuery({ queryKey: keys.goingCold, queryFn: () => call('clients.goingCold', {}) });
  const rows = useFirstRows(cold.data ?? []);
  return (
    <SectionCard title="Going cold">
      {cold.isPending && <Loader size="sm" aria-label="Loading clients going cold" />}
      <ErrorAlert message={cold.error ? messageOf(cold.error) : null} />
      {cold.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          Nobody is going cold. Clients past their keep-in-touch cadence show here.
        </Text>
      )}
      {cold.data && cold.data.length > 0 && (
        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Clients going cold">
          {rows.shown.map((c) => (
            <Group component="li" key={c.clientId} justify="space-between" wrap="nowrap" className="row-divided">
              <Stack gap={2}>
                <Anchor component="button" type="button" fw={600} size="sm" ta="left" onClick={() => nav.openClient(c.clientId)}>
                  {c.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {c.lastContactAt
                    ? `${plural(c.daysSinceContact, 'day')} since last contact (${formatDay(c.lastContactAt)})`
                    : `${plural(c.daysSinceContact, 'day')} since added, no contact yet`}{' '}
                  · keep in touch every {plural(c.cadenceDays, 'day')}
                </Text>
              </Stack>
              <Badge color="orange" variant="light" className="nowrap-badge">
                {plural(c.daysOverdue, 'day')} over
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
      <ShowMore hidden={rows.hidden} what="clients going cold" onClick={rows.showMore} />
    </SectionCard>
  );
}
