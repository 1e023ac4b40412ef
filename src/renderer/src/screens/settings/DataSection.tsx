import { useState } from 'react';
import { Button, Checkbox, Group, Modal, Paper, PasswordInput, Select, Stack, Text, Title } from '@mantine/core';
import type { ExportFormat } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { saveBlob } from '../../download';
import { ImportDialog } from './ImportDialog';

const TYPES: Record<ExportFormat, string> = { json: 'application/json', csv: 'text/csv', vcard: 'text/vcard' };

function PlainExportDialog(props: { opened: boolean; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>('json');
  const [passphrase, setPassphrase] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [bom, setBom] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setPassphrase('');
    setConfirmed(false);
    setError(null);
    props.onClose();
  };
  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      const out = await call('export.plain', { passphrase, confirmUnencrypted: true, format, ...(format === 'csv' ? { bom } : {}) });
      for (const [name, text] of Object.entries(out.files)) saveBlob(new Blob([text], { type: TYPES[format] }), name);
      close();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={props.opened} onClose={close} title="Export your data (not encrypted)">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (confirmed) void submit();
        }}
      >
        <Stack>
          <Select
            label="Format"
            data={[
              { value: 'json', label: 'Everything, as JSON' },
              { value: 'csv', label: 'CSV, one file per kind of record' },
              { value: 'vcard', label: 'Contacts, as vCard' },
            ]}
            value={format}
            onChange={(v) => v && setFormat(v as ExportFormat)}
            allowDeselect={false}
          />
          {format === 'csv' && (
            <Checkbox
              label="Mark the files as UTF-8 (a byte-order mark), so Excel on Windows shows accented names right"
              checked={bom}
              onChange={(e) => setBom(e.currentTarget.checked)}
            />
          )}
          <PasswordInput label="Passphrase" description="Confirm it is you." value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} required />
          <Checkbox
            label="I understand these files will not be encrypted: anyone who gets them can read them."
            checked={confirmed}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
          />
          <ErrorAlert message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="orange" loading={busy} disabled={!confirmed || !passphrase}>
              Export
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Data in and out: import contacts, export everything, and follow-ups and dates for a calendar. */
export function DataSection() {
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [sensitive, setSensitive] = useState(false);
  const [calendarError, setCalendarError] = useState<string | null>(null);
  const exportCalendar = async () => {
    setCalendarError(null);
    try {
      const cal = await call('export.calendar', { includeSensitiveText: sensitive });
      saveBlob(new Blob([cal.text], { type: 'text/calendar' }), cal.fileName);
    } catch (e) {
      setCalendarError(messageOf(e));
    }
  };
  return (
    <Paper withBorder p="lg" component="section" aria-label="Import and export">
      <Title order={2} size="h4" mb="sm">
        Import and export
      </Title>
      <Stack>
        <Group>
          <Button variant="default" onClick={() => setImporting(true)}>
            Import contacts…
          </Button>
          <Button variant="default" onClick={() => setExporting(true)}>
            Export everything…
          </Button>
        </Group>
        <Text size="sm">Follow-ups and important dates for your calendar (an .ics file):</Text>
        <Group>
          <Checkbox
            label="Include names and reasons in event titles"
            checked={sensitive}
            onChange={(e) => setSensitive(e.currentTarget.checked)}
          />
          <Button variant="default" onClick={() => void exportCalendar()}>
            Export calendar
          </Button>
        </Group>
        <ErrorAlert message={calendarError} />
      </Stack>
      <ImportDialog opened={importing} onClose={() => setImporting(false)} />
      <PlainExportDialog opened={exporting} onClose={() => setExporting(false)} />
    </Paper>
  );
}
