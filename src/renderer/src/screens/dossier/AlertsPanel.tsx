import { Alert, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertOctagon } from '@tabler/icons-react';
import type { Contact, PersonalFact } from '../../../../shared/types';
import { FACT_TYPE_LABELS, SENSITIVITY_LABELS } from '../../labels';

/** Allergies and diet, dislikes and handle-with-care facts: the first thing anyone sees. */
export function AlertsPanel(props: { alerts: PersonalFact[]; contacts: Contact[]; clientName: string }) {
  const names = new Map(props.contacts.map((c) => [c.id, c.name]));
  if (props.alerts.length === 0) {
    return (
      <Paper role="region" aria-label="Alerts" px="md" py="xs" withBorder>
        <Text size="sm" c="dimmed">
          No alerts: no allergies, dislikes or handle-with-care facts noted.
        </Text>
      </Paper>
    );
  }
  return (
    <Alert
      role="region"
      aria-label="Alerts"
      color="red"
      variant="light"
      icon={<IconAlertOctagon size={22} />}
      title={
        <Title order={2} size="h4" c="red.9">
          Alerts
        </Title>
      }
      styles={{ root: { borderLeft: '4px solid var(--mantine-color-red-7)' } }}
    >
      <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {props.alerts.map((f) => (
          <Group component="li" key={f.id} gap="xs" wrap="nowrap" align="baseline">
            <Text fw={700} size="sm" c="red.9">
              {f.contactId ? names.get(f.contactId) ?? 'Contact' : props.clientName}:
            </Text>
            <Text size="sm" c="dark.9">
              {f.text}{' '}
              <Text span size="xs" c="red.9">
                ({FACT_TYPE_LABELS[f.type]}
                {f.sensitivity !== 'normal' ? `, ${SENSITIVITY_LABELS[f.sensitivity].toLowerCase()}` : ''})
              </Text>
            </Text>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
