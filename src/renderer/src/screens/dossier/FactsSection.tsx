import { useState } from 'react';
import { ActionIcon, Badge, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconEdit, IconTrash } from '@tabler/icons-react';
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
export function FactsSection(props: {
  clientId: string;
  facts: PersonalFact[];
  contacts: Contact[];
  /** Who a new fact is about unless chosen otherwise (a person's page: that person); the client by default. */
  defaultAbout?: string;
}) {
  const [deleting, setDeleting] = useState<PersonalFact | null>(null);
  const [editing, setEditing] = useState<PersonalFact | null>(null);
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
              <Group gap={2} wrap="nowrap">
                <ActionIcon variant="subtle" color="gray" aria-label={`Edit fact: ${f.text}`} onClick={() => setEditing(f)}>
                  <IconEdit size={16} />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={`Delete fact: ${f.text}`} onClick={() => setDeleting(f)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <FactForm
        key={editing?.id ?? 'new'}
        clientId={props.clientId}
        contacts={props.contacts}
        editing={editing}
        defaultAbout={props.defaultAbout ?? WHOLE_CLIENT}
        onDone={() => setEditing(null)}
      />
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

const EMPTY_FACT = { text: '', type: 'family' as FactType, sensitivity: 'normal' as Sensitivity, about: WHOLE_CLIENT, alert: false };

/** Adds a fact, or edits one; after each save it is empty again, at its defaults. */
function FactForm(props: { clientId: string; contacts: Contact[]; editing: PersonalFact | null; defaultAbout: string; onDone: () => void }) {
  const e0 = props.editing;
  const empty = { ...EMPTY_FACT, about: props.defaultAbout };
  const initial = e0 ? { text: e0.text, type: e0.type, sensitivity: e0.sensitivity, about: e0.contactId ?? WHOLE_CLIENT, alert: e0.markedAlert } : empty;
  const [draft, setDraft] = useState(initial);
  const set = (patch: Partial<typeof EMPTY_FACT>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useSave(
    () => {
      const fields = { contactId: contactIdOf(draft.about), type: draft.type, text: draft.text, sensitivity: draft.sensitivity, alert: draft.alert };
      return e0 ? call('facts.update', { id: e0.id, version: e0.version, ...fields }) : call('facts.add', { clientId: props.clientId, ...fields });
    },
    () => {
      setDraft(empty);
      props.onDone();
    },
  );
  return (
    <form
      aria-label={e0 ? 'Edit the personal fact' : 'Add a personal fact'}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
      }}
    >
      <Stack gap="xs" pt="xs">
        <Group grow gap="xs" align="flex-end">
          <TextInput label={e0 ? 'Fact' : 'New fact'} placeholder="Allergic to nuts" value={draft.text} onChange={(e) => set({ text: e.currentTarget.value })} required />
          <Select label="Type" value={draft.type} data={FACT_TYPE_OPTIONS} allowDeselect={false} onChange={(v) => v && set({ type: v as FactType })} />
        </Group>
        <Group grow gap="xs" align="flex-end">
          <Select
            label="Sensitivity"
            value={draft.sensitivity}
            data={SENSITIVITY_OPTIONS}
            allowDeselect={false}
            onChange={(v) => v && set({ sensitivity: v as Sensitivity })}
          />
          <Select label="Fact about" value={draft.about} data={contactOptions(props.contacts)} allowDeselect={false} onChange={(v) => v && set({ about: v })} />
        </Group>
        <Checkbox
          label="Show as an alert at the top of the dossier"
          description="Allergies, intolerances and medical matters are alerts anyway."
          checked={draft.alert}
          onChange={(e) => set({ alert: e.currentTarget.checked })}
        />
        <ErrorAlert message={save.error ? messageOf(save.error) : null} />
        <Group justify="flex-end">
          {e0 && (
            <Button size="xs" variant="default" onClick={props.onDone}>
              Cancel
            </Button>
          )}
          <Button type="submit" size="xs" loading={save.isPending}>
            {e0 ? 'Save fact' : 'Add fact'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
