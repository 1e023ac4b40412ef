import { useId, useState } from 'react';
import { Badge, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { Client, WarmthReading } from '../../../../shared/types';
import { WARMTH_LABELS } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { formatDay } from '../../format';
import { WARMTH_COLORS, warmthText } from '../../labels';
import { useSave } from '../../queries';
import { WarmthChart } from './WarmthChart';

type Level = 1 | 2 | 3 | 4 | 5;

/** How warm the relationship is now, how it got there, and a new reading. */
export function WarmthSection(props: { client: Client; readings: WarmthReading[] }) {
  const latest = [...props.readings].sort((a, b) => b.at.localeCompare(a.at))[0];
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
          {latest && (
            <Text size="xs" c="dimmed">
              Last reading {formatDay(latest.at)}: “{latest.reason}”
            </Text>
          )}
        </>
      )}
      <RecordWarmthForm clientId={props.client.id} />
    </SectionCard>
  );
}

function RecordWarmthForm({ clientId }: { clientId: string }) {
  const [value, setValue] = useState<Level>(3);
  const [reason, setReason] = useState('');
  const labelId = useId();
  const record = useSave(() => call('warmth.record', { clientId, value, reason }), () => setReason(''));
  return (
    <form
      aria-label="Record warmth"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate(undefined);
      }}
    >
      <Stack gap="xs" pt="xs">
        <Text size="sm" fw={500} id={labelId}>
          New reading
        </Text>
        <SegmentedControl
          aria-labelledby={labelId}
          fullWidth
          size="xs"
          value={String(value)}
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
          <Button type="submit" loading={record.isPending}>
            Record warmth
          </Button>
        </Group>
        <ErrorAlert message={record.error ? messageOf(record.error) : null} />
      </Stack>
    </form>
  );
}
