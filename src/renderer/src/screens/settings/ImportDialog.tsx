import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, FileInput, Group, List, Modal, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import type { DuplicateKind, ImportAction, ImportField, ImportMapping, ImportPreview, ImportReport, ImportRow } from '../../../../shared/types';
import { DUPLICATE_KINDS, IMPORT_FIELDS, POSSIBLE_DUPLICATE_KINDS } from '../../../../shared/types';
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
/** Each kind of duplicate in words: a heading for its rows. */
const KIND_LABELS: Record<DuplicateKind, string> = {
  'same-email': 'Same email',
  'same-phone': 'Same phone and a matching name',
  'same-name-and-organisation': 'Same name in the same organisation',
  'same-phone-other-name': 'Same phone, another name',
  'same-name-other-organisation': 'Same name, another organisation',
  'similar-name': 'Similar name',
};
const isPossible = (k: DuplicateKind) => POSSIBLE_DUPLICATE_KINDS.includes(k);
/** Rows shown per kind; the rest follow the choice for all rows of the kind. */
const SHOWN_PER_KIND = 100;

/** The file's bytes in base64, so the main process works out its charset (UTF-8, UTF-16, windows-1252). */
function base64Of(f: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file cannot be read.'));
    reader.readAsDataURL(f);
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One kind of duplicate: a choice for all its rows, then a choice per row. */
function DuplicateGroup(props: {
  kind: DuplicateKind;
  rows: ImportRow[];
  lineOf: Map<string, number>;
  decisions: Record<string, ImportAction>;
  onDecide: (rowIds: string[], action: ImportAction) => void;
}) {
  const { kind, rows, decisions } = props;
  const possible = isPossible(kind);
  const noun = possible ? plural(rows.length, 'possible duplicate', 'possible duplicates') : plural(rows.length, 'likely duplicate', 'likely duplicates');
  const chosen = new Set(rows.map((r) => decisions[r.rowId]));
  const all = chosen.size === 1 ? [...chosen][0] : null;
  const headingId = `import-kind-${kind}`;
  const options = (['create', 'skip', 'merge'] as const).map((a) => ({ value: a, label: ACTION_LABELS[a] }));
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <div>
          <Title order={3} size="h5" id={headingId}>
            {KIND_LABELS[kind]}: {noun}
          </Title>
          <Text size="xs" c="dimmed">
            {possible
              ? 'Maybe the same person, maybe not: these are created unless you choose otherwise.'
              : 'Very likely the same person: merged (empty fields filled in) or skipped unless you choose otherwise.'}
          </Text>
        </div>
        {rows.length > 1 && (
          <Select
            label={`For all ${noun}`}
            placeholder="Chosen per row"
            data={options}
            value={all}
            onChange={(v) => v && props.onDecide(rows.map((r) => r.rowId), v as ImportAction)}
            allowDeselect={false}
            w={260}
            style={{ flexShrink: 0 }}
          />
        )}
      </Group>
      <Table aria-label={`${KIND_LABELS[kind]}: ${noun}`} withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>In the file</Table.Th>
            <Table.Th>Looks like</Table.Th>
            <Table.Th>What to do</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.slice(0, SHOWN_PER_KIND).map((r) => {
            const d = r.duplicate!;
            const where = d.match.kind === 'row' ? `earlier in this file, line ${props.lineOf.get(d.match.id) ?? '?'}` : 'already in Rapport';
            return (
              <Table.Tr key={r.rowId}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td>
                  {r.person.name || r.person.organisation}
                  {r.person.organisation && r.person.name ? ` (${r.person.organisation})` : ''}
                  <Text size="xs" c="dimmed">
                    {[r.person.email, r.person.phone].filter(Boolean).join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {d.match.name}
                  {d.match.clientName && d.match.clientName !== d.match.name ? ` (${d.match.clientName})` : ''}
                  <Text size="xs" c="dimmed">
                    {[d.match.email, d.match.phone].filter(Boolean).join(' · ')}
                    {d.match.email || d.match.phone ? ' · ' : ''}
                    {where}
                  </Text>
                  <Group gap={4} mt={2}>
                    {d.reasons.map((x) => (
                      <Badge key={x} size="xs" variant="light" color={x === 'similar-name' ? 'orange' : 'blue'}>
                        {REASON_LABELS[x]}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`What to do with ${r.person.name || r.person.organisation} (line ${r.line})`}
                    data={options}
                    value={decisions[r.rowId]}
                    onChange={(v) => v && props.onDecide([r.rowId], v as ImportAction)}
                    allowDeselect={false}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {rows.length > SHOWN_PER_KIND && (
        <Text size="sm" c="dimmed">
          And {rows.length - SHOWN_PER_KIND} more rows of this kind: they follow the choice for all.
        </Text>
      )}
    </Stack>
  );
}

/**
 * Import contacts from a vCard or CSV file: preview first (what will be created; duplicates grouped
 * by their evidence, with a choice for all rows of a kind and per row; unreadable rows with their
 * line), then one transaction with progress. The file goes to the main process as bytes (base64),
 * so its charset is detected there.
 */
export function ImportDialog(props: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  /** The file's bytes, in base64. */
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
      const p = await call('import.preview', { format: format(f), text: body, encoding: 'base64', ...(m ? { mapping: m } : {}) });
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
    let body: string;
    try {
      body = await base64Of(f);
    } catch (e) {
      setError(messageOf(e));
      return;
    }
    setText(body);
    await runPreview(f, body);
  };

  /** Duplicates grouped by kind, strong evidence first. */
  const groups = useMemo(() => {
    const by = new Map<DuplicateKind, ImportRow[]>();
    for (const r of preview?.duplicates ?? []) {
      const k = r.duplicate!.kind;
      if (!by.has(k)) by.set(k, []);
      by.get(k)!.push(r);
    }
    return DUPLICATE_KINDS.filter((k) => by.has(k)).map((k) => [k, by.get(k)!] as const);
  }, [preview]);
  const lineOf = useMemo(() => new Map([...(preview?.toCreate ?? []), ...(preview?.duplicates ?? [])].map((r) => [r.rowId, r.line])), [preview]);
  const decide = (rowIds: string[], action: ImportAction) => setDecisions((d) => ({ ...d, ...Object.fromEntries(rowIds.map((id) => [id, action])) }));

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
              Read as {preview.detected}: {preview.counts.toCreate} new, {plural(preview.counts.strongDuplicates, 'likely duplicate', 'likely duplicates')},{' '}
              {plural(preview.counts.possibleDuplicates, 'possible duplicate', 'possible duplicates')}, {preview.counts.unreadable} unreadable;{' '}
              {plural(preview.counts.newClients, 'new client', 'new clients')}.
            </Text>
            {preview.notes.map((n) => (
              <Text key={n} size="sm" c="dimmed">
                {n}
              </Text>
            ))}
            {groups.map(([kind, rows]) => (
              <DuplicateGroup key={kind} kind={kind} rows={rows} lineOf={lineOf} decisions={decisions} onDecide={decide} />
            ))}
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
