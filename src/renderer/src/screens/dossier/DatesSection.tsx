import { useId, useState } from 'react';
import { ActionIcon, Badge, Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import type { Contact, ImportantDate } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { formatDay, inDays } from '../../format';
import { useSave } from '../../queries';
import { WHOLE_CLIENT, contactIdOf, contactOptions } from './contactOptions';

/** Birthdays, anniversaries, an operation: each with when it next comes round. */
export function DatesSection(props: {
  clientId: string;
  dates: ImportantDate[];
  contacts: Contact[];
  /** Who a new date is for unless chosen otherwise (a person's page: that person); the client by default. */
  defaultAbout?: string;
}) {
  const [deleting, setDeleting] = useState<ImportantDate | null>(null);
  const [editing, setEditing] = useState<ImportantDate | null>(null);
  const remove = useSave((id: string) => call('dates.delete', { id }));
  const names = new Map(props.contacts.map((c) => [c.id, c.name]));

  return (
    <SectionCard title="Important dates">
      {props.dates.length === 0 ? (
        <Text size="sm" c="dimmed">
          No dates yet. Birthdays, company anniversaries and big days ahead belong here.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Important dates">
          {props.dates.map((d) => (
            <Group component="li" key={d.id} justify="space-between" wrap="nowrap" className="row-divided">
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  {d.label}
                  {d.contactId && (
                    <Text span size="sm" fw={400} c="dimmed">
                      {' '}
                      · {names.get(d.contactId) ?? 'a contact'}
                    </Text>
                  )}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDay(d.date)} · {d.recurrence === 'yearly' ? 'every year' : 'once'}
                </Text>
              </Stack>
              <Group gap="xs" wrap="nowrap">
                {d.nextOn ? (
                  <Badge variant="light" color="blue" className="nowrap-badge">
                    Next: {formatDay(d.nextOn)} ({inDays(d.nextOn)})
                  </Badge>
                ) : (
                  <Badge variant="light" color="gray">
                    Past
                  </Badge>
                )}
                <ActionIcon variant="subtle" color="gray" aria-label={`Edit date: ${d.label}`} onClick={() => setEditing(d)}>
                  <IconEdit size={16} />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={`Delete date: ${d.label}`} onClick={() => setDeleting(d)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <DateForm
        key={editing?.id ?? 'new'}
        clientId={props.clientId}
        contacts={props.contacts}
        editing={editing}
        defaultAbout={props.defaultAbout ?? WHOLE_CLIENT}
        onDone={() => setEditing(null)}
      />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete important date"
        confirmLabel="Delete date"
        onClose={() => setDeleting(null)}
        onConfirm={() => remove.mutateAsync(deleting!.id)}
      >
        Delete “{deleting?.label}”? This cannot be undone.
      </ConfirmDialog>
    </SectionCard>
  );
}

/** Adds a date, or edits one; after each save it is empty again, at its defaults. */
function DateForm(props: { clientId: string; contacts: Contact[]; editing: ImportantDate | null; defaultAbout: string; onDone: () => void }) {
  const e0 = props.editing;
  const [label, setLabel] = useState(e0?.label ?? '');
  const [date, setDate] = useState(e0?.date ?? '');
  const [recurrence, setRecurrence] = useState<'yearly' | 'once'>(e0?.recurrence ?? 'yearly');
  const [about, setAbout] = useState(e0 ? e0.contactId ?? WHOLE_CLIENT : props.defaultAbout);
  const repeatsId = useId();
  const add = useSave(
    () =>
      e0
        ? call('dates.update', { id: e0.id, version: e0.version, contactId: contactIdOf(about), label, date, recurrence })
        : call('dates.add', { clientId: props.clientId, contactId: contactIdOf(about), label, date, recurrence }),
    () => {
      // Empty and at the defaults again: the next date is not for the last contact by accident.
      setLabel('');
      setDate('');
      setRecurrence('yearly');
      setAbout(props.defaultAbout);
      props.onDone();
    },
  );
  return (
    <form
      aria-label={e0 ? 'Edit the important date' : 'Add an important date'}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(undefined);
      }}
    >
      <Stack gap="xs" pt="xs">
        <Group grow gap="xs" align="flex-end">
          <TextInput label="What" placeholder="Megan's birthday" value={label} onChange={(e) => setLabel(e.currentTarget.value)} required />
          <TextInput label="Date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} required />
        </Group>
        <Group gap="xs" align="flex-end" grow>
          <Select label="Date for" value={about} data={contactOptions(props.contacts)} allowDeselect={false} onChange={(v) => v && setAbout(v)} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id={repeatsId}>
              Repeats
            </Text>
            <SegmentedControl
              aria-labelledby={repeatsId}
              value={recurrence}
              onChange={(v) => setRecurrence(v as 'yearly' | 'once')}
              data={[
                { value: 'yearly', label: 'Every year' },
                { value: 'once', label: 'Once' },
              ]}
            />
          </Stack>
        </Group>
        <ErrorAlert message={add.error ? messageOf(add.error) : null} />
        <Group justify="flex-end">
          {e0 && (
            <Button size="xs" variant="default" onClick={props.onDone}>
              Cancel
            </Button>
          )}
          <Button type="submit" size="xs" loading={add.isPending}>
            {e0 ? 'Save date' : 'Add date'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
