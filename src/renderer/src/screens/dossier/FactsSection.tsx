import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Contact, FactType, PersonalFact, Sensitivity } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { FACT_TYPE_LABELS, FACT_TYPE_OPTIONS, SENSITIVITY_LABELS, SENSITIVITY_OPTIONS } from '../../labels';
import { useSave } from '../../queries';
import { WHOLE_CLIENT, contactIdOf, contactOptions } from './contactOptions';

const SENSITIVITY_COLORS: Record<Sensitivity, string> = { normal: 'gray', private: 'blue', 'handle-with-care': 'red' };

/** Things worth remembering about the people: family, health, diet, what they like and dislike. */
export function FactsSection(props: { clientId: string; facts: PersonalFact[]; contacts: Contact[] }) {
  const [deleting, setDeleting] = useState<PersonalFact | null>(null);
  const remove = useSave((id: string) => call('facts.delete', { id }));
  const names = new Map(props.contacts.map((c) => [c.id, c.name]));

  return (
    <SectionCard title="Personal facts">
      {props.facts.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing noted yet: a child's name, an operation next month, a diet, how they like their coffee.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Personal facts">
          {props.facts.map((f) => (
            <Group component="li" key={f.id} justify="space-between" wrap="nowrap" align="flex-start" className="row-divided">
              <Stack gap={2}>
                <Text size="sm">{f.text}</Text>
                <Group gap={6}>
                  <Badge size="xs" variant="light" color={f.isAlert ? 'red' : 'gray'}>
                    {FACT_TYPE_LABELS[f.type]}
                  </Badge>
                  {f.sensitivity !== 'normal' && (
                    <Badge size="xs" variant="outline" color={SENSITIVITY_COLORS[f.sensitivity]}>
                      {SENSITIVITY_LABELS[f.sensitivity]}
                    </Badge>
                  )}
                  <Text size="xs" c="dimmed">
                    {f.contactId ? `About ${names.get(f.contactId) ?? 'a contact'}` : 'About the client'}
                  </Text>
                </Group>
              </Stack>
              <ActionIcon variant="subtle" color="red" aria-label={`Delete fact: ${f.text}`} onClick={() => setDeleting(f)}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      )}
      <AddFactForm clientId={props.clientId} contacts={props.contacts} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete personal fact"
        confirmLabel="Delete fact"
        onClose={() => setDeleting(null)}
        onConfirm={() => remove.mutateAsync(deleting!.id)}
      >
        Delete “{deleting?.text}”? This cannot be undone.
      </ConfirmDialog>
    </SectionCard>
  );
}

function AddFactForm(props: { clientId: string; contacts: Contact[] }) {
  const [text, setText] = useState('');
  const [type, setType] = useState<FactType>('family');
  const [sensitivity, setSensitivity] = useState<Sensitivity>('normal');
  const [about, setAbout] = useState<string>(WHOLE_CLIENT);
  const add = useSave(
    () => call('facts.add', { clientId: props.clientId, contactId: contactIdOf(about), type, text, sensitivity }),
    () => setText(''),
  );
  return (
    <form
      aria-label="Add a personal fact"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(undefined);
      }}
    >
      <Stack gap="xs" pt="xs">
        <Group grow gap="xs" align="flex-end">
          <TextInput label="New fact" placeholder="Allergic to nuts" value={text} onChange={(e) => setText(e.currentTarget.value)} required />
          <Select label="Type" value={type} data={FACT_TYPE_OPTIONS} allowDeselect={false} onChange={(v) => v && setType(v as FactType)} />
        </Group>
        <Group grow gap="xs" align="flex-end">
          <Select
            label="Sensitivity"
            value={sensitivity}
            data={SENSITIVITY_OPTIONS}
            allowDeselect={false}
            onChange={(v) => v && setSensitivity(v as Sensitivity)}
          />
          <Select label="Fact about" value={about} data={contactOptions(props.contacts)} allowDeselect={false} onChange={(v) => v && setAbout(v)} />
        </Group>
        <ErrorAlert message={add.error ? messageOf(add.error) : null} />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={add.isPending}>
            Add fact
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
