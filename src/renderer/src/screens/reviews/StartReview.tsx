import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { previousQuarters, quarterOf } from './labels';

const STAGE_NAMES: Record<LifecycleStage, string> = {
  prospect: 'Prospects',
  onboarding: 'Onboarding',
  active: 'Active',
  'issue-resolution': 'Issue resolution',
  offboarding: 'Offboarding',
  alumni: 'Alumni',
};

export function StartReview(props: { opened: boolean; onClose: () => void; onStarted: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [quarter, setQuarter] = useState(quarterOf(new Date()));
  const [stages, setStages] = useState<string[]>(['onboarding', 'active', 'issue-resolution', 'offboarding']);
  const start = useMutation({
    mutationFn: () => call('reviews.start', { quarter, stages: stages as LifecycleStage[] }),
    onSuccess: async (session) => {
      await queryClient.invalidateQueries({ queryKey: ['reviews'] });
      props.onClose();
      props.onStarted(session.id);
    },
  });
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Start a quarterly review">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate();
        }}
      >
        <Stack>
          <Select label="Quarter" data={previousQuarters(new Date(), 4)} value={quarter} onChange={(v) => v && setQuarter(v)} allowDeselect={false} />
          <Checkbox.Group label="Clients in these stages" value={stages} onChange={setStages}>
            <Stack gap={6} mt={6}>
              {LIFECYCLE_STAGES.map((s) => (
                <Checkbox key={s} value={s} label={STAGE_NAMES[s]} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Text size="sm" c="dimmed">
            You can leave the review at any point and resume it later.
          </Text>
          <ErrorAlert message={start.error ? messageOf(start.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={start.isPending} disabled={stages.length === 0}>
              Start review
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
