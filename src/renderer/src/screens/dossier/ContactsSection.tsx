import { useState } from 'react';
import { ActionIcon, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconEdit, IconMail, IconPhone, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Contact } from '../../../../shared/types';
import { call } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SectionCard } from '../../components/SectionCard';
import { CHANNEL_LABELS } from '../../labels';
import { useSave } from '../../queries';
import { ago } from '../../format';
import { useNav } from '../../nav';
import { ContactDialog } from './ContactDialog';

/** The actual people at the client, and how they like to be reached. */
export function ContactsSection(props: { clientId: string; contacts: Contact[]; lastContact?: Record<string, string> }) {
  const nav = useNav();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const remove = useSave((id: string) => call('contacts.delete', { id }));

  return (
    <SectionCard
      title="Contacts"
      action={
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          Add contact
        </Button>
      }
    >
      {props.contacts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No contacts yet. Add the people you actually deal with.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Contacts">
          {props.contacts.map((c) => (
            <Group component="li" key={c.id} justify="space-between" wrap="nowrap" align="flex-start" className="row-divided">
              <Stack gap={2}>
                <Text fw={600} size="sm">
                  <Anchor component="button" type="button" fw={600} size="sm" onClick={() => nav.openPerson(c.id, props.clientId)}>
                    {c.name}
                  </Anchor>
                  {c.role && (
                    <Text span c="dimmed" size="sm" fw={400}>
                      {' '}
                      · {c.role}
                    </Text>
                  )}
                </Text>
                <Group gap="md">
                  {c.email && (
                    <Group gap={4}>
                      <IconMail size={14} aria-label="Email" />
                      <Text size="xs">{c.email}</Text>
                    </Group>
                  )}
                  {c.phone && (
                    <Group gap={4}>
                      <IconPhone size={14} aria-label="Phone" />
                      <Text size="xs">{c.phone}</Text>
                    </Group>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  Last spoke with {c.name.split(' ')[0]}: {ago(props.lastContact?.[c.id] ?? null)}
                </Text>
                {(c.preferredChannel !== 'any' || c.preferredTime) && (
                  <Text size="xs" c="dimmed">
                    Prefers {c.preferredChannel === 'any' ? 'to be contacted' : CHANNEL_LABELS[c.preferredChannel].toLowerCase()}
                    {c.preferredTime ? `, ${c.preferredTime}` : ''}
                  </Text>
                )}
              </Stack>
              <Group gap={4} wrap="nowrap">
                <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}>
                  <IconEdit size={16} />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <ContactDialog
        clientId={props.clientId}
        contact={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete contact"
        confirmLabel="Delete contact"
        onClose={() => setDeleting(null)}
        onConfirm={() => remove.mutateAsync(deleting!.id)}
      >
        Delete {deleting?.name}? The personal facts and important dates about them are deleted with them. Timeline
        entries stay. This cannot be undone.
      </ConfirmDialog>
    </SectionCard>
  );
}
