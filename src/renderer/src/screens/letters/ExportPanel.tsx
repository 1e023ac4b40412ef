import { useState } from 'react';
import { Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconClipboard, IconFileTypeDocx, IconFileTypePdf, IconMailForward } from '@tabler/icons-react';
import type { MethodInput } from '../../../../shared/contract';
import { LETTER_KIND_LABELS, type LetterExportResult, type LetterPreview } from '../../../../shared/letters';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { saveBlob } from '../../download';
import { useSave } from '../../queries';
import { possessive } from '../../format';

export type LetterRequest = MethodInput<'letters.preview'>;

/** A file name safe on every system. */
function safe(name: string): string {
  return name.replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim();
}


/** Export as PDF or Word where the person chooses in main's own dialog, copy as text, save an email draft. */
export function ExportPanel(props: { request: LetterRequest; preview: LetterPreview; stale: boolean }) {
  const p = props.preview;
  const suggested = safe(`${p.client.name} ${LETTER_KIND_LABELS[p.kind]}`) || 'Letter';
  const [allowMissing, setAllowMissing] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [written, setWritten] = useState<(LetterExportResult & { format: string; client: string }) | null>(null);
  const gaps = p.missing.filter((m) => m.effect === 'blank');

  // Where to save is chosen in main's dialog; the page gets an opaque choice id, never a path.
  const exporting = useSave(
    async (format: 'pdf' | 'docx') => {
      const chosen = await call('files.choose', { purpose: 'letter-save', suggestedName: `${suggested}.${format}` });
      if (!chosen.supported) throw new Error('Choosing where to save is not available here.');
      if (!chosen.choice) return null;
      const r = await call('letters.export', { ...props.request, format, choiceId: chosen.choice.id, ...(allowMissing ? { allowMissing } : {}) });
      return { ...r, format: format === 'pdf' ? 'PDF' : 'Word document', client: p.client.name };
    },
    (r) => {
      if (r) {
        setWritten(r);
        setSent(false);
      }
    },
  );
  const [sent, setSent] = useState(false);
  const marking = useSave((entryId: string) => call('timeline.markSent', { id: entryId, version: 1 }), () => setSent(true));

  const copyText = async () => {
    setError(null);
    setNote(null);
    try {
      const t = await call('letters.plainText', props.request);
      const text = `${t.subject}\n\n${t.text}`;
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        const r = await call('clipboard.copy', { text });
        if (!r.supported) throw new Error('clipboard');
      }
      setNote('The letter is on the clipboard as plain text.');
    } catch (e) {
      setError(e instanceof Error && e.message === 'clipboard' ? 'The clipboard is not available here.' : messageOf(e));
    }
  };

  const draft = async () => {
    setError(null);
    setNote(null);
    try {
      const d = await call('letters.emailDraft', props.request);
      saveBlob(new Blob([d.eml], { type: 'message/rfc822' }), d.fileName);
      setNote(`Email draft saved as ${d.fileName}${d.to ? `, to ${d.to}` : ' (no email address on record: add the recipient in your mail program)'}.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Export the letter">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Export
        </Title>
        <Text size="sm" c="dimmed">
          You choose where to save the file when you export.
        </Text>
        {gaps.length > 0 && (
          <Checkbox
            label={`Export with gaps where ${gaps.map((g) => g.label).join(', ')} would go`}
            checked={allowMissing}
            onChange={(e) => setAllowMissing(e.currentTarget.checked)}
          />
        )}
        <Group gap="xs">
          <Button
            leftSection={<IconFileTypePdf size={16} aria-hidden />}
            loading={exporting.isPending && exporting.variables === 'pdf'}
            disabled={props.stale}
            onClick={() => exporting.mutate('pdf')}
          >
            Export PDF
          </Button>
          <Button
            leftSection={<IconFileTypeDocx size={16} aria-hidden />}
            loading={exporting.isPending && exporting.variables === 'docx'}
            disabled={props.stale}
            onClick={() => exporting.mutate('docx')}
          >
            Export Word (DOCX)
          </Button>
          <Button variant="default" leftSection={<IconClipboard size={16} aria-hidden />} onClick={() => void copyText()}>
            Copy as text
          </Button>
          <Button variant="default" leftSection={<IconMailForward size={16} aria-hidden />} onClick={() => void draft()}>
            Save email draft (.eml)
          </Button>
        </Group>
        <ErrorAlert message={exporting.error ? messageOf(exporting.error) : error} />
        {written && !exporting.isPending && (
          <Stack gap={4}>
            <Text size="sm" c="teal.9" role="status">
              {written.format} written to {written.path}. Recorded on {possessive(written.client)} timeline as not sent yet: it counts as
              contact once you mark it sent.
            </Text>
            {sent ? (
              <Text size="sm" c="teal.9" role="status">
                Marked sent: it counts as contact with {written.client}.
              </Text>
            ) : (
              <Group gap="xs">
                <Button size="xs" variant="light" loading={marking.isPending} onClick={() => marking.mutate(written.entryId)}>
                  I have sent it: mark as sent
                </Button>
              </Group>
            )}
            <ErrorAlert message={marking.error ? messageOf(marking.error) : null} />
          </Stack>
        )}
        {note && (
          <Text size="sm" role="status">
            {note}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
