import type { ReactNode } from 'react';
import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

/**
 * The card layout of the screens shown before the vault is open. It is the page's main landmark,
 * except inside a dialog over the app (`inDialog`), which has its own.
 */
export function Centered(props: { title: string; subtitle?: ReactNode; children: ReactNode; width?: number; inDialog?: boolean }) {
  return (
    <Center mih="100%" p="xl" component={props.inDialog ? 'div' : 'main'}>
      <Box w="100%" maw={props.width ?? 480}>
        <Group gap="xs" mb="md" justify="center" aria-hidden>
          <IconLock size={22} />
          <Text fw={700} size="lg">
            Rapport
          </Text>
        </Group>
        <Paper withBorder shadow="sm" p="xl">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">
                {props.title}
              </Title>
              {props.subtitle && (
                <Text c="dimmed" size="sm" mt={4}>
                  {props.subtitle}
                </Text>
              )}
            </div>
            {props.children}
          </Stack>
        </Paper>
      </Box>
    </Center>
  );
}
