import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  Paper,
  Progress,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../../../shared/types';
import { batchTask, senderNameOf, type BatchPreviewRow, type BatchResult } from '../../../../shared/letters';
import { IconAlertTriangle } from '@tabler/icons-react';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { STAGE_LABELS } from '../../labels';
import { keys, useSave } from '../../queries';
import { letterheadKey, templateOptions, useTemplates } from './templateOptions';

/** Many letters at once: choose clients, a template, a folder; review the warnings; export with progress. */
export function BatchTab() {
  const clients = useQuery({ queryKey: keys.clients, queryFn: () => call('clients.list', {}) });
  const templates = useTemplates();
  const letterhead = useQuery({ queryKey: letterheadKey, queryFn: () => call('letters.letterhead', {}) });
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => call('settings.get', {}) });
  /** Known only once both are read: no sender in the letterhead or Settings. */
  const unsigned = !!letterhead.data && !!settings.data && !senderNameOf(letterhead.data, settings.data);
  const [stage, setStage] = useState<string>('all');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [templateId, setTemplateId] = useState<string | null>(null);
  /** The folder chosen in main's dialog: an opaque id and its name, never a path. */
  const [folder, setFolder] = useState<{ id: string; name: string } | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  const [writtenTo, setWrittenTo] = useState<string | null>(null);
  const [format, setFormat] = useState<'pdf' | 'docx'>('pdf');
  const [allowMissing, setAllowMissing] = useState(false);
  const [review, setReview] = useState<BatchPreviewRow[] | null>(null);
  const [reviewError, setReviewError] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<BatchResult | null>(null);

  const visible = useMemo(
    () => (clients.data ?? []).filter((c) => stage === 'all' || c.stage === stage),
    [clients.data, stage],
  );
  const ids = [...chosen];

  useEffect(() => {
    if (!batchId) return;
    const task = batchTask(batchId);
    return window.rapport.onEvent((e) => {
      if (e.type === 'progress' && e.task === task) setProgress({ done: e.done, total: e.total });
    });
  }, [batchId]);

  const run = useSave(
    (id: string) => call('letters.batch', { templateId: templateId!, clientIds: ids, folderChoice: folder!.id, format, batchId: id, allowMissing }),
    (r) => {
      setResult(r);
      // A choice is used once: the next batch asks for its folder again.
      setWrittenTo(folder?.name ?? null);
      setFolder(null);
    },
  );

  const toggle = (id: string, on: boolean) =>
    setChosen((old) => {
      const next = new Set(old);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const invalidate = () => {
    setReview(null);
    setResult(null);
  };

  const doReview = async () => {
    setReviewing(true);
    setReviewError(null);
    try {
      setReview(await call('letters.batchPreview', { templateId: templateId!, clientIds: ids }));
    } catch (e) {
      setReviewError(messageOf(e));
    } finally {
      setReviewing(false);
    }
  };

  /** Main shows its own folder dialog; the page keeps only the choice's id and name. */
  const chooseFolder = async () => {
    setFolderError(null);
    try {
      const r = await call('files.choose', { purpose: 'letters-folder' });
      if (!r.supported) setFolderError('Choosing a folder is not available here.');
      else if (r.choice) setFolder(r.choice);
    } catch (e) {
      setFolderError(messageOf(e));
    }
  };

  const start = () => {
    const id = crypto.randomUUID();
    setBatchId(id);
    setProgress({ done: 0, total: ids.length });
    setResult(null);
    run.mutate(id);
  };

  const allVisibleChosen = visible.length > 0 && visible.every((c) => chosen.has(c.id));
  const failures = result?.results.filter((r) => r.status === 'failed') ?? [];
  const cancelled = result?.results.filter((r) => r.status === 'cancelled') ?? [];

  return (
    <Stack>
      <Paper withBorder p="md" component="section" aria-label="Choose clients">
        <Stack gap="sm">
          <Title order={2} size="h5">
            Clients
          </Title>
          {clients.isPending && <Loader aria-label="Loading clients" />}
          <Group align="flex-end">
            <Select
              label="Stage"
              data={[{ value: 'all', label: 'All stages' }, ...LIFECYCLE_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))]}
              value={stage}
              onChange={(v) => setStage(v ?? 'all')}
              allowDeselect={false}
            />
            <Checkbox
              label={`Select all ${visible.length} shown`}
              checked={allVisibleChosen}
              indeterminate={!allVisibleChosen && visible.some((c) => chosen.has(c.id))}
              disabled={visible.length === 0}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setChosen((old) => {
                  const next = new Set(old);
                  for (const c of visible) {
                    if (on) next.add(c.id);
                    else next.delete(c.id);
                  }
                  return next;
                });
                invalidate();
              }}
            />
          </Group>
          {clients.data && visible.length === 0 && (
            <Text size="sm" c="dimmed">
              {clients.data.length === 0 ? 'No clients yet.' : `No clients at the ${STAGE_LABELS[stage as LifecycleStage]} stage.`}
            </Text>
          )}
          <ScrollArea.Autosize mah={260}>
            <Stack gap={6} role="group" aria-label="Clients to write to">
              {visible.map((c) => (
                <Checkbox
                  key={c.id}
                  label={c.name}
                  description={STAGE_LABELS[c.stage]}
                  checked={chosen.has(c.id)}
                  onChange={(e) => {
                    toggle(c.id, e.currentTarget.checked);
                    invalidate();
                  }}
                />
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Text size="sm">{chosen.size} chosen</Text>
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section" aria-label="Batch letter">
        <Stack gap="sm">
          <Select
            label="Template"
            placeholder="Choose a template"
            searchable
            data={templateOptions(templates.data ?? [])}
            value={templateId}
            onChange={(v) => {
              setTemplateId(v);
              invalidate();
            }}
          />
          <div>
            <Text size="sm" fw={500}>
              Folder
            </Text>
            <Text size="sm" c="dimmed">
              The letters are written here, one file per client.
            </Text>
            <Group gap="xs" mt={4}>
              <Button variant="default" onClick={() => void chooseFolder()}>
                Choose folder…
              </Button>
              <Text size="sm" role="status" aria-label="Chosen folder">
                {folder ? folder.name : 'No folder chosen'}
              </Text>
            </Group>
            {folderError && (
              <Text size="sm" c="red.8" role="alert">
                {folderError}
              </Text>
            )}
          </div>
          <div>
            <Text size="sm" fw={500} id="batch-format-label">
              Format
            </Text>
            <SegmentedControl
              aria-labelledby="batch-format-label"
              value={format}
              onChange={(v) => setFormat(v as 'pdf' | 'docx')}
              data={[
                { value: 'pdf', label: 'PDF' },
                { value: 'docx', label: 'Word (DOCX)' },
              ]}
            />
          </div>
          <Checkbox
            label="Also write letters that have gaps (a field with no value)"
            description="Otherwise those letters are listed as failed, and the rest are written."
            checked={allowMissing}
            onChange={(e) => setAllowMissing(e.currentTarget.checked)}
          />
          <div role="status" aria-live="polite">
            {unsigned && (
              <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="No sender: these letters would be unsigned">
                <Text size="sm">
                  Each would end with no name. Set your name and title in Settings (General), or a sender on the Letterhead tab.
                </Text>
              </Alert>
            )}
          </div>
          <Group>
            <Button variant="default" disabled={!templateId || chosen.size === 0} loading={reviewing} onClick={() => void doReview()}>
              Review
            </Button>
            <Button disabled={!templateId || chosen.size === 0 || !folder || run.isPending} onClick={start}>
              Export {chosen.size} {chosen.size === 1 ? 'letter' : 'letters'}
            </Button>
            {run.isPending && batchId && (
              <Button variant="default" color="red" onClick={() => void call('letters.cancelBatch', { batchId })}>
                Cancel
              </Button>
            )}
          </Group>
          <ErrorAlert message={reviewError ?? (run.error ? messageOf(run.error) : null)} />
          {run.isPending && progress && (
            <Stack gap={4}>
              <Progress value={progress.total ? (100 * progress.done) / progress.total : 0} aria-label="Letters written" />
              <Text size="sm" role="status">
                {progress.done} of {progress.total} written
              </Text>
            </Stack>
          )}
        </Stack>
      </Paper>
      {review && !result && (
        <Paper withBorder p="md" component="section" aria-label="Review before exporting">
          <Title order={2} size="h5" mb="sm">
            Review: {review.filter((r) => r.ready).length} of {review.length} ready
          </Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Client</Table.Th>
                <Table.Th>Addressed to</Table.Th>
                <Table.Th>Warnings</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {review.map((r) => (
                <Table.Tr key={r.clientId}>
                  <Table.Td>{r.clientName || r.clientId}</Table.Td>
                  <Table.Td>{r.contactName ?? 'The organisation'}</Table.Td>
                  <Table.Td>
                    {r.error ? (
                      <Text size="sm" c="red.9">
                        {r.error}
                      </Text>
                    ) : r.missing.length === 0 ? (
                      <Badge variant="light" color="teal">
                        Ready
                      </Badge>
                    ) : (
                      <Text size="sm">
                        {r.missing.map((m) => `${m.label} ${m.effect === 'blank' ? '(gap)' : '(line left out)'}`).join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" mt="xs">
            Letters with a gap are written only when you allow gaps above; fill the client’s dossier first to avoid them.
          </Text>
        </Paper>
      )}
      {result && (
        <Paper withBorder p="md" component="section" aria-label="Batch results">
          <Stack gap="xs">
            <Title order={2} size="h5" role="status">
              {result.cancelled ? 'Cancelled: ' : ''}
              {result.written} written, {result.failed} failed{cancelled.length ? `, ${cancelled.length} not started` : ''}
            </Title>
            {failures.length > 0 && (
              <List size="sm">
                {failures.map((f) => (
                  <List.Item key={f.clientId}>
                    {f.clientName}: {f.error}
                  </List.Item>
                ))}
              </List>
            )}
            {result.written > 0 && (
              <Text size="sm">The rest are in {writtenTo ?? 'the folder you chose'} and recorded on each client’s timeline.</Text>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
