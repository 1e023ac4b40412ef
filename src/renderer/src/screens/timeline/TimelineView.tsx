import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Group, Loader, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Contact, TimelineEntry } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useNotice } from '../../components/Notices';
import { plural } from '../../format';
import { useNav } from '../../nav';
import { invalidateData, keys } from '../../queries';
import { EditEntryDialog } from './EditEntryDialog';
import { EntryRow } from './EntryRow';
import { EMPTY_FILTER, TimelineFilters, type TimelineFilter } from './TimelineFilters';

/** The query timeline.query answers for a filter (dates are whole local days). */
function toQuery(clientId: string | null, f: TimelineFilter) {
  return {
    ...(clientId ? { clientId } : {}),
    ...(f.kinds.length ? { kinds: f.kinds } : {}),
    ...(f.contactId ? { contactId: f.contactId } : {}),
    ...(f.from ? { from: new Date(`${f.from}T00:00:00`).toISOString() } : {}),
    ...(f.to ? { to: new Date(`${f.to}T23:59:59.999`).toISOString() } : {}),
  };
}

/** Entries fetched at a time; the next page loads as the list scrolls near its end. */
const PAGE = 200;

/**
 * A timeline, newest first, with its filters. Only the rows in view are rendered, and only the
 * pages scrolled to are fetched, so thousands of entries open and scroll quickly. Inside a dossier
 * it is one client's; otherwise every client's.
 */
export function TimelineView(props: { clientId?: string; contacts?: Contact[]; height: number | string }) {
  const nav = useNav();
  const notice = useNotice();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<TimelineFilter>(EMPTY_FILTER);
  const [editing, setEditing] = useState<TimelineEntry | null>(null);
  const global = !props.clientId;
  const clientId = props.clientId ?? filter.clientId;
  const query = toQuery(clientId, filter);

  const entries = useInfiniteQuery({
    queryKey: keys.timeline(query),
    queryFn: ({ pageParam }) => call('timeline.query', { ...query, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const clients = useQuery({ queryKey: keys.clients, queryFn: () => call('clients.list', {}), enabled: global });
  const chosenContacts = useQuery({
    queryKey: keys.contacts(filter.clientId ?? ''),
    queryFn: () => call('contacts.list', { clientId: filter.clientId! }),
    enabled: global && !!filter.clientId,
  });
  const contacts = useMemo(() => props.contacts ?? chosenContacts.data ?? [], [props.contacts, chosenContacts.data]);
  const contactNames = useMemo(() => new Map(contacts.map((c) => [c.id, c.name])), [contacts]);
  const clientNames = useMemo(() => new Map(clients.data?.map((c) => [c.id, c.name])), [clients.data]);

  const onDelete = useCallback(
    async (e: TimelineEntry) => {
      try {
        const { undoToken, label } = await call('timeline.delete', { id: e.id });
        await invalidateData(queryClient);
        notice({
          message: label,
          undo: async () => {
            try {
              await call('undo.apply', { token: undoToken });
              await invalidateData(queryClient);
              notice({ message: `Restored “${e.summary}”` });
            } catch (err) {
              notice({ message: `Could not undo: ${messageOf(err)}` });
            }
          },
        });
      } catch (err) {
        notice({ message: `Not deleted: ${messageOf(err)}` });
      }
    },
    [notice, queryClient],
  );

  const list = useMemo(() => entries.data?.pages.flatMap((p) => p.entries) ?? [], [entries.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = entries;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const filtered = Object.keys(query).length > (props.clientId ? 1 : 0);
  return (
    <Stack gap="sm">
      <TimelineFilters
        filter={filter}
        onChange={setFilter}
        clients={global ? clients.data?.map((c) => ({ value: c.id, label: c.name })) ?? [] : undefined}
        contacts={contacts}
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed" aria-live="polite">
          {entries.data
            ? `${hasNextPage ? 'The newest ' : ''}${plural(list.length, 'entry', 'entries')}${filtered ? ' matching the filters' : ''}, newest first${hasNextPage ? '; more load as you scroll' : ''}`
            : ' '}
        </Text>
        {entries.isFetching && <Loader size="xs" aria-label="Loading the timeline" />}
      </Group>
      <ErrorAlert message={entries.error ? messageOf(entries.error) : null} />
      {entries.data && list.length === 0 ? (
        <Text size="sm" c="dimmed" py="md" ta="center">
          {filtered ? 'No entries match these filters.' : 'Nothing on the timeline yet. Log a meeting, a call or a note to start it.'}
        </Text>
      ) : (
        <VirtualEntries
          entries={list}
          complete={!hasNextPage}
          onNearEnd={loadMore}
          height={props.height}
          label={global ? 'Timeline' : 'Client timeline'}
          render={(e) => (
            <EntryRow
              entry={e}
              clientName={global ? clientNames.get(e.clientId) ?? '' : undefined}
              contactNames={props.contacts ? contactNames : undefined}
              onOpenClient={global ? nav.openClient : undefined}
              onEdit={setEditing}
              onDelete={onDelete}
            />
          )}
        />
      )}
      <EditEntryDialog entry={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}

function VirtualEntries(props: {
  entries: TimelineEntry[];
  /** Whether every entry is loaded (else the list's size is unknown, and the next page is asked for near the end). */
  complete: boolean;
  onNearEnd: () => void;
  height: number | string;
  label: string;
  render: (e: TimelineEntry) => ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { entries } = props;
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 84,
    overscan: 6,
    getItemKey: (i) => entries[i].id,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  const { onNearEnd, complete } = props;
  useEffect(() => {
    if (!complete && lastShown >= entries.length - 20) onNearEnd();
  }, [complete, lastShown, entries.length, onNearEnd]);
  return (
    <div ref={scrollRef} className="timeline-scroll" style={{ height: `min(${virtualizer.getTotalSize() + 2}px, ${cssSize(props.height)})` }}>
      <div role="list" aria-label={props.label} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => (
          <div
            key={v.key}
            role="listitem"
            aria-setsize={props.complete ? entries.length : -1}
            aria-posinset={v.index + 1}
            data-index={v.index}
            ref={virtualizer.measureElement}
            style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start}px)` }}
          >
            {props.render(entries[v.index])}
          </div>
        ))}
      </div>
    </div>
  );
}

const cssSize = (h: number | string) => (typeof h === 'number' ? `${h}px` : h);
