import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Group, Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import type { ClientSummary } from '../../../../shared/types';
import { ago, formatDay } from '../../format';
import { KIND_LABELS, STAGE_LABELS, WARMTH_COLORS, warmthText } from '../../labels';
import type { SortKey } from './sortClients';

/** The columns, with fixed widths so that rows coming into view never shift them. */
const COLUMNS: { key: SortKey | null; label: string; width: string }[] = [
  { key: 'name', label: 'Name', width: '25%' },
  { key: 'stage', label: 'Stage', width: '13%' },
  { key: null, label: 'Owner', width: '13%' },
  { key: 'warmth', label: 'Warmth', width: '15%' },
  { key: 'revenueShare', label: 'Revenue share', width: '10%' },
  { key: 'lastContact', label: 'Last contact', width: '15%' },
  { key: null, label: 'Contacts', width: '9%' },
];

/** Every row's height in pixels (name, and its kind, industry and tags beneath); .client-row in app.css. */
const ROW_HEIGHT = 60;

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
    estimateSize: () => ROW_HEIGHT,
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
            <ClientRow key={v.key} client={clients[v.index]} index={v.index} onOpen={props.onOpen} />
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

/**
 * One client. Plain elements with classes rather than Mantine components, and a fixed height, so a
 * row coming into view costs little: scrolling renders a few of them every frame.
 */
const ClientRow = memo(function ClientRow(props: { client: ClientSummary; index: number; onOpen: (id: string) => void }) {
  const c = props.client;
  const sub = `${KIND_LABELS[c.kind]}${c.industry ? ` · ${c.industry}` : ''}${c.tags.length > 0 ? ` · ${c.tags.join(', ')}` : ''}`;
  return (
    <tr aria-rowindex={props.index + 2} className={props.index % 2 ? 'client-row client-row-odd' : 'client-row'}>
      <td>
        <button type="button" className="client-name" onClick={() => props.onOpen(c.id)}>
          {c.name}
        </button>
        <div className="client-sub">{sub}</div>
      </td>
      <td>
        <span className="client-stage">{STAGE_LABELS[c.stage]}</span>
      </td>
      <td className="client-cell" title={c.owner || undefined}>
        {c.owner || '—'}
      </td>
      <td className="client-cell">
        {c.warmth ? (
          <span className="client-warmth">
            <span className="client-swatch" style={{ background: `var(--mantine-color-${WARMTH_COLORS[c.warmth - 1]}-6)` }} aria-hidden />
            {warmthText(c.warmth)}
          </span>
        ) : (
          <span className="client-dim">—</span>
        )}
      </td>
      <td className="client-cell">{c.revenueShare === null ? '—' : `${c.revenueShare}%`}</td>
      <td className="client-cell">
        <div>{formatDay(c.lastContactAt)}</div>
        {c.lastContactAt && <div className="client-sub">{ago(c.lastContactAt)}</div>}
      </td>
      <td className="client-cell">{c.contactCount}</td>
    </tr>
  );
});
