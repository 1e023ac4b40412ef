import { useEffect, useState } from 'react';
import { ActionIcon, Button, Checkbox, Group, Radio, SegmentedControl, Stack, TextInput, Textarea } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReviewAction, ReviewDecision, ReviewRecord } from '../../../../shared/types';
import { REVIEW_DECISIONS, WARMTH_LABELS } from '../../../../shared/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DECISION_LABELS } from './labels';

export interface RecordDraft {
  /** Null until the reviewer picks one: no choice records no reading. */
  warmth: 1 | 2 | 3 | 4 | 5 | null;
  decision: ReviewDecision;
  reason: string;
  notes: string;
  actions: ReviewAction[];
  startOffboarding: boolean;
}

function draftFrom(existing: ReviewRecord | undefined): RecordDraft {
  return existing ? { ...existing } : { warmth: null, decision: 'maintain', reason: '', notes: '', actions: [], startOffboarding: false };
}

/** What the reviewer decides for one client. */
export function RecordForm(props: {
  clientId: string;
  existing: ReviewRecord | undefined;
  warmthNow: number | null;
  busy: boolean;
  error: string | null;
  onSave: (draft: RecordDraft) => void;
}) {
  const [draft, setDraft] = useState<RecordDraft>(() => draftFrom(props.existing));
  useEffect(() => setDraft(draftFrom(props.existing)), [props.clientId, props.existing]);
  const set = <K extends keyof RecordDraft>(k: K, v: RecordDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setAction = (i: number, patch: Partial<ReviewAction>) =>
    set('actions', draft.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  return (
    <form
      aria-label="Review decision"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave(draft);
      }}
    >
      <Stack>
        <Radio.Group
          label="Warmth now"
          description={`${props.warmthNow ? `Last reading: ${WARMTH_LABELS[props.warmthNow - 1]}.` : 'No reading yet.'} Leave it unset to record no new reading.`}
          value={draft.warmth === null ? '' : String(draft.warmth)}
          onChange={(v) => set('warmth', v ? (Number(v) as RecordDraft['warmth']) : null)}
        >
          <Group mt={6}>
            {WARMTH_LABELS.map((label, i) => (
              <Radio key={label} value={String(i + 1)} label={label} />
            ))}
            {draft.warmth !== null && (
              <Button variant="subtle" size="compact-xs" onClick={() => set('warmth', null)}>
                Clear warmth
              </Button>
            )}
          </Group>
        </Radio.Group>
        <SegmentedControl
          aria-label="Decision"
          value={draft.decision}
          onChange={(v) => setDraft((d) => ({ ...d, decision: v as ReviewDecision, startOffboarding: v === 'part-ways' && d.startOffboarding }))}
          data={REVIEW_DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))}
        />
        <TextInput label="Reason" value={draft.reason} onChange={(e) => set('reason', e.currentTarget.value)} required />
        <Textarea label="Notes" value={draft.notes} onChange={(e) => set('notes', e.currentTarget.value)} autosize minRows={2} />
        <Stack gap="xs">
          {draft.actions.map((a, i) => (
            <Group key={i} align="flex-end" wrap="nowrap">
              <TextInput style={{ flex: 1 }} label={`Next action ${i + 1}`} value={a.reason} onChange={(e) => setAction(i, { reason: e.currentTarget.value })} required />
              <TextInput type="date" label={`Due date for action ${i + 1}`} value={a.dueOn} onChange={(e) => setAction(i, { dueOn: e.currentTarget.value })} required />
              <ActionIcon variant="default" size="lg" aria-label={`Remove action ${i + 1}`} onClick={() => set('actions', draft.actions.filter((_, j) => j !== i))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => set('actions', [...draft.actions, { reason: '', dueOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10) }])}
            >
              Add a next action
            </Button>
          </Group>
        </Stack>
        {draft.decision === 'part-ways' && (
          <Checkbox
            label="Start the offboarding checklist when the review is finished"
            checked={draft.startOffboarding}
            onChange={(e) => set('startOffboarding', e.currentTarget.checked)}
          />
        )}
        <ErrorAlert message={props.error} />
        <Group>
          <Button type="submit" loading={props.busy}>
            Save and go to the next client
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
