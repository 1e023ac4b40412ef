import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useNotice } from '../../components/Notices';
import { addDaysIso, fromLocalInput, toLocalInput, todayIso } from '../../format';
import { ENTRY_KIND_LABELS } from '../../labels';
import { keys, useSave } from '../../queries';
import { EntryFields, type EntryDraft } from './EntryFields';

/** "Log interaction": a timeline entry for any client, from anywhere, with an optional follow-up. */
export function LogInteractionDialog(props: { opened: boolean; clientId: string | null; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Log interaction" size="lg">
      {props.opened && <LogForm initialClientId={props.clientId} onClose={props.onClose} />}
    </Modal>
  );
}

function LogForm({ initialClientId, onClose }: { initialClientId: string | null; onClose: () => void }) {
  const notice = useNotice();
  const [clientId, setClientId] = useState<string | null>(initialClientId);
  const [draft, setDraft] = useState<EntryDraft>({ kind: 'meeting', when: toLocalInput(new Date()), summary: '', body: '', contactIds: [] });
  const [withFollowUp, setWithFollowUp] = useState(false);
  const [reason, setReason] = useState('');
  const [dueOn, setDueOn] = useState(() => addDaysIso(todayIso(), 7));
  const [invalid, setInvalid] = useState<string | null>(null);
  const clients = useQuery({ queryKey: keys.clients, queryFn: () => call('clients.list', {}) });
  const contacts = useQuery({
    queryKey: keys.contacts(clientId ?? ''),
    queryFn: () => call('contacts.list', { clientId: clientId! }),
    enabled: !!clientId,
  });
  const save = useSave(
    (input: { clientId: string; occurredAt: string }) =>
      call('timeline.add', {
        ...input,
        kind: draft.kind,
        summary: draft.summary,
        body: draft.body,
        contactIds: draft.contactIds,
        ...(withFollowUp ? { followUp: { reason, dueOn } } : {}),
      }),
    (entry) => {
      const name = clients.data?.find((c) => c.id === entry.clientId)?.name ?? 'the client';
      notice({ message: `${ENTRY_KIND_LABELS[entry.kind]} with ${name} added to the timeline${withFollowUp ? ', with a follow-up' : ''}.` });
      onClose();
    },
  );

  const submit = () => {
    const occurredAt = fromLocalInput(draft.when);
    const problem = !clientId ? 'Choose the client.' : !occurredAt ? 'Enter the date and time it happened.' : null;
    setInvalid(problem);
    if (!problem) save.mutate({ clientId: clientId!, occurredAt: occurredAt! });
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack>
        <Select
          label="Client"
          placeholder="Type to find a client"
          searchable
          required
          data-autofocus={initialClientId ? undefined : true}
          nothingFoundMessage="No client by that name"
          data={clients.data?.map((c) => ({ value: c.id, label: c.name })) ?? []}
          value={clientId}
          onChange={(v) => {
            setClientId(v);
            setDraft((d) => ({ ...d, contactIds: [] }));
          }}
        />
        <EntryFields
          draft={draft}
          onChange={setDraft}
          contacts={contacts.data ?? []}
          contactsHint={clientId && contacts.data?.length === 0 ? 'This client has no contacts yet.' : undefined}
        />
        <Checkbox label="Add a follow-up" checked={withFollowUp} onChange={(e) => setWithFollowUp(e.currentTarget.checked)} />
        {withFollowUp && (
          <Group grow gap="sm" align="flex-start">
            <TextInput label="Follow-up reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
            <TextInput label="Follow-up due" type="date" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} required />
          </Group>
        )}
        <ErrorAlert message={invalid ?? (save.error ? messageOf(save.error) : null)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Log interaction
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
