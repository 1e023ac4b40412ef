import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Anchor, Badge, ColorSwatch, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import type { ClientSummary } from '../../../../shared/types';
import { ago, formatDay } from '../../format';
import { KIND_LABELS, STAGE_LABELS, WARMTH_COLORS, warmthText } from '../../labels';
import type { SortKey } from './sortClients';

/** The columns, with fixed widths so that rows coming into view never shift them. */
const COLUMNS: { key: SortKey | null; label: string; width: string }[] = [
  { key: 'name', label: 'Name', width: '28%' },
  { key: 'stage', label: 'Stage', width: '14%' },
  { key: null, label: 'Owner', width: '12%' },
  { key: 'warmth', label: 'Warmth', width: '12%' },
  { key: 'revenueShare', label: 'Revenue share', width: '11%' },
  { key: 'lastContact', label: 'Last contact', width: '14%' },
  { key: null, label: 'Contacts', width: '9%' },
];

/** Estimated row height before a row is measured (name, and its kind, industry and tags beneath). */
const ROW_ESTIMATE = 62;

/**
 * The clients, one row each; the name opens the dossier and the headers sort. Only the rows in view
 * (and a few beyond) are in the page, between two spacer rows that keep the scroll height, so a
 * list of thousands scrolls smoothly. The column headers stay at the top of the scrolling box, and
 * aria-rowcount and aria-rowindex tell assistive technology where each row is in the whole list.
 */
export function ClientTable(props: {
  clients: ClientSummary[];
  sort: SortKey;
  dir: 1 | -1;
  onSort: (k: SortKey) => void;
  onOpen: (id: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { clients } = props;
  const virtualizer = useVirtualizer({
    count: clients.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 8,
    getItemKey: (i) => clients[i].id,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length > 0 ? items[0].start : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  return (
    <div ref={scrollRef} className="client-scroll" data-testid="client-scroll">
      <Table striped={false} highlightOnHover aria-label="Clients" aria-rowcount={clients.length + 1} verticalSpacing="sm" className="client-table">
        <colgroup>
          {COLUMNS.map((col) => (
            <col key={col.label} style={{ width: col.width }} />
          ))}
        </colgroup>
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            {COLUMNS.map((col) => {
              const sorted = col.key !== null && props.sort === col.key;
              return (
                <Table.Th key={col.label} aria-sort={sorted ? (props.dir === 1 ? 'ascending' : 'descending') : undefined}>
                  {col.key ? (
                    <UnstyledButton onClick={() => props.onSort(col.key!)} fw={700} fz="sm">
                      <Group gap={4} wrap="nowrap">
                        {col.label}
                        {sorted && (props.dir === 1 ? <IconArrowUp size={14} aria-hidden /> : <IconArrowDown size={14} aria-hidden />)}
                      </Group>
                    </UnstyledButton>
                  ) : (
                    col.label
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {padTop > 0 && (
            <tr aria-hidden="true" className="client-spacer">
              <td colSpan={COLUMNS.length} style={{ height: padTop }} />
            </tr>
          )}
          {items.map((v) => (
            <ClientRow key={v.key} client={clients[v.index]} index={v.index} measure={virtualizer.measureElement} onOpen={props.onOpen} />
          ))}
          {padBottom > 0 && (
            <tr aria-hidden="true" className="client-spacer">
              <td colSpan={COLUMNS.length} style={{ height: padBottom }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}

const ClientRow = memo(function ClientRow(props: {
  client: ClientSummary;
  index: number;
  measure: (el: Element | null) => void;
  onOpen: (id: string) => void;
}) {
  const c = props.client;
  return (
    <Table.Tr ref={props.measure} data-index={props.index} aria-rowindex={props.index + 2} className={props.index % 2 ? 'client-row-odd' : undefined}>
      <Table.Td>
        <Anchor component="button" type="button" fw={600} c="brand.9" ta="left" onClick={() => props.onOpen(c.id)}>
          {c.name}
        </Anchor>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {KIND_LABELS[c.kind]}
          {c.industry ? ` · ${c.industry}` : ''}
          {c.tags.length > 0 ? ` · ${c.tags.join(', ')}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" tt="none" className="nowrap-badge">
          {STAGE_LABELS[c.stage]}
        </Badge>
      </Table.Td>
      <Table.Td>{c.owner || '—'}</Table.Td>
      <Table.Td>
        {c.warmth ? (
          <Group gap={6} wrap="nowrap">
            <ColorSwatch size={10} color={`var(--mantine-color-${WARMTH_COLORS[c.warmth - 1]}-6)`} withShadow={false} aria-hidden />
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
              {warmthText(c.warmth)}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>{c.revenueShare === null ? '—' : `${c.revenueShare}%`}</Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDay(c.lastContactAt)}
        </Text>
        {c.lastContactAt && (
          <Text size="xs" c="dimmed">
            {ago(c.lastContactAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{c.contactCount}</Table.Td>
    </Table.Tr>
  );
});
