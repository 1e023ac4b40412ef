import { useState } from 'react';
import { ActionIcon, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ItemKind } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSave } from '../../queries';
import { ITEM_KIND_LABELS } from './labels';
import { dueAfter } from '../../../../shared/durations';
import { formatDay } from '../../format';

interface DraftItem {
  kind: ItemKind;
  text: string;
  dueOn: string;
  /** "6 weeks": due that long after the start (wins over dueOn while it can be read). */
  dueAfter: string;
  responsible: string;
  toldHow: string;
  toldOn: string;
}

const blank = (kind: ItemKind): DraftItem => ({ kind, text: '', dueOn: '', dueAfter: '', responsible: '', toldHow: '', toldOn: '' });

/** A new engagement with its expectation checklist, filled when it starts. */
export function NewEngagementDialog(props: { clientId: string; opened: boolean; onClose: () => void }) {
  const today = new Date().toISOString().slice(0, 10);
  const [name, setName] = useState('');
  const [startOn, setStartOn] = useState(today);
  const [plannedEndOn, setPlannedEndOn] = useState('');
  const [endAfter, setEndAfter] = useState('');
  /** The day an item is due: from its duration after the start when one is typed, else its date. */
  const dueOf = (i: DraftItem) => (i.dueAfter.trim() ? (dueAfter(startOn, i.dueAfter) ?? '') : i.dueOn);
  const endOn = endAfter.trim() ? (dueAfter(startOn, endAfter) ?? '') : plannedEndOn;
  const [value, setValue] = useState<number | string>('');
  const [items, setItems] = useState<DraftItem[]>([blank('promise')]);
  const unreadable = [endAfter, ...items.filter((i) => i.kind === 'promise').map((i) => i.dueAfter)].some((t) => t.trim() && !dueAfter(startOn, t));
  const setItem = (i: number, patch: Partial<DraftItem>) => setItems(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const save = useSave(
    () =>
      call('engagements.create', {
        clientId: props.clientId,
        name,
        startOn,
        plannedEndOn: endOn || null,
        value: value === '' ? null : Number(value),
        items: items
          .filter((i) => i.text.trim())
          .map((i) => ({
            kind: i.kind,
            text: i.text,
            responsible: i.responsible || undefined,
            dueOn: i.kind === 'promise' && dueOf(i) ? dueOf(i) : null,
            toldHow: i.kind === 'gap' ? i.toldHow : undefined,
            toldOn: i.kind === 'gap' && i.toldOn ? i.toldOn : null,
          })),
      }),
    () => {
      setName('');
      setPlannedEndOn('');
      setEndAfter('');
      setItems([blank('promise')]);
      props.onClose();
    },
  );

  return (
    <Modal opened={props.opened} onClose={props.onClose} title="New engagement" size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!unreadable) save.mutate(undefined);
        }}
      >
        <Stack>
          <TextInput label="Engagement name" placeholder="Practice website rebuild" value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus required />
          <Group grow>
            <TextInput type="date" label="Start" value={startOn} onChange={(e) => setStartOn(e.currentTarget.value)} required />
            <TextInput
              type="date"
              label="Planned end"
              value={endOn}
              onChange={(e) => {
                setPlannedEndOn(e.currentTarget.value);
                setEndAfter('');
              }}
            />
            <AfterField label="Or ending after" value={endAfter} startOn={startOn} onChange={setEndAfter} />
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
                  <TextInput type="date" label={`Item ${i + 1} due`} value={dueOf(item)} onChange={(e) => setItem(i, { dueOn: e.currentTarget.value, dueAfter: '' })} />
                  <AfterField label={`Item ${i + 1}: or due after`} value={item.dueAfter} startOn={startOn} onChange={(v) => setItem(i, { dueAfter: v })} />
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

/** A span from the start typed as words ("6 weeks"), with the day it comes to or why it cannot be read. */
function AfterField(props: { label: string; value: string; startOn: string; onChange: (v: string) => void }) {
  const day = props.value.trim() ? dueAfter(props.startOn, props.value) : null;
  return (
    <TextInput
      label={props.label}
      placeholder="6 weeks"
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      description={day ? `From the start: ${formatDay(day)}` : 'A span from the start, like “6 weeks”'}
      error={props.value.trim() && !day ? 'Write a span like “6 weeks”, “10 days” or “3 months”' : undefined}
    />
  );
}
