import { Button, Group, Stack, Title } from '@mantine/core';
import { IconMessagePlus } from '@tabler/icons-react';
import { useNav } from '../../nav';
import { TimelineView } from './TimelineView';

/** Every client's timeline in one place. */
export function TimelinePage() {
  const nav = useNav();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Timeline
        </Title>
        <Button variant="light" leftSection={<IconMessagePlus size={16} />} onClick={() => nav.logInteraction()}>
          Add entry
        </Button>
      </Group>
      <TimelineView height="calc(100vh - 260px)" />
    </Stack>
  );
}
