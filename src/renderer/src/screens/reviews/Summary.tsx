import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { ReviewSession } from '../../../../shared/types';
import { REVIEW_DECISIONS } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { saveBlob } from '../../download';
import { AttentionChart } from './Charts';
import { DECISION_COLORS, DECISION_LABELS, percent } from './labels';
import { clientPagePdf, reviewReportPdf } from './report';
import { reportFonts } from './reportFonts';
import { formatDateTime, formatDay } from '../../format';

/** A finished review: its frozen summary, charts, annotations, and the PDF report. */
export function Summary({ session }: { session: ReviewSession }) {
  const s = session.summary!;
  const queryClient = useQueryClient();
  const trends = useQuery({ queryKey: ['reviews', 'trends'], queryFn: () => call('reviews.trends', {}) });
  const [note, setNote] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);
  const [pageClient, setPageClient] = useState<string | null>(null);
  const exportClientPage = async () => {
    setExportError(null);
    const name = session.signals?.find((x) => x.clientId === pageClient)?.clientName ?? 'Client';
    try {
      const bytes = await clientPagePdf(session, pageClient!, await reportFonts());
      saveBlob(new Blob([bytes as BlobPart], { type: 'application/pdf' }), `${name} review ${s.quarter}.pdf`);
    } catch {
      setExportError('The page could not be built. Please try again.');
    }
  };
  const annotate = useMutation({
    mutationFn: () => call('reviews.annotate', { id: session.id, text: note }),
    onSuccess: async () => {
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['reviews', session.id] });
    },
  });
  const exportPdf = async () => {
    setExportError(null);
    try {
      const bytes = await reviewReportPdf(session, trends.data ?? null, await reportFonts());
      saveBlob(new Blob([bytes as BlobPart], { type: 'application/pdf' }), `Quarterly review ${s.quarter}.pdf`);
    } catch {
      setExportError('The report could not be built. Please try again.');
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Review {s.quarter} — summary
        </Title>
        <Button leftSection={<IconDownload size={16} />} onClick={() => void exportPdf()}>
          Export PDF report
        </Button>
      </Group>
      <Group align="flex-end">
        <Select
          label="One client’s page"
          placeholder="Choose a client"
          data={(session.signals ?? []).map((x) => ({ value: x.clientId, label: x.clientName }))}
          value={pageClient}
          onChange={setPageClient}
          searchable
        />
        <Button variant="default" disabled={!pageClient} onClick={() => void exportClientPage()}>
          Export the client’s page
        </Button>
      </Group>
      <ErrorAlert message={exportError} />
      <Text c="dimmed" size="sm">
        Finished {formatDateTime(session.finishedAt)}: a dated record that cannot change.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md">
          <Text size="xs" fw={600} tt="uppercase" c="dimmed">Clients reviewed</Text>
          <Text size="xl" fw={700}>{s.reviewed}</Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="xs" fw={600} tt="uppercase" c="dimmed">Promises kept on time</Text>
          <Text size="xl" fw={700}>{percent(s.promiseRate)}</Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="xs" fw={600} tt="uppercase" c="dimmed">Average warmth</Text>
          <Text size="xl" fw={700}>{s.practiceWarmth?.toFixed(1) ?? '—'} / 5</Text>
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md" component="section" aria-label="Decisions">
        <Title order={2} size="h4" mb="xs">Decisions</Title>
        <SimpleGrid cols={{ base: 1, md: 4 }}>
          {REVIEW_DECISIONS.map((d) => (
            <Stack key={d} gap={4}>
              <Badge color={DECISION_COLORS[d]} variant="light">{DECISION_LABELS[d]}</Badge>
              <Text size="sm">{s.byDecision[d].join(', ') || '—'}</Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" component="section" aria-label="Going cold">
        <Title order={2} size="h4" mb="xs">Going cold</Title>
        <Text size="sm">{s.goingCold.join(', ') || 'Nobody is past their keep-in-touch cadence.'}</Text>
      </Paper>
      <Paper withBorder p="md">
        <AttentionChart summary={s} />
      </Paper>
      <Paper withBorder p="md" component="section" aria-label="Changes since the previous review">
        <Title order={2} size="h4" mb="xs">Changes since the previous review</Title>
        <Table aria-label="Changes since the previous review">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Decision before</Table.Th>
              <Table.Th>Decision now</Table.Th>
              <Table.Th>Warmth before</Table.Th>
              <Table.Th>Warmth now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.changes.map((c) => (
              <Table.Tr key={c.clientName}>
                <Table.Td>{c.clientName}</Table.Td>
                <Table.Td>{c.decisionBefore ? DECISION_LABELS[c.decisionBefore] : 'First review'}</Table.Td>
                <Table.Td>{DECISION_LABELS[c.decisionNow]}</Table.Td>
                <Table.Td>{c.warmthBefore ?? '—'}</Table.Td>
                <Table.Td>{c.warmthNow ?? 'not set'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md" component="section" aria-label="Annotations">
        <Title order={2} size="h4" mb="xs">Annotations</Title>
        {session.annotations.length > 0 && (
          <List size="sm" mb="sm">
            {session.annotations.map((a) => (
              <List.Item key={a.at}>
                {formatDay(a.at)}: {a.text}
              </List.Item>
            ))}
          </List>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) annotate.mutate();
          }}
        >
          <Stack gap="xs">
            <Textarea label="Add an annotation" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
            <ErrorAlert message={annotate.error ? messageOf(annotate.error) : null} />
            <Group>
              <Button type="submit" variant="default" loading={annotate.isPending} disabled={!note.trim()}>
                Add annotation
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
