import { useState } from 'react';
import { Button, Checkbox, Group, Modal, NumberInput, SegmentedControl, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import type { Client, ClientKind, LifecycleStage } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { STAGE_LABELS, STAGE_OPTIONS } from '../../labels';
import { useSave } from '../../queries';

/** Name, kind, industry, tags, revenue share and stage. A stage change goes on the timeline. */
export function EditClientDialog(props: { client: Client; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Edit client details">
      {props.opened && <EditClientForm client={props.client} onClose={props.onClose} />}
    </Modal>
  );
}

function EditClientForm({ client, onClose }: { client: Client; onClose: () => void }) {
  const [name, setName] = useState(client.name);
  const [kind, setKind] = useState<ClientKind>(client.kind);
  const [industry, setIndustry] = useState(client.industry);
  const [tags, setTags] = useState(client.tags);
  const [revenue, setRevenue] = useState<number | string>(client.revenueShare ?? '');
  const [stage, setStage] = useState<LifecycleStage>(client.stage);
  const [startChecklist, setStartChecklist] = useState(true);
  const save = useSave(async () => {
    await call('clients.update', {
      id: client.id,
      version: client.version,
      name,
      kind,
      industry,
      tags,
      revenueShare: revenue === '' ? null : Number(revenue),
    });
    if (stage !== client.stage) await call('clients.setStage', { clientId: client.id, stage, startChecklist });
  }, onClose);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
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
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus />
        <TextInput label="Industry" value={industry} onChange={(e) => setIndustry(e.currentTarget.value)} />
        <TagsInput label="Tags" description="Press Enter after each tag" value={tags} onChange={setTags} />
        <NumberInput label="Share of revenue (%)" min={0} max={100} decimalScale={1} value={revenue} onChange={setRevenue} />
        <Select label="Stage" value={stage} data={STAGE_OPTIONS} allowDeselect={false} onChange={(v) => v && setStage(v as LifecycleStage)} />
        {stage !== client.stage && (
          <Checkbox
            label={`Start the ${STAGE_LABELS[stage].toLowerCase()} checklist`}
            checked={startChecklist}
            onChange={(e) => setStartChecklist(e.currentTarget.checked)}
          />
        )}
        <ErrorAlert message={save.error ? messageOf(save.error) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save details
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
