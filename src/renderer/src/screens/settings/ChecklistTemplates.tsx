import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import type { LifecycleStage } from '../../../../shared/types';
import { LIFECYCLE_STAGES } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { STAGE_LABELS } from '../../labels';
import { useSave } from '../../queries';

/** Edit the checklist offered for each lifecycle stage (one step per line), or reset it. */
export function ChecklistTemplates() {
  const [stage, setStage] = useState<LifecycleStage>('onboarding');
  const templates = useQuery({ queryKey: ['checklists', 'templates'], queryFn: () => call('checklists.templates', {}) });
  const current = templates.data?.find((t) => t.stage === stage);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? current?.items.join('\n') ?? '';
  const save = useSave((items: string[] | null) => call('checklists.updateTemplate', { stage, items }), () => setText(null));

  return (
    <Paper withBorder p="lg" component="section" aria-label="Lifecycle checklists">
      <Title order={2} size="h4" mb="sm">
        Lifecycle checklists
      </Title>
      <Stack>
        <Text size="sm">
          When a client moves to a stage, Rapport offers its checklist. Edits apply to checklists started from now on.
        </Text>
        <Group align="flex-end">
          <Select
            label="Stage"
            data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
            value={stage}
            onChange={(v) => {
              if (!v) return;
              setStage(v as LifecycleStage);
              setText(null);
            }}
            allowDeselect={false}
          />
          {current && <Badge variant="light">{current.customised ? 'Edited' : 'Default'}</Badge>}
        </Group>
        <Textarea label="Steps (one per line)" autosize minRows={4} value={value} onChange={(e) => setText(e.currentTarget.value)} />
        <ErrorAlert message={save.error ? messageOf(save.error) : null} />
        <Group>
          <Button variant="default" loading={save.isPending} onClick={() => save.mutate(value.split('\n').map((l) => l.trim()).filter(Boolean))}>
            Save checklist
          </Button>
          {current?.customised && (
            <Button variant="subtle" onClick={() => save.mutate(null)}>
              Reset to the default
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
