import { useState } from 'react';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import type { Client, Handover } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { formatDay } from '../../format';
import { useSave } from '../../queries';
import { HandOverDialog } from './HandOverDialog';

/** Who owns the account, every handover so far, and handing it on. */
export function OwnershipSection(props: { client: Client; handovers: Handover[] }) {
  const [handing, setHanding] = useState(false);
  const c = props.client;
  return (
    <SectionCard
      title="Ownership"
      action={
        <Button size="xs" variant="light" leftSection={<IconArrowsExchange size={14} />} onClick={() => setHanding(true)}>
          Hand over…
        </Button>
      }
    >
      {c.owner ? (
        <Text size="sm">
          Owned by <b>{c.owner}</b>
        </Text>
      ) : (
        <AssignOwner client={c} />
      )}
      {props.handovers.length > 0 && (
        <Stack gap="xs" component="ol" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Past handovers">
          {props.handovers.map((h) => (
            <Stack component="li" key={h.id} gap={2} className="row-divided">
              <Text size="sm">
                <b>{formatDay(h.at)}</b>: {h.from || 'nobody'} → {h.to}
              </Text>
              <Text size="xs" c="dimmed">
                Reason: {h.reason}
              </Text>
              {h.clientReaction && (
                <Text size="xs" c="dimmed">
                  How the client took it: {h.clientReaction}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      )}
      <HandOverDialog client={c} opened={handing} onClose={() => setHanding(false)} />
    </SectionCard>
  );
}

/** A client without an owner gets one directly; later changes are handovers. */
function AssignOwner({ client }: { client: Client }) {
  const [owner, setOwner] = useState('');
  const save = useSave(() => call('clients.update', { id: client.id, version: client.version, owner }));
  return (
    <form
      aria-label="Assign an owner"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
      }}
    >
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput style={{ flex: 1 }} label="Owner" description="Nobody owns this account yet" value={owner} onChange={(e) => setOwner(e.currentTarget.value)} required />
          <Button type="submit" variant="default" loading={save.isPending}>
            Assign
          </Button>
        </Group>
        <ErrorAlert message={save.error ? messageOf(save.error) : null} />
      </Stack>
    </form>
  );
}
