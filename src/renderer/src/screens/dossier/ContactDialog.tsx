import { useState } from 'react';
import { Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { Contact, PreferredChannel } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CHANNEL_OPTIONS } from '../../labels';
import { useSave } from '../../queries';

/** Adds a contact to a client, or edits one. */
export function ContactDialog(props: { clientId: string; contact: Contact | null; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.contact ? `Edit ${props.contact.name}` : 'Add contact'}>
      {props.opened && <ContactForm {...props} />}
    </Modal>
  );
}

function ContactForm({ clientId, contact, onClose }: { clientId: string; contact: Contact | null; onClose: () => void }) {
  const [name, setName] = useState(contact?.name ?? '');
  const [role, setRole] = useState(contact?.role ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [channel, setChannel] = useState<PreferredChannel>(contact?.preferredChannel ?? 'any');
  const [time, setTime] = useState(contact?.preferredTime ?? '');
  const save = useSave(() => {
    const fields = { name, role, email: email.trim(), phone, preferredChannel: channel, preferredTime: time };
    return contact
      ? call('contacts.update', { id: contact.id, version: contact.version, ...fields })
      : call('contacts.create', { clientId, ...fields });
  }, onClose);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
      }}
    >
      <Stack>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus />
        <TextInput label="Role" placeholder="Finance director" value={role} onChange={(e) => setRole(e.currentTarget.value)} />
        <SimpleGrid cols={2}>
          <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <TextInput label="Phone" type="tel" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
        </SimpleGrid>
        <SimpleGrid cols={2}>
          <Select
            label="Preferred channel"
            value={channel}
            data={CHANNEL_OPTIONS}
            allowDeselect={false}
            onChange={(v) => v && setChannel(v as PreferredChannel)}
          />
          <TextInput label="Preferred time" placeholder="Mornings, not Fridays" value={time} onChange={(e) => setTime(e.currentTarget.value)} />
        </SimpleGrid>
        <ErrorAlert message={save.error ? messageOf(save.error) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {contact ? 'Save contact' : 'Add contact'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
