import { memo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ActionIcon, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconEdit, IconMailCheck, IconTrash } from '@tabler/icons-react';
import type { TimelineEntry } from '../../../../shared/types';
import { call } from '../../api';
import { formatDateTime } from '../../format';
import { ENTRY_KIND_COLORS, ENTRY_KIND_LABELS } from '../../labels';
import { keys, useSave } from '../../queries';
import { useNav } from '../../nav';

/** One timeline entry: kind, when, who, what; edit and delete. */
export const EntryRow = memo(function EntryRow(props: {
  entry: TimelineEntry;
  clientName?: string;
  /** Names of the client's contacts by id; when absent, read for this row's client. */
  contactNames?: Map<string, string>;
  onOpenClient?: (id: string) => void;
  onEdit: (e: TimelineEntry) => void;
  onDelete: (e: TimelineEntry) => void;
}) {
  const e = props.entry;
  const nav = useNav();
  const contacts = useQuery({
    queryKey: keys.contacts(e.clientId),
    queryFn: () => call('contacts.list', { clientId: e.clientId }),
    enabled: !props.contactNames && e.contactIds.length > 0,
    staleTime: 60_000,
  });
  const names = props.contactNames ?? new Map(contacts.data?.map((c) => [c.id, c.name]));
  const markSent = useSave(() => call('timeline.markSent', { id: e.id, version: e.version }));
  const linked = e.contactIds.flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)! }] : []));
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start" py="xs" px="sm" className="timeline-row">
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Group gap="xs">
          <Badge size="sm" variant="light" color={ENTRY_KIND_COLORS[e.kind]}>
            {ENTRY_KIND_LABELS[e.kind]}
          </Badge>
          <Text size="xs" c="dimmed" component="time" dateTime={e.occurredAt}>
            {formatDateTime(e.occurredAt)}
          </Text>
          {props.clientName !== undefined && props.onOpenClient && (
            <Anchor component="button" type="button" size="xs" fw={600} onClick={() => props.onOpenClient!(e.clientId)}>
              {props.clientName}
            </Anchor>
          )}
          {linked.length > 0 && (
            <Text size="xs" c="dimmed">
              with{' '}
              {linked.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && ', '}
                  <Anchor component="button" type="button" size="xs" onClick={() => nav.openPerson(c.id, e.clientId)}>
                    {c.name}
                  </Anchor>
                </span>
              ))}
            </Text>
          )}
        </Group>
        <Text size="sm" fw={600}>
          {e.summary}
        </Text>
        {e.body && (
          <Text size="sm" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-line' }}>
            {e.body}
          </Text>
        )}
      </Stack>
      <Group gap={2} wrap="nowrap">
        {e.kind === 'letter' && (
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`Mark as sent: ${e.summary}`}
            title="Mark as sent (counts as contact)"
            loading={markSent.isPending}
            onClick={() => markSent.mutate(undefined)}
          >
            <IconMailCheck size={16} />
          </ActionIcon>
        )}
        <ActionIcon variant="subtle" color="gray" aria-label={`Edit entry: ${e.summary}`} onClick={() => props.onEdit(e)}>
          <IconEdit size={16} />
        </ActionIcon>
        <ActionIcon variant="subtle" color="red" aria-label={`Delete entry: ${e.summary}`} onClick={() => props.onDelete(e)}>
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
    </Group>
  );
});
