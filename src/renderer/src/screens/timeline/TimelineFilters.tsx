import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import type { Contact, EntryKind } from '../../../../shared/types';
import { ENTRY_KIND_OPTIONS } from '../../labels';

export interface TimelineFilter {
  clientId: string | null;
  kinds: EntryKind[];
  contactId: string | null;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
}

export const EMPTY_FILTER: TimelineFilter = { clientId: null, kinds: [], contactId: null, from: '', to: '' };

/** Kind, client (global timeline), contact and date range. */
export function TimelineFilters(props: {
  filter: TimelineFilter;
  onChange: (f: TimelineFilter) => void;
  /** Offered on the global timeline; omitted inside a dossier. */
  clients?: { value: string; label: string }[];
  contacts: Contact[];
}) {
  const f = props.filter;
  const set = (patch: Partial<TimelineFilter>) => props.onChange({ ...f, ...patch });
  const active = f.kinds.length > 0 || f.contactId || f.from || f.to || (props.clients && f.clientId);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      {props.clients && (
        <Select
          label="Client"
          placeholder="All clients"
          w={200}
          clearable
          searchable
          data={props.clients}
          value={f.clientId}
          onChange={(v) => set({ clientId: v, contactId: null })}
        />
      )}
      <MultiSelect
        label="Kinds"
        placeholder={f.kinds.length ? undefined : 'All kinds'}
        miw={200}
        maw={360}
        clearable
        data={ENTRY_KIND_OPTIONS}
        value={f.kinds}
        onChange={(v) => set({ kinds: v as EntryKind[] })}
      />
      {(!props.clients || f.clientId) && (
        <Select
          label="Contact"
          placeholder="Anyone"
          w={180}
          clearable
          disabled={props.contacts.length === 0}
          data={props.contacts.map((c) => ({ value: c.id, label: c.name }))}
          value={f.contactId}
          onChange={(v) => set({ contactId: v })}
        />
      )}
      <TextInput label="From" type="date" w={150} value={f.from} max={f.to || undefined} onChange={(e) => set({ from: e.currentTarget.value })} />
      <TextInput label="To" type="date" w={150} value={f.to} min={f.from || undefined} onChange={(e) => set({ to: e.currentTarget.value })} />
      {active && (
        <Button variant="subtle" onClick={() => props.onChange({ ...EMPTY_FILTER, clientId: props.clients ? null : f.clientId })}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
