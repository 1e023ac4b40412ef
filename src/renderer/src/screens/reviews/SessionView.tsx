import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Grid, Group, Loader, Modal, NavLink, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCheck } from '@tabler/icons-react';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RecordForm, type RecordDraft } from './RecordForm';
import { SignalsCard } from './SignalsCard';
import { Summary } from './Summary';
import { DECISION_COLORS, DECISION_LABELS } from './labels';
import { plural } from '../../format';

/** Walks the review client by client; a finished review shows its summary. */
export function SessionView(props: { id: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: ['reviews', props.id], queryFn: () => call('reviews.get', { id: props.id }) });
  const [index, setIndex] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['reviews'] });

  useEffect(() => {
    if (session.data && index === null) setIndex(Math.min(session.data.position, session.data.clientIds.length - 1));
  }, [session.data, index]);

  const record = useMutation({
    mutationFn: (draft: RecordDraft) => call('reviews.record', { id: props.id, clientId: session.data!.clientIds[index!], ...draft }),
    onSuccess: async (s) => {
      await refresh();
      setIndex((i) => Math.min((i ?? 0) + 1, s.clientIds.length - 1));
    },
  });
  const finish = useMutation({
    mutationFn: () => call('reviews.finish', { id: props.id, version: session.data!.version }),
    onSuccess: async () => {
      setConfirming(false);
      await refresh();
    },
  });

  const back = (
    <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={props.onClose}>
      {session.data?.status === 'finished' ? 'Back to reviews' : 'Leave the review (resume later)'}
    </Button>
  );
  if (session.isPending) return <Loader aria-label="Loading the review" />;
  if (session.error) return <Stack>{back}<ErrorAlert message={messageOf(session.error)} /></Stack>;
  const s = session.data;
  if (s.status === 'finished') return <Stack>{back}<Summary session={s} /></Stack>;

  const i = index ?? 0;
  const clientId = s.clientIds[i];
  const signals = s.signals?.find((x) => x.clientId === clientId);
  const recordFor = (id: string) => s.records.find((r) => r.clientId === id);
  const names = new Map((s.signals ?? []).map((x) => [x.clientId, x.clientName]));

  return (
    <Stack>
      <Group justify="space-between">
        {back}
        <Button leftSection={<IconCheck size={16} />} onClick={() => setConfirming(true)} disabled={s.records.length === 0}>
          Finish the review
        </Button>
      </Group>
      <Title order={1} size="h2">
        Review {s.quarter}
      </Title>
      <Text c="dimmed" size="sm" role="status">
        {s.records.length} of {plural(s.clientIds.length, 'client')} recorded
      </Text>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder p={4}>
            <ScrollArea.Autosize mah={560}>
              <nav aria-label="Clients in this review">
                {s.clientIds.map((id, n) => {
                  const r = recordFor(id);
                  return (
                    <NavLink
                      key={id}
                      component="button"
                      active={n === i}
                      aria-current={n === i ? 'step' : undefined}
                      label={names.get(id) ?? 'Deleted client'}
                      onClick={() => setIndex(n)}
                      rightSection={r ? <Badge size="xs" color={DECISION_COLORS[r.decision]}>{DECISION_LABELS[r.decision]}</Badge> : null}
                    />
                  );
                })}
              </nav>
            </ScrollArea.Autosize>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack>
            {signals ? <SignalsCard s={signals} /> : <Text>This client was deleted since the review started.</Text>}
            {signals && (
              <Paper withBorder p="md">
                <RecordForm
                  clientId={clientId}
                  existing={recordFor(clientId)}
                  warmthNow={signals.warmthNow}
                  busy={record.isPending}
                  error={record.error ? messageOf(record.error) : null}
                  onSave={(d) => record.mutate(d)}
                />
              </Paper>
            )}
            <Group justify="space-between">
              <Button variant="default" disabled={i === 0} onClick={() => setIndex(i - 1)}>
                Previous client
              </Button>
              <Button variant="default" disabled={i >= s.clientIds.length - 1} onClick={() => setIndex(i + 1)}>
                Skip to the next client
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
      </Grid>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Finish the review?">
        <Stack>
          <Text>
            A finished review becomes a dated record that cannot change (you can still add notes to it). Next actions
            become follow-ups, a warmth you chose becomes a reading, and each reviewed client gets a review entry on its timeline.
          </Text>
          {s.records.length < s.clientIds.length && (
            <Text c="orange.9">
              {plural(s.clientIds.length - s.records.length, 'client has', 'clients have')} no decision and will be left out.
            </Text>
          )}
          <ErrorAlert message={finish.error ? messageOf(finish.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep reviewing
            </Button>
            <Button onClick={() => finish.mutate()} loading={finish.isPending}>
              Finish
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
