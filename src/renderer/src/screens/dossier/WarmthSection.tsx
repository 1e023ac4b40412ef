import { useId, useState } from 'react';
import { ActionIcon, Badge, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import type { Client, WarmthReading } from '../../../../shared/types';
import { WARMTH_LABELS } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../format';
import { WARMTH_COLORS, warmthText } from '../../labels';
import { useSave } from '../../queries';
import { WarmthChart } from './WarmthChart';

type Level = 1 | 2 | 3 | 4 | 5;

/** How warm the relationship is now, how it got there, and a new reading. */
export function WarmthSection(props: { client: Client; readings: WarmthReading[] }) {
  const [editing, setEditing] = useState<WarmthReading | null>(null);
  const newestFirst = [...props.readings].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <SectionCard
      title="Warmth"
      action={
        <Badge size="lg" variant="light" color={props.client.warmth ? WARMTH_COLORS[props.client.warmth - 1] : 'gray'}>
          Now: {warmthText(props.client.warmth)}
        </Badge>
      }
    >
      {props.readings.length === 0 ? (
        <Text size="sm" c="dimmed">
          No readings yet. Record how the relationship feels after each meaningful conversation.
        </Text>
      ) : (
        <>
          <WarmthChart readings={props.readings} />
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Warmth readings">
            {newestFirst.slice(0, 5).map((r) => (
              <Group component="li" key={r.id} justify="space-between" wrap="nowrap" className="row-divided">
                <Text size="xs">
                  <Text span size="xs" fw={600}>
                    {WARMTH_LABELS[r.value - 1]}
                  </Text>{' '}
                  <Text span size="xs" c="dimmed">
                    {formatDateTime(r.at)}
                  </Text>{' '}
                  “{r.reason}”
                </Text>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Edit reading: ${formatDateTime(r.at)}, ${r.reason}`}
                  onClick={() => setEditing(r)}
                >
                  <IconEdit size={14} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        </>
      )}
      <ReadingForm key="new" clientId={props.client.id} />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit warmth reading">
        {editing && <ReadingForm key={editing.id} clientId={props.client.id} editing={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </SectionCard>
  );
}

/** A new reading (no level chosen until the user picks one; dated now unless backdated), or an edit. */
function ReadingForm(props: { clientId: string; editing?: WarmthReading; onDone?: () => void }) {
  const e0 = props.editing;
  const [value, setValue] = useState<Level | null>(e0?.value ?? null);
  const [reason, setReason] = useState(e0?.reason ?? '');
  const [when, setWhen] = useState(e0 ? toLocalInput(new Date(e0.at)) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const labelId = useId();
  const save = useSave(
    ({ level, at }: { level: Level; at: string | undefined }) =>
      e0 ? call('warmth.update', { id: e0.id, value: level, reason, at }) : call('warmth.record', { clientId: props.clientId, value: level, reason, at }),
    () => {
      setValue(null);
      setReason('');
      setWhen('');
      props.onDone?.();
    },
  );
  return (
    <form
      aria-label={e0 ? 'Edit the warmth reading' : 'Record warmth'}
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        if (!value) return setProblem('Choose how warm the relationship is.');
        const at = when ? fromLocalInput(when) : null;
        if (when && !at) return setProblem('Enter a valid date and time, or leave it empty for now.');
        save.mutate({ level: value, at: at ?? undefined });
      }}
    >
      <Stack gap="xs" pt="xs">
        <Text size="sm" fw={500} id={labelId}>
          {e0 ? 'Warmth' : 'New reading'}
        </Text>
        <SegmentedControl
          aria-labelledby={labelId}
          fullWidth
          size="xs"
          value={value ? String(value) : ''}
          onChange={(v) => setValue(Number(v) as Level)}
          data={WARMTH_LABELS.map((l, i) => ({ value: String(i + 1), label: l }))}
        />
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label="Why"
            placeholder="Warm thanks after the delivery"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
          />
          <TextInput
            label={e0 ? 'When' : 'When (leave empty for now)'}
            type="datetime-local"
            value={when}
            max={toLocalInput(new Date())}
            onChange={(e) => setWhen(e.currentTarget.value)}
          />
        </Group>
        <ErrorAlert message={problem ?? (save.error ? messageOf(save.error) : null)} />
        <Group justify="flex-end">
          {e0 && (
            <Button variant="default" onClick={props.onDone}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            {e0 ? 'Save reading' : 'Record warmth'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
