import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconEdit, IconFileDescription, IconMessagePlus } from '@tabler/icons-react';
import type { Dossier } from '../../../../shared/types';
import { ago } from '../../format';
import { KIND_LABELS, STAGE_LABELS, WARMTH_COLORS, warmthText } from '../../labels';
import { useNav } from '../../nav';
import { EditClientDialog } from './EditClientDialog';

/** Name, kind, stage, owner and warmth, with what one does from here. */
export function DossierHeader(props: { dossier: Dossier; onBrief: () => void }) {
  const nav = useNav();
  const [editing, setEditing] = useState(false);
  const c = props.dossier.client;
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={6}>
          <Title order={1} size="h2">
            {c.name}
          </Title>
          <Group gap="xs">
            <Badge variant="outline" color="gray">
              {KIND_LABELS[c.kind]}
            </Badge>
            <Badge variant="light">Stage: {STAGE_LABELS[c.stage]}</Badge>
            <Badge variant="dot" color={c.warmth ? WARMTH_COLORS[c.warmth - 1] : 'gray'}>
              Warmth: {warmthText(c.warmth)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            Owner: <Text span fw={600} c="var(--mantine-color-text)">{c.owner || 'nobody yet'}</Text>
            {c.industry ? ` · ${c.industry}` : ''}
            {c.revenueShare !== null ? ` · ${c.revenueShare}% of revenue` : ''}
            {` · last contact ${ago(c.lastContactAt)}`}
          </Text>
          {c.tags.length > 0 && (
            <Group gap={4} aria-label="Tags" role="list">
              {c.tags.map((t) => (
                <Badge key={t} size="sm" variant="default" role="listitem">
                  {t}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconMessagePlus size={16} />} onClick={() => nav.logInteraction(c.id)}>
            Add to timeline
          </Button>
          <Button variant="default" leftSection={<IconFileDescription size={16} />} onClick={props.onBrief}>
            Meeting brief
          </Button>
          <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
            Edit details
          </Button>
        </Group>
      </Group>
      <EditClientDialog client={c} opened={editing} onClose={() => setEditing(false)} />
    </Paper>
  );
}
