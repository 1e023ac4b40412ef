import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, FileInput, Group, List, Modal, Progress, Select, Stack, Table, Text } from '@mantine/core';
import type { ImportAction, ImportField, ImportMapping, ImportPreview, ImportReport } from '../../../../shared/types';
import { IMPORT_FIELDS } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { saveBlob } from '../../download';
import { invalidateData } from '../../queries';

const FIELD_LABELS: Record<ImportField, string> = {
  name: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  organisation: 'Organisation',
  role: 'Role or title',
};
const ACTION_LABELS: Record<ImportAction, string> = { skip: 'Skip', merge: 'Merge', create: 'Create anyway' };
const REASON_LABELS = { email: 'same email', phone: 'same phone', name: 'same name', organisation: 'same organisation', 'similar-name': 'similar name' };

/**
 * Import contacts from a vCard or CSV file: preview first (what will be created, likely duplicates
 * with a choice per row, unreadable rows with their line), then one transaction with progress.
 */
export function ImportDialog(props: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [decisions, setDecisions] = useState<Record<string, ImportAction>>({});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      window.rapport.onEvent((e) => {
        if (e.type === 'progress' && e.task === 'import') setProgress({ done: e.done, total: e.total });
      }),
    [],
  );

  const reset = () => {
    setFile(null);
    setText(null);
    setPreview(null);
    setMapping({});
    setDecisions({});
    setProgress(null);
    setReport(null);
    setError(null);
  };
  const close = () => {
    reset();
    props.onClose();
  };
  const format = (f: File) => (/\.csv$/i.test(f.name) ? 'csv' : 'vcard');

  const runPreview = async (f: File, body: string, m?: ImportMapping) => {
    setError(null);
    setBusy(true);
    try {
      const p = await call('import.preview', { format: format(f), text: body, ...(m ? { mapping: m } : {}) });
      setPreview(p);
      if (p.mapping) setMapping(p.mapping);
      setDecisions(Object.fromEntries(p.duplicates.map((r) => [r.rowId, r.suggested])));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = async (f: File | null) => {
    reset();
    setFile(f);
    if (!f) return;
    const body = await f.text();
    setText(body);
    await runPreview(f, body);
  };

  const commit = async () => {
    if (!preview?.previewId) return;
    setError(null);
    setBusy(true);
    setProgress({ done: 0, total: preview.counts.rows });
    try {
      setReport(await call('import.commit', { previewId: preview.previewId, decisions }));
      await invalidateData(queryClient);
    } catch (e) {
      setError(`${messageOf(e)} Nothing was imported.`);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  return (
    <Modal opened={props.opened} onClose={close} title="Import contacts" size="xl">
      <Stack>
        {!report && (
          <FileInput
            label="vCard or CSV file"
            description="From Apple Contacts, Google Contacts, Outlook, LinkedIn, or any CSV."
            accept=".vcf,.vcard,.csv,text/vcard,text/csv"
            value={file}
            onChange={(f) => void choose(f)}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
          />
        )}
        {preview?.needsMapping && file && text && (
          <Stack gap="xs" component="section" aria-label="Column mapping">
            <Text size="sm">Rapport does not know this CSV’s columns. Say which column holds what:</Text>
            <Group grow>
              {IMPORT_FIELDS.map((f) => (
                <Select
                  key={f}
                  label={FIELD_LABELS[f]}
                  data={preview.columns}
                  value={mapping[f] ?? null}
                  onChange={(v) => setMapping({ ...mapping, [f]: v ?? undefined })}
                  clearable
                />
              ))}
            </Group>
            <Group>
              <Button variant="default" onClick={() => void runPreview(file, text, mapping)} loading={busy}>
                Preview with this mapping
              </Button>
            </Group>
          </Stack>
        )}
        {preview && !preview.needsMapping && !report && (
          <Stack>
            <Text size="sm" role="status">
              Read as {preview.detected}: {preview.counts.toCreate} to create, {preview.counts.duplicates} possible duplicates,{' '}
              {preview.counts.unreadable} unreadable; {preview.counts.newClients} new clients.
            </Text>
            {preview.notes.map((n) => (
              <Text key={n} size="sm" c="dimmed">
                {n}
              </Text>
            ))}
            {preview.duplicates.length > 0 && (
              <Table aria-label="Possible duplicates" withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Line</Table.Th>
                    <Table.Th>In the file</Table.Th>
                    <Table.Th>Looks like</Table.Th>
                    <Table.Th>What to do</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.duplicates.map((r) => (
                    <Table.Tr key={r.rowId}>
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td>
                        {r.person.name}
                        <Text size="xs" c="dimmed">
                          {[r.person.email, r.person.phone].filter(Boolean).join(' · ')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {r.duplicate!.match.name}
                        {r.duplicate!.match.clientName ? ` (${r.duplicate!.match.clientName})` : ''}
                        <Group gap={4} mt={2}>
                          {r.duplicate!.reasons.map((x) => (
                            <Badge key={x} size="xs" variant="light">
                              {REASON_LABELS[x]}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={`What to do with ${r.person.name} (line ${r.line})`}
                          data={(['skip', 'merge', 'create'] as const).map((a) => ({ value: a, label: ACTION_LABELS[a] }))}
                          value={decisions[r.rowId]}
                          onChange={(v) => v && setDecisions({ ...decisions, [r.rowId]: v as ImportAction })}
                          allowDeselect={false}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {preview.unreadable.length > 0 && (
              <Alert color="orange" title="Rows that cannot be read (they will be left out)">
                <List size="sm">
                  {preview.unreadable.slice(0, 50).map((u) => (
                    <List.Item key={u.line}>
                      Line {u.line}: {u.reason}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
          </Stack>
        )}
        {progress && <Progress value={progress.total ? (100 * progress.done) / progress.total : 0} aria-label="Import progress" animated />}
        {report && (
          <Alert color="teal" title="Import finished" role="status">
            Created {report.counts.created} ({report.counts.clientsCreated} new clients, {report.counts.contactsCreated} contacts), merged{' '}
            {report.counts.merged}, skipped {report.counts.skipped}, failed {report.counts.failed}.
          </Alert>
        )}
        <ErrorAlert message={error} />
        <Group justify="flex-end">
          {report ? (
            <>
              <Button variant="default" onClick={() => saveBlob(new Blob([report.csv], { type: 'text/csv' }), 'Rapport import report.csv')}>
                Save the report
              </Button>
              <Button onClick={close}>Done</Button>
            </>
          ) : (
            <>
              <Button variant="default" onClick={close} disabled={busy && !!progress}>
                Cancel
              </Button>
              <Button onClick={() => void commit()} loading={busy} disabled={!preview?.previewId}>
                Import
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
