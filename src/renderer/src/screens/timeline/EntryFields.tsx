import { Group, MultiSelect, Select, TextInput, Textarea } from '@mantine/core';
import type { Contact, EntryKind } from '../../../../shared/types';
import { ENTRY_KIND_OPTIONS } from '../../labels';

export interface EntryDraft {
  kind: EntryKind;
  /** datetime-local value */
  when: string;
  summary: string;
  body: string;
  contactIds: string[];
}

/** The fields of a timeline entry, shared by "Log interaction" and "Edit entry". */
export function EntryFields(props: { draft: EntryDraft; onChange: (d: EntryDraft) => void; contacts: Contact[]; contactsHint?: string }) {
  const d = props.draft;
  const set = (patch: Partial<EntryDraft>) => props.onChange({ ...d, ...patch });
  return (
    <>
      <Group grow gap="sm" align="flex-start">
        <Select label="Kind" data={ENTRY_KIND_OPTIONS} value={d.kind} allowDeselect={false} onChange={(v) => v && set({ kind: v as EntryKind })} />
        <TextInput label="Date and time" type="datetime-local" value={d.when} onChange={(e) => set({ when: e.currentTarget.value })} required />
      </Group>
      <TextInput label="Summary" placeholder="Quarterly catch-up over lunch" value={d.summary} onChange={(e) => set({ summary: e.currentTarget.value })} required />
      <Textarea label="Details" autosize minRows={3} maxRows={10} value={d.body} onChange={(e) => set({ body: e.currentTarget.value })} />
      <MultiSelect
        label="Contacts involved"
        placeholder={props.contacts.length ? 'Choose contacts' : undefined}
        description={props.contactsHint}
        data={props.contacts.map((c) => ({ value: c.id, label: c.name }))}
        value={d.contactIds}
        onChange={(v) => set({ contactIds: v })}
        disabled={props.contacts.length === 0}
        searchable
        clearable
      />
    </>
  );
}
