import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import type { ClientKind, LifecycleStage } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { STAGE_OPTIONS } from '../../labels';
import { invalidateData } from '../../queries';

export function AddClientModal(props: { opened: boolean; onClose: () => void; onAdded?: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ClientKind>('organisation');
  const [name, setName] = useState('');
  const [stage, setStage] = useState<LifecycleStage>('prospect');
  const [owner, setOwner] = useState('');
  const [industry, setIndustry] = useState('');
  const create = useMutation({
    mutationFn: () => call('clients.create', { kind, name, stage, owner, industry }),
    onSuccess: async (client) => {
      await invalidateData(queryClient);
      setName('');
      setOwner('');
      setIndustry('');
      props.onClose();
      props.onAdded?.(client.id);
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
            data={STAGE_OPTIONS}
            allowDeselect={false}
          />
          <Group grow>
            <TextInput label="Owner" description="Who in the firm looks after them" value={owner} onChange={(e) => setOwner(e.currentTarget.value)} />
            <TextInput label="Industry" description="Optional" value={industry} onChange={(e) => setIndustry(e.currentTarget.value)} />
          </Group>
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
