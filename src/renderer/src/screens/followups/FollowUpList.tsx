import { useState } from 'react';
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconClockPause, IconX } from '@tabler/icons-react';
import type { FollowUp } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { daysFromTo, formatDay, inDays, plural, todayIso } from '../../format';
import { useNav } from '../../nav';
import { useSave } from '../../queries';
import { SnoozeDialog } from './SnoozeDialog';

/** Follow-ups with their reasons and due dates, each with done, snooze and drop. */
export function FollowUpList(props: { followUps: FollowUp[]; label: string; showClient?: boolean }) {
  const [snoozing, setSnoozing] = useState<FollowUp | null>(null);
  const [dropping, setDropping] = useState<FollowUp | null>(null);
  const complete = useSave((f: FollowUp) => call('followUps.complete', { id: f.id, version: f.version }));
  const drop = useSave((f: FollowUp) => call('followUps.drop', { id: f.id, version: f.version }));
  const today = todayIso();

  return (
    <Stack gap="xs">
      <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={props.label}>
        {props.followUps.map((f) => (
          <FollowUpRow
            key={f.id}
            followUp={f}
            today={today}
            showClient={props.showClient ?? true}
            busy={complete.isPending && complete.variables?.id === f.id}
            onDone={() => complete.mutate(f)}
            onSnooze={() => setSnoozing(f)}
            onDrop={() => setDropping(f)}
          />
        ))}
      </Stack>
      <ErrorAlert message={complete.error ? messageOf(complete.error) : null} />
      <SnoozeDialog followUp={snoozing} onClose={() => setSnoozing(null)} />
      <ConfirmDialog
        opened={dropping !== null}
        title="Drop follow-up"
        confirmLabel="Drop follow-up"
        onClose={() => setDropping(null)}
        onConfirm={() => drop.mutateAsync(dropping!)}
      >
        Drop “{dropping?.reason}”? It will no longer remind you{dropping?.repeatDays ? ', and it will not repeat' : ''}.
      </ConfirmDialog>
    </Stack>
  );
}

function FollowUpRow(props: {
  followUp: FollowUp;
  today: string;
  showClient: boolean;
  busy: boolean;
  onDone: () => void;
  onSnooze: () => void;
  onDrop: () => void;
}) {
  const nav = useNav();
  const f = props.followUp;
  const late = daysFromTo(f.dueOn, props.today);
  return (
    <Group component="li" justify="space-between" wrap="nowrap" align="flex-start" className={`row-divided${late > 0 ? ' overdue' : ''}`}>
      <Stack gap={2}>
        <Text size="sm" fw={500}>
          {f.reason}
        </Text>
        <Group gap="xs">
          {props.showClient && (
            <Anchor component="button" type="button" size="xs" fw={600} ta="left" onClick={() => nav.openClient(f.clientId)}>
              {f.clientName}
            </Anchor>
          )}
          <Text size="xs" c="dimmed">
            Due {formatDay(f.dueOn)} ({inDays(f.dueOn, props.today)})
            {f.repeatDays ? ` · repeats every ${plural(f.repeatDays, 'day')}` : ''}
            {f.snoozedFrom ? ` · snoozed from ${formatDay(f.snoozedFrom)}` : ''}
          </Text>
          {late > 0 && (
            <Badge color="red" variant="filled" size="sm" className="nowrap-badge">
              {plural(late, 'day')} overdue
            </Badge>
          )}
        </Group>
      </Stack>
      <Group gap={4} wrap="nowrap">
        <Button size="compact-xs" variant="light" leftSection={<IconCheck size={12} />} loading={props.busy} onClick={props.onDone} aria-label={`Done: ${f.reason}`}>
          Done
        </Button>
        <Button size="compact-xs" variant="default" leftSection={<IconClockPause size={12} />} onClick={props.onSnooze} aria-label={`Snooze: ${f.reason}`}>
          Snooze
        </Button>
        <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconX size={12} />} onClick={props.onDrop} aria-label={`Drop: ${f.reason}`}>
          Drop
        </Button>
      </Group>
    </Group>
  );
}
