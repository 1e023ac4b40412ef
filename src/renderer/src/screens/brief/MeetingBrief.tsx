import { useId, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertOctagon, IconArrowLeft, IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import type { Dossier } from '../../../../shared/types';
import { messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { saveBlob } from '../../download';
import { formatDateTime, formatDay, inDays } from '../../format';
import { ENTRY_KIND_LABELS, FACT_TYPE_LABELS, STAGE_LABELS, warmthText } from '../../labels';
import { BRIEF_DATE_WINDOW_DAYS, briefOf, contactLine } from './briefData';

function Part(props: { title: string; empty: string; show: boolean; children: ReactNode }) {
  const id = useId();
  return (
    <Stack gap={6} component="section" className="brief-part" aria-labelledby={id}>
      <Title order={2} size="h4" id={id}>
        {props.title}
      </Title>
      {props.show ? (
        props.children
      ) : (
        <Text size="sm" c="dimmed">
          {props.empty}
        </Text>
      )}
    </Stack>
  );
}

/** One page to read before meeting the client; printable, and exportable as a PDF. */
export function MeetingBrief(props: { dossier: Dossier; onClose: () => void }) {
  const b = briefOf(props.dossier);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const exportPdf = async () => {
    setExporting(true);
    setError(null);
    try {
      const { briefPdf } = await import('./briefPdf');
      const bytes = await briefPdf(b);
      saveBlob(new Blob([bytes as BlobPart], { type: 'application/pdf' }), `${b.client.name} meeting brief.pdf`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" className="no-print">
        <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={props.onClose}>
          Back to dossier
        </Button>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
            Print
          </Button>
          <Button leftSection={<IconFileTypePdf size={16} />} loading={exporting} onClick={() => void exportPdf()}>
            Export PDF
          </Button>
        </Group>
      </Group>
      <ErrorAlert message={error} />
      <Paper withBorder p="xl" className="brief-page" maw={820}>
        <Stack gap="lg">
          <div>
            <Title order={1} size="h2">
              {b.client.name}: meeting brief
            </Title>
            <Text size="sm" c="dimmed">
              {STAGE_LABELS[b.client.stage]} · owner {b.client.owner || 'nobody yet'} · warmth {warmthText(b.client.warmth)} · prepared{' '}
              {formatDay(b.preparedOn)}
            </Text>
          </div>
          {b.alerts.length > 0 && (
            <Alert color="red" variant="light" icon={<IconAlertOctagon size={20} />} title="Alerts" role="region">
              <List size="sm" spacing={2}>
                {b.alerts.map((f) => (
                  <List.Item key={f.id}>
                    <b>{f.about}:</b> {f.text} ({FACT_TYPE_LABELS[f.type]})
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Part title="People" empty="No contacts recorded." show={b.contacts.length > 0}>
            <List size="sm" spacing={2}>
              {b.contacts.map((c) => (
                <List.Item key={c.id}>
                  <b>{c.name}</b>
                  {contactLine(c) ? ` · ${contactLine(c)}` : ''}
                </List.Item>
              ))}
            </List>
          </Part>
          <Part title="Personal facts" empty="Nothing noted." show={b.facts.length > 0}>
            <List size="sm" spacing={2}>
              {b.facts.map((f) => (
                <List.Item key={f.id}>
                  <b>{f.about}:</b> {f.text} <Text span size="xs" c="dimmed">({FACT_TYPE_LABELS[f.type]})</Text>
                </List.Item>
              ))}
            </List>
          </Part>
          <Part title={`Dates in the next ${BRIEF_DATE_WINDOW_DAYS} days`} empty="No dates coming up." show={b.dates.length > 0}>
            <List size="sm" spacing={2}>
              {b.dates.map((x) => (
                <List.Item key={x.id}>
                  <b>{formatDay(x.nextOn)}</b> ({inDays(x.nextOn!)}): {x.label}
                  {x.about ? ` · ${x.about}` : ''}
                </List.Item>
              ))}
            </List>
          </Part>
          <Part title="Last five interactions" empty="No interactions yet." show={b.recent.length > 0}>
            <Stack gap={6}>
              {b.recent.map((e) => (
                <div key={e.id}>
                  <Group gap={6}>
                    <Badge size="xs" variant="light">
                      {ENTRY_KIND_LABELS[e.kind]}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(e.occurredAt)}
                      {e.with.length ? ` · with ${e.with.join(', ')}` : ''}
                    </Text>
                  </Group>
                  <Text size="sm" fw={600}>
                    {e.summary}
                  </Text>
                  {e.body && (
                    <Text size="sm" c="dimmed" lineClamp={3}>
                      {e.body}
                    </Text>
                  )}
                </div>
              ))}
            </Stack>
          </Part>
          <Part title="Open follow-ups" empty="Nothing open." show={b.followUps.length > 0}>
            <List size="sm" spacing={2}>
              {b.followUps.map((f) => (
                <List.Item key={f.id}>
                  {f.reason} <Text span size="xs" c="dimmed">(due {formatDay(f.dueOn)})</Text>
                </List.Item>
              ))}
            </List>
          </Part>
          <Part title="Latest news" empty="No news noted." show={!!b.news}>
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {b.news}
            </Text>
          </Part>
        </Stack>
      </Paper>
    </Stack>
  );
}
