import { useState } from 'react';
import { ActionIcon, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ItemKind } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSave } from '../../queries';
import { ITEM_KIND_LABELS } from './labels';

interface DraftItem {
  kind: ItemKind;
  text: string;
  dueOn: string;
  responsible: string;
  toldHow: string;
  toldOn: string;
}

const blank = (kind: ItemKind): DraftItem => ({ kind, text: '', dueOn: '', responsible: '', toldHow: '', toldOn: '' });

/** A new engagement with its expectation checklist, filled when it starts. */
export function NewEngagementDialog(props: { clientId: string; opened: boolean; onClose: () => void }) {
  const today = new Date().toISOString().slice(0, 10);
  const [name, setName] = useState('');
  const [startOn, setStartOn] = useState(today);
  const [plannedEndOn, setPlannedEndOn] = useState('');
  const [value, setValue] = useState<number | string>('');
  const [items, setItems] = useState<DraftItem[]>([blank('promise')]);
  const setItem = (i: number, patch: Partial<DraftItem>) => setItems(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const save = useSave(
    () =>
      call('engagements.create', {
        clientId: props.clientId,
        name,
        startOn,
        plannedEndOn: plannedEndOn || null,
        value: value === '' ? null : Number(value),
        items: items
          .filter((i) => i.text.trim())
          .map((i) => ({
            kind: i.kind,
            text: i.text,
            responsible: i.responsible || undefined,
            dueOn: i.kind === 'promise' && i.dueOn ? i.dueOn : null,
            toldHow: i.kind === 'gap' ? i.toldHow : undefined,
            toldOn: i.kind === 'gap' && i.toldOn ? i.toldOn : null,
          })),
      }),
    () => {
      setName('');
      setItems([blank('promise')]);
      props.onClose();
    },
  );

  return (
    <Modal opened={props.opened} onClose={props.onClose} title="New engagement" size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined);
        }}
      >
        <Stack>
          <TextInput label="Engagement name" placeholder="Practice website rebuild" value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus required />
          <Group grow>
            <TextInput type="date" label="Start" value={startOn} onChange={(e) => setStartOn(e.currentTarget.value)} required />
            <TextInput type="date" label="Planned end" value={plannedEndOn} onChange={(e) => setPlannedEndOn(e.currentTarget.value)} />
            <NumberInput label="Value" min={0} value={value} onChange={setValue} thousandSeparator="," />
          </Group>
          <Text fw={600} size="sm">
            Expectation checklist
          </Text>
          <Text size="xs" c="dimmed">
            What we promise (with due dates), what the client expects that we will not do and how we told them, and our assumptions.
          </Text>
          {items.map((item, i) => (
            <Stack key={i} gap={6} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
              <Group align="flex-end" wrap="nowrap">
                <Select
                  w={170}
                  label={`Item ${i + 1} kind`}
                  data={(['promise', 'gap', 'assumption'] as const).map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }))}
                  value={item.kind}
                  onChange={(v) => v && setItem(i, { kind: v as ItemKind })}
                  allowDeselect={false}
                />
                <TextInput style={{ flex: 1 }} label={`Item ${i + 1}`} value={item.text} onChange={(e) => setItem(i, { text: e.currentTarget.value })} />
                <ActionIcon variant="default" size="lg" aria-label={`Remove item ${i + 1}`} onClick={() => setItems(items.filter((_, j) => j !== i))}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              {item.kind === 'promise' && (
                <Group grow>
                  <TextInput type="date" label={`Item ${i + 1} due`} value={item.dueOn} onChange={(e) => setItem(i, { dueOn: e.currentTarget.value })} />
                  <TextInput label={`Item ${i + 1} responsible`} value={item.responsible} onChange={(e) => setItem(i, { responsible: e.currentTarget.value })} />
                </Group>
              )}
              {item.kind === 'gap' && (
                <Group grow>
                  <TextInput label={`Item ${i + 1}: how we told them`} value={item.toldHow} onChange={(e) => setItem(i, { toldHow: e.currentTarget.value })} required />
                  <TextInput type="date" label={`Item ${i + 1}: told on`} value={item.toldOn} onChange={(e) => setItem(i, { toldOn: e.currentTarget.value })} />
                </Group>
              )}
            </Stack>
          ))}
          <Group gap="xs">
            {(['promise', 'gap', 'assumption'] as const).map((k) => (
              <Button key={k} variant="default" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setItems([...items, blank(k)])}>
                Add {ITEM_KIND_LABELS[k].toLowerCase()}
              </Button>
            ))}
          </Group>
          <ErrorAlert message={save.error ? messageOf(save.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Start engagement
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
