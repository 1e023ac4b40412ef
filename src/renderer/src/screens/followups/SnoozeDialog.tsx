import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import type { FollowUp } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { addDaysIso, todayIso } from '../../format';
import { useSave } from '../../queries';

const QUICK = [
  { days: 1, label: 'Tomorrow' },
  { days: 7, label: 'In a week' },
  { days: 30, label: 'In a month' },
];

/** Moves a follow-up to a later day. */
export function SnoozeDialog(props: { followUp: FollowUp | null; onClose: () => void }) {
  return (
    <Modal opened={props.followUp !== null} onClose={props.onClose} title="Snooze follow-up">
      {props.followUp && <SnoozeForm followUp={props.followUp} onClose={props.onClose} />}
    </Modal>
  );
}

function SnoozeForm({ followUp, onClose }: { followUp: FollowUp; onClose: () => void }) {
  const today = todayIso();
  const [until, setUntil] = useState(addDaysIso(today, 7));
  const snooze = useSave((day: string) => call('followUps.snooze', { id: followUp.id, version: followUp.version, until: day }), onClose);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        snooze.mutate(until);
      }}
    >
      <Stack>
        <Text size="sm">{followUp.reason}</Text>
        <Group gap="xs">
          {QUICK.map((q) => (
            <Button key={q.days} size="xs" variant="light" onClick={() => snooze.mutate(addDaysIso(today, q.days))}>
              {q.label}
            </Button>
          ))}
        </Group>
        <TextInput label="Snooze until" type="date" min={addDaysIso(today, 1)} value={until} onChange={(e) => setUntil(e.currentTarget.value)} required />
        <ErrorAlert message={snooze.error ? messageOf(snooze.error) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={snooze.isPending}>
            Snooze
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
