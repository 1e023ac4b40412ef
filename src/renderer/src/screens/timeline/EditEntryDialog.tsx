import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Group, Modal, Stack } from '@mantine/core';
import type { TimelineEntry } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fromLocalInput, toLocalInput } from '../../format';
import { keys, useSave } from '../../queries';
import { EntryFields, type EntryDraft } from './EntryFields';

export function EditEntryDialog(props: { entry: TimelineEntry | null; onClose: () => void }) {
  return (
    <Modal opened={props.entry !== null} onClose={props.onClose} title="Edit timeline entry" size="lg">
      {props.entry && <EditEntryForm entry={props.entry} onClose={props.onClose} />}
    </Modal>
  );
}

function EditEntryForm({ entry, onClose }: { entry: TimelineEntry; onClose: () => void }) {
  const contacts = useQuery({ queryKey: keys.contacts(entry.clientId), queryFn: () => call('contacts.list', { clientId: entry.clientId }) });
  const [draft, setDraft] = useState<EntryDraft>({
    kind: entry.kind,
    when: toLocalInput(new Date(entry.occurredAt)),
    summary: entry.summary,
    body: entry.body,
    contactIds: entry.contactIds,
  });
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useSave((occurredAt: string) => {
    const known = new Set(contacts.data?.map((c) => c.id));
    return call('timeline.update', {
      id: entry.id,
      version: entry.version,
      kind: draft.kind,
      occurredAt,
      summary: draft.summary,
      body: draft.body,
      // Links to contacts deleted since are dropped rather than refused.
      contactIds: contacts.data ? draft.contactIds.filter((id) => known.has(id)) : draft.contactIds,
    });
  }, onClose);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const at = fromLocalInput(draft.when);
        setInvalid(at ? null : 'Enter the date and time it happened.');
        if (at) save.mutate(at);
      }}
    >
      <Stack>
        <EntryFields draft={draft} onChange={setDraft} contacts={contacts.data ?? []} />
        <ErrorAlert message={invalid ?? (save.error ? messageOf(save.error) : null)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save entry
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
