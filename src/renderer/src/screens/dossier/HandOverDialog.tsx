import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { Client } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSave } from '../../queries';

/** Hands the account to a colleague; the handover goes on the timeline with a check-in follow-up. */
export function HandOverDialog(props: { client: Client; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Hand over ${props.client.name}`} size="lg">
      {props.opened && <HandOverForm client={props.client} onClose={props.onClose} />}
    </Modal>
  );
}

function HandOverForm({ client, onClose }: { client: Client; onClose: () => void }) {
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [notes, setNotes] = useState('');
  const [reaction, setReaction] = useState('');
  const save = useSave(
    () => call('clients.handOver', { clientId: client.id, to, reason, notes, clientReaction: reaction }),
    onClose,
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
      }}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {client.owner ? `${client.owner} owns this account now.` : 'Nobody owns this account yet.'} The handover is added
          to the timeline, and a follow-up reminds the new owner to check in with the client two weeks later.
        </Text>
        <TextInput label="New owner" value={to} onChange={(e) => setTo(e.currentTarget.value)} required data-autofocus />
        <Textarea label="Reason" autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
        <Textarea
          label="Handover notes"
          description="What your colleague needs to know: history, sensitivities, what is promised"
          autosize
          minRows={4}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          required
        />
        <Textarea
          label="How the client took it"
          autosize
          minRows={2}
          value={reaction}
          onChange={(e) => setReaction(e.currentTarget.value)}
        />
        <ErrorAlert message={save.error ? messageOf(save.error) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Hand over
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
