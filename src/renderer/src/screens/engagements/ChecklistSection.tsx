import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Group, Modal, Paper, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { LifecycleStage } from '../../../../shared/types';
import { LIFECYCLE_STAGES } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { STAGE_LABELS } from '../../labels';
import { useSave } from '../../queries';

function StageDialog(props: { clientId: string; stage: LifecycleStage; opened: boolean; onClose: () => void }) {
  const [stage, setStage] = useState<LifecycleStage>(props.stage === 'onboarding' ? 'active' : 'onboarding');
  const [start, setStart] = useState(true);
  const [note, setNote] = useState('');
  const templates = useQuery({ queryKey: ['checklists', 'templates'], queryFn: () => call('checklists.templates', {}), enabled: props.opened });
  const items = templates.data?.find((t) => t.stage === stage)?.items ?? [];
  const save = useSave(() => call('clients.setStage', { clientId: props.clientId, stage, startChecklist: start && items.length > 0, note }), () => {
    setNote('');
    props.onClose();
  });
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Move to another stage">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined);
        }}
      >
        <Stack>
          <Select
            label="New stage"
            data={LIFECYCLE_STAGES.filter((s) => s !== props.stage).map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
            value={stage}
            onChange={(v) => v && setStage(v as LifecycleStage)}
            allowDeselect={false}
          />
          <TextInput label="Why (for the timeline)" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          {items.length > 0 && (
            <Checkbox
              label={`Start the ${STAGE_LABELS[stage].toLowerCase()} checklist (${items.length} steps)`}
              checked={start}
              onChange={(e) => setStart(e.currentTarget.checked)}
            />
          )}
          <ErrorAlert message={save.error ? messageOf(save.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Move
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The client's stage, its lifecycle checklists and their progress. */
export function ChecklistSection(props: { clientId: string; stage: LifecycleStage }) {
  const [moving, setMoving] = useState(false);
  const lists = useQuery({ queryKey: ['checklists', props.clientId], queryFn: () => call('checklists.forClient', { clientId: props.clientId }) });
  const toggle = useSave((input: { id: string; version: number; index: number; done: boolean }) => call('checklists.toggle', input));
  const open = lists.data?.filter((l) => !l.completedAt) ?? [];
  const done = lists.data?.filter((l) => l.completedAt) ?? [];

  return (
    <Paper withBorder p="md" component="section" aria-label="Lifecycle checklists">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Stage: {STAGE_LABELS[props.stage]}
        </Title>
        <Button size="xs" variant="default" onClick={() => setMoving(true)}>
          Move to another stage…
        </Button>
      </Group>
      <ErrorAlert message={lists.error ? messageOf(lists.error) : toggle.error ? messageOf(toggle.error) : null} />
      <Stack>
        {open.length === 0 && <Text size="sm" c="dimmed">No checklist in progress.</Text>}
        {open.map((list) => {
          const n = list.items.filter((i) => i.done).length;
          return (
            <Stack key={list.id} gap={6}>
              <Group justify="space-between">
                <Text fw={600} size="sm">
                  {STAGE_LABELS[list.stage]} checklist
                </Text>
                <Text size="sm" c="dimmed">
                  {n} of {list.items.length} done
                </Text>
              </Group>
              <Progress value={(n / list.items.length) * 100} aria-label={`${STAGE_LABELS[list.stage]} checklist progress`} />
              {list.items.map((item, index) => (
                <Checkbox
                  key={item.text}
                  label={item.text}
                  checked={item.done}
                  disabled={toggle.isPending}
                  onChange={(e) => toggle.mutate({ id: list.id, version: list.version, index, done: e.currentTarget.checked })}
                />
              ))}
              {list.stage === 'offboarding' && (
                <Text size="xs" c="dimmed">
                  Finishing this checklist makes the client alumni, with a yearly keep-in-touch follow-up.
                </Text>
              )}
            </Stack>
          );
        })}
        {done.length > 0 && (
          <Text size="sm" c="dimmed">
            Completed: {done.map((l) => `${STAGE_LABELS[l.stage]} (${l.completedAt!.slice(0, 10)})`).join(', ')}
          </Text>
        )}
      </Stack>
      <StageDialog key={props.stage} clientId={props.clientId} stage={props.stage} opened={moving} onClose={() => setMoving(false)} />
    </Paper>
  );
}
