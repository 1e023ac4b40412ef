import { useId, type ReactNode } from 'react';
import { Group, Paper, Stack, Title } from '@mantine/core';

/** A titled card for one part of a screen; the heading names the section for assistive technology. */
export function SectionCard(props: { title: string; action?: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} className={props.className}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" mih={28}>
          <Title order={2} size="h4" id={id}>
            {props.title}
          </Title>
          {props.action}
        </Group>
        {props.children}
      </Stack>
    </Paper>
  );
}
