import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Loader, Modal, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPlus, IconUsers } from '@tabler/icons-react';
import { LIFECYCLE_STAGES, type ClientKind, type LifecycleStage } from '../../../shared/types';
import { call, messageOf } from '../api';
import { EmptyState } from '../components/EmptyState';
import { ErrorAlert } from '../components/ErrorAlert';

const STAGE_LABELS: Record<LifecycleStage, string> = {
  prospect: 'Prospect',
  onboarding: 'Onboarding',
  active: 'Active',
  'issue-resolution': 'Issue resolution',
  offboarding: 'Offboarding',
  alumni: 'Alumni',
};

function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }) : '—';
}

export function ClientsPage() {
  const [adding, setAdding] = useState(false);
  const clients = useQuery({ queryKey: ['clients'], queryFn: () => call('clients.list', {}) });
  useHotkeys([['mod+N', () => setAdding(true)]]);

  const addButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
      Add client
    </Button>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Clients
        </Title>
        {clients.data && clients.data.length > 0 && addButton}
      </Group>
      {clients.isPending && <Loader aria-label="Loading clients" />}
      {clients.error && <ErrorAlert message={messageOf(clients.error)} />}
      {clients.data?.length === 0 && (
        <EmptyState icon={<IconUsers size={32} />} title="No clients yet" action={addButton}>
          Add the people and organisations you look after. Everything you note about them stays encrypted on this
          computer.
        </EmptyState>
      )}
      {clients.data && clients.data.length > 0 && (
        <Table striped highlightOnHover aria-label="Clients">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th>Industry</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Contacts</Table.Th>
              <Table.Th>Last contact</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clients.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Text fw={500}>{c.name}</Text>
                  <Text size="xs" c="dimmed">
                    {c.kind === 'organisation' ? 'Organisation' : 'Person'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{STAGE_LABELS[c.stage]}</Badge>
                </Table.Td>
                <Table.Td>{c.industry || '—'}</Table.Td>
                <Table.Td>{c.owner || '—'}</Table.Td>
                <Table.Td>{c.contactCount}</Table.Td>
                <Table.Td>{formatDate(c.lastContactAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddClientModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

function AddClientModal(props: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ClientKind>('organisation');
  const [name, setName] = useState('');
  const [stage, setStage] = useState<LifecycleStage>('prospect');
  const create = useMutation({
    mutationFn: () => call('clients.create', { kind, name, stage }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
      setName('');
      props.onClose();
    },
  });

  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Add client">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <SegmentedControl
            aria-label="Kind of client"
            value={kind}
            onChange={(v) => setKind(v as ClientKind)}
            data={[
              { value: 'organisation', label: 'Organisation' },
              { value: 'person', label: 'Person' },
            ]}
          />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus required />
          <Select
            label="Stage"
            value={stage}
            onChange={(v) => v && setStage(v as LifecycleStage)}
            data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
            allowDeselect={false}
          />
          <ErrorAlert message={create.error ? messageOf(create.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add client
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
