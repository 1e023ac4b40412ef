import { useState } from 'react';
import { Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import type { FollowUp } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { addDaysIso, todayIso } from '../../format';
import { useSave } from '../../queries';
import { FollowUpList } from '../followups/FollowUpList';

/** This client's open follow-ups, and adding one. */
export function ClientFollowUps(props: { clientId: string; followUps: FollowUp[] }) {
  return (
    <SectionCard title="Follow-ups">
      {props.followUps.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing to follow up with this client.
        </Text>
      ) : (
        <FollowUpList followUps={props.followUps} label="Open follow-ups for this client" showClient={false} />
      )}
      <AddFollowUpForm clientId={props.clientId} />
    </SectionCard>
  );
}

function AddFollowUpForm({ clientId }: { clientId: string }) {
  const [reason, setReason] = useState('');
  const [dueOn, setDueOn] = useState(() => addDaysIso(todayIso(), 7));
  const [repeat, setRepeat] = useState<number | string>('');
  const add = useSave(
    () => call('followUps.create', { clientId, reason, dueOn, repeatDays: repeat === '' ? null : Number(repeat) }),
    () => {
      setReason('');
      setRepeat('');
    },
  );
  return (
    <form
      aria-label="Add a follow-up"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(undefined);
      }}
    >
      <Stack gap="xs" pt="xs">
        <TextInput
          label="Follow up about"
          placeholder="Ask how Tyrone's operation went"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
        />
        <Group grow gap="xs" align="flex-end">
          <TextInput label="Due" type="date" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} required />
          <NumberInput label="Repeat every (days)" placeholder="No repeat" min={1} max={3650} allowDecimal={false} value={repeat} onChange={setRepeat} />
        </Group>
        <ErrorAlert message={add.error ? messageOf(add.error) : null} />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={add.isPending}>
            Add follow-up
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
