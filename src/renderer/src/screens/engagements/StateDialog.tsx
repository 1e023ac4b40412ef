import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { ExpectationItem, ItemState } from '../../../../shared/types';
import { ITEM_STATES } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSave } from '../../queries';
import { ITEM_STATE_LABELS } from './labels';

/** Changes a promise's state: a note always, evidence for kept, new terms and agreement for a renegotiation. */
export function StateDialog(props: { item: ExpectationItem | null; onClose: () => void }) {
  const item = props.item;
  // No state chosen for the user: each opening starts empty, so a kept promise is never saved as the last choice.
  const [state, setState] = useState<ItemState | null>(null);
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState<string | null>(null);
  const [newTerms, setNewTerms] = useState('');
  const [newDueOn, setNewDueOn] = useState('');
  const [agreed, setAgreed] = useState(false);
  useEffect(() => {
    setState(null);
    setNote('');
    setNewTerms('');
    setNewDueOn('');
    setAgreed(false);
    setEvidence(null);
  }, [item?.id]);
  const entries = useQuery({
    queryKey: ['timeline', { clientId: item?.clientId, kinds: ['delivery'] }],
    queryFn: async () => (await call('timeline.query', { clientId: item!.clientId, kinds: ['delivery'], limit: 200 })).entries,
    enabled: !!item,
  });
  const save = useSave(
    () =>
      call('expectations.setState', {
        id: item!.id,
        version: item!.version,
        state: state!,
        note,
        ...(state === 'kept' && evidence ? { evidenceEntryId: evidence } : {}),
        ...(state === 'renegotiated' ? { newTerms, clientAgreed: agreed, ...(newDueOn ? { newDueOn } : {}) } : {}),
      }),
    () => {
      setNote('');
      setNewTerms('');
      setNewDueOn('');
      setAgreed(false);
      setEvidence(null);
      props.onClose();
    },
  );
  const options = ITEM_STATES.filter((s) => s !== item?.state || s === 'renegotiated').map((s) => ({ value: s, label: ITEM_STATE_LABELS[s] }));

  return (
    <Modal opened={!!item} onClose={props.onClose} title="Change the promise’s state">
      {item && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(undefined);
          }}
        >
          <Stack>
            <Text size="sm">{item.text}</Text>
            <Select label="New state" placeholder="Choose the new state" data={options} value={state} onChange={(v) => v && setState(v as ItemState)} allowDeselect={false} />
            <Textarea label="Note" description="What happened, in a sentence. It goes on the timeline." value={note} onChange={(e) => setNote(e.currentTarget.value)} required autosize minRows={2} />
            {state === 'kept' && (
              <Select
                label="Evidence (a delivery on the timeline)"
                placeholder={entries.data?.length ? 'Choose a delivery' : 'No deliveries logged yet'}
                data={(entries.data ?? []).map((e) => ({ value: e.id, label: `${e.occurredAt.slice(0, 10)} — ${e.summary}` }))}
                value={evidence}
                onChange={setEvidence}
                clearable
              />
            )}
            {state === 'renegotiated' && (
              <>
                <TextInput label="New terms" value={newTerms} onChange={(e) => setNewTerms(e.currentTarget.value)} required />
                <TextInput type="date" label="New due date" value={newDueOn} onChange={(e) => setNewDueOn(e.currentTarget.value)} />
                <Checkbox label="The client agreed to the new terms" checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} />
              </>
            )}
            {(state === 'at-risk' || state === 'slipped') && (
              <Text size="sm" c="orange.9">
                Tell the client early rather than late: a promise renegotiated in good time keeps trust.
              </Text>
            )}
            <ErrorAlert message={save.error ? messageOf(save.error) : null} />
            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!state}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
