import type { ReactNode } from 'react';
import { Stack, Title } from '@mantine/core';
import { EmptyState } from '../components/EmptyState';

/** A section whose feature is still to come: its heading and a helpful empty state. */
export function PlaceholderPage(props: { title: string; icon: ReactNode; empty: string; children: ReactNode }) {
  return (
    <Stack>
      <Title order={1} size="h2">
        {props.title}
      </Title>
      <EmptyState icon={props.icon} title={props.empty}>
        {props.children}
      </EmptyState>
    </Stack>
  );
}
