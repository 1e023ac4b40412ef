import type { RefObject } from 'react';
import { Button, CloseButton, Group, Kbd, Select, TextInput } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import type { ClientSummary } from '../../../../shared/types';
import { WARMTH_LABELS } from '../../../../shared/types';
import { STAGE_OPTIONS } from '../../labels';
import { NO_FILTER, type ClientFilter, type SortKey } from './sortClients';

const SORT_OPTIONS: { value: SortKey; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'lastContact', label: 'Last contact' },
  { value: 'warmth', label: 'Warmth' },
  { value: 'revenueShare', label: 'Revenue share' },
  { value: 'stage', label: 'Stage' },
];

const WARMTH_OPTIONS = [
  ...WARMTH_LABELS.map((l, i) => ({ value: String(i + 1), label: `${l} (${i + 1})` })),
  { value: 'none', label: 'No reading' },
];

/** Sort order and the filters above the client list; owners and tags come from the clients. */
export function ClientFilters(props: {
  clients: ClientSummary[];
  sort: SortKey;
  onSort: (k: SortKey) => void;
  filter: ClientFilter;
  onFilter: (f: ClientFilter) => void;
  /** The text filter's input, focused by / and Ctrl+F. */
  textRef?: RefObject<HTMLInputElement | null>;
}) {
  const { filter, onFilter } = props;
  const owners = [...new Set(props.clients.map((c) => c.owner).filter(Boolean))].sort();
  if (props.clients.some((c) => !c.owner)) owners.push('—');
  const tags = [...new Set(props.clients.flatMap((c) => c.tags))].sort();
  const active = Object.values(filter).some((v) => v !== null);
  const set = (patch: Partial<ClientFilter>) => onFilter({ ...filter, ...patch });

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        ref={props.textRef}
        label="Filter clients"
        description="Name, industry, owner or tag"
        placeholder="Type to filter"
        w={240}
        leftSection={<IconFilter size={16} aria-hidden />}
        rightSection={
          filter.text ? (
            <CloseButton size="sm" aria-label="Clear the text filter" onClick={() => set({ text: null })} />
          ) : (
            <Kbd size="xs" aria-hidden>
              /
            </Kbd>
          )
        }
        value={filter.text ?? ''}
        onChange={(e) => set({ text: e.currentTarget.value || null })}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && filter.text) {
            e.preventDefault();
            set({ text: null });
          }
        }}
      />
      <Select label="Sort by" w={160} value={props.sort} data={SORT_OPTIONS} allowDeselect={false} onChange={(v) => v && props.onSort(v as SortKey)} />
      <Select label="Stage" w={170} placeholder="Any stage" clearable value={filter.stage} data={STAGE_OPTIONS} onChange={(v) => set({ stage: v })} />
      <Select
        label="Owner"
        w={170}
        placeholder="Anyone"
        clearable
        searchable
        value={filter.owner}
        data={owners.map((o) => ({ value: o, label: o === '—' ? 'No owner' : o }))}
        onChange={(v) => set({ owner: v })}
      />
      <Select label="Tag" w={150} placeholder="Any tag" clearable searchable value={filter.tag} data={tags} onChange={(v) => set({ tag: v })} />
      <Select label="Warmth" w={160} placeholder="Any warmth" clearable value={filter.warmth} data={WARMTH_OPTIONS} onChange={(v) => set({ warmth: v })} />
      {active && (
        <Button variant="subtle" onClick={() => onFilter(NO_FILTER)}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
