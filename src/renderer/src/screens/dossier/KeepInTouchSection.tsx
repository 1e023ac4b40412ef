import { useState } from 'react';
import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import type { Client } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { ago, plural } from '../../format';
import { useSave } from '../../queries';

/** How often to be in touch; past it, the client shows under "Going cold". */
export function KeepInTouchSection({ client }: { client: Client }) {
  const [days, setDays] = useState<number | string>(client.cadenceDays ?? '');
  const save = useSave((cadenceDays: number | null) => call('clients.update', { id: client.id, version: client.version, cadenceDays }));
  const changed = (days === '' ? null : Number(days)) !== client.cadenceDays;
  return (
    <SectionCard title="Keep in touch">
      <Text size="sm">
        {client.cadenceDays ? `Every ${plural(client.cadenceDays, 'day')}.` : 'No cadence set.'} Last contact {ago(client.lastContactAt)}.
      </Text>
      <form
        aria-label="Keep-in-touch cadence"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(days === '' ? null : Number(days));
        }}
      >
        <Stack gap="xs">
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <NumberInput
              style={{ flex: 1 }}
              label="Cadence (days)"
              description="Leave empty for no cadence"
              min={1}
              max={3650}
              allowDecimal={false}
              value={days}
              onChange={setDays}
            />
            <Button type="submit" variant="default" disabled={!changed} loading={save.isPending}>
              Save cadence
            </Button>
          </Group>
          <ErrorAlert message={save.error ? messageOf(save.error) : null} />
        </Stack>
      </form>
    </SectionCard>
  );
}
