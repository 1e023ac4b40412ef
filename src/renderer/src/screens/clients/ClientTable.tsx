import { Anchor, Badge, ColorSwatch, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import type { ClientSummary } from '../../../../shared/types';
import { ago, formatDay } from '../../format';
import { KIND_LABELS, STAGE_LABELS, WARMTH_COLORS, warmthText } from '../../labels';
import type { SortKey } from './sortClients';

const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'stage', label: 'Stage' },
  { key: null, label: 'Owner' },
  { key: 'warmth', label: 'Warmth' },
  { key: 'revenueShare', label: 'Revenue share' },
  { key: 'lastContact', label: 'Last contact' },
  { key: null, label: 'Contacts' },
];

/** The clients, one row each; the name opens the dossier and the headers sort. */
export function ClientTable(props: {
  clients: ClientSummary[];
  sort: SortKey;
  dir: 1 | -1;
  onSort: (k: SortKey) => void;
  onOpen: (id: string) => void;
}) {
  return (
    <Table striped highlightOnHover aria-label="Clients" verticalSpacing="sm">
      <Table.Thead>
        <Table.Tr>
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
        {props.clients.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Anchor component="button" type="button" fw={600} c="brand.9" ta="left" onClick={() => props.onOpen(c.id)}>
                {c.name}
              </Anchor>
              <Text size="xs" c="dimmed">
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
        ))}
      </Table.Tbody>
    </Table>
  );
}
