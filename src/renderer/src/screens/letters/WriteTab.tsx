import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Grid, Group, Loader, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconMail } from '@tabler/icons-react';
import type { LetterFieldKey } from '../../../../shared/letters';
import { call, messageOf } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keys } from '../../queries';
import { LetterPaper } from './LetterPaper';
import { ExportPanel, type LetterRequest } from './ExportPanel';
import { templateOptions, useTemplates } from './templateOptions';
import { useDebounced } from './useDebounced';

/** Write one letter: client, contact, template, engagement, a personal line; a live preview; export. */
export function WriteTab() {
  const clients = useQuery({ queryKey: keys.clients, queryFn: () => call('clients.list', {}) });
  const templates = useTemplates();
  const [clientId, setClientId] = useState<string | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [engagementId, setEngagementId] = useState<string | null>(null);
  const [personalLine, setPersonalLine] = useState('');
  const [values, setValues] = useState<Partial<Record<LetterFieldKey, string>>>({});
  const [editing, setEditing] = useState(false);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');

  const contacts = useQuery({
    queryKey: keys.contacts(clientId ?? ''),
    queryFn: () => call('contacts.list', { clientId: clientId! }),
    enabled: !!clientId,
  });
  const promises = useQuery({
    queryKey: ['promises', clientId],
    queryFn: () => call('promises.forClient', { clientId: clientId! }),
    enabled: !!clientId,
  });
  const template = templates.data?.find((t) => t.id === templateId) ?? null;

  const request = useMemo<LetterRequest | null>(() => {
    if (!clientId || !templateId) return null;
    const vals = Object.entries(values)
      .filter(([, v]) => v && v.trim())
      .map(([field, value]) => ({ field: field as LetterFieldKey, value: value!.trim() }));
    return {
      clientId,
      templateId,
      ...(contactId ? { contactId } : {}),
      ...(engagementId ? { engagementId } : {}),
      ...(personalLine.trim() ? { personalLine: personalLine.trim() } : {}),
      ...(vals.length ? { values: vals } : {}),
      ...(editing ? { subject, body } : {}),
    };
  }, [clientId, templateId, contactId, engagementId, personalLine, values, editing, subject, body]);
  const settled = useDebounced(request, 300);
  const preview = useQuery({
    queryKey: ['letters', 'preview', settled],
    queryFn: () => call('letters.preview', settled!),
    enabled: !!settled,
    placeholderData: keepPreviousData,
  });

  if (clients.data && clients.data.length === 0) {
    return (
      <EmptyState icon={<IconMail size={32} />} title="No clients yet">
        Add a client first; a letter is always written to a client.
      </EmptyState>
    );
  }

  const clientOptions = (clients.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  const contactOptions = (contacts.data ?? []).map((c) => ({ value: c.id, label: c.role ? `${c.name} (${c.role})` : c.name }));
  const engagementOptions = (promises.data?.engagements ?? []).map((e) => ({ value: e.engagement.id, label: e.engagement.name }));
  const missing = preview.data?.missing ?? [];
  const typeable = missing.filter((m) => m.field !== 'personalLine' && m.field !== 'engagement.name' && m.field !== 'engagement.promisesKept');

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack component="section" aria-label="Letter details">
          {clients.isPending && <Loader aria-label="Loading clients" />}
          <Select
            label="Client"
            placeholder="Search clients"
            searchable
            data={clientOptions}
            value={clientId}
            onChange={(v) => {
              setClientId(v);
              setContactId(null);
              setEngagementId(null);
              setValues({});
            }}
            nothingFoundMessage="No client by that name"
          />
          <Select
            label="Contact"
            description={clientId && contacts.data?.length === 0 ? 'This client has no contacts: the letter goes to the organisation.' : 'Optional: who the letter is addressed to.'}
            placeholder={clientId ? 'The organisation' : 'Choose a client first'}
            data={contactOptions}
            value={contactId}
            onChange={setContactId}
            disabled={!clientId}
            clearable
          />
          <Select
            label="Template"
            placeholder="Choose a template"
            searchable
            data={templateOptions(templates.data ?? [])}
            value={templateId}
            onChange={(v) => {
              setTemplateId(v);
              setEditing(false);
            }}
          />
          <Select
            label="Engagement"
            description={clientId && promises.data && engagementOptions.length === 0 ? 'This client has no engagements.' : 'Optional: the engagement the letter is about.'}
            placeholder={clientId ? 'None chosen' : 'Choose a client first'}
            data={engagementOptions}
            value={engagementId}
            onChange={setEngagementId}
            disabled={!clientId}
            clearable
          />
          <Textarea
            label="Personal line"
            description="A sentence of your own for this letter; left out when empty."
            autosize
            minRows={2}
            value={personalLine}
            onChange={(e) => setPersonalLine(e.currentTarget.value)}
          />
          {typeable.map((m) => (
            <TextInput
              key={m.field}
              label={`Value for “${m.label}”`}
              description="Nothing on record: type it for this letter."
              value={values[m.field] ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setValues((old) => ({ ...old, [m.field]: v }));
              }}
            />
          ))}
          <Switch
            label="Edit this letter"
            description="Change the subject and text of this one letter; the template stays as it is."
            checked={editing}
            disabled={!template}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              if (on && template) {
                setSubject(template.subject);
                setBody(template.body);
              }
              setEditing(on);
            }}
          />
          {editing && (
            <>
              <TextInput label="This letter’s subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
              <Textarea
                label="This letter’s text"
                autosize
                minRows={8}
                maxRows={24}
                value={body}
                onChange={(e) => setBody(e.currentTarget.value)}
              />
            </>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack>
          <ErrorAlert
            message={
              clients.error ? messageOf(clients.error) : templates.error ? messageOf(templates.error) : preview.error ? messageOf(preview.error) : null
            }
          />
          {!request && (
            <Text c="dimmed" size="sm">
              Choose a client and a template to see the letter.
            </Text>
          )}
          {request && preview.isPending && <Loader aria-label="Preparing the preview" />}
          {request && preview.data && (
            <>
              <div role="status" aria-live="polite">
                {preview.data.unsigned && (
                  <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="No sender: this letter is unsigned" mb="xs">
                    <Text size="sm">
                      It would end with no name. Set your name and title in Settings (General), or a sender on the Letterhead tab.
                    </Text>
                  </Alert>
                )}
                {missing.length > 0 ? (
                  <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Missing from this letter">
                    <Stack gap={2}>
                      {missing.map((m) => (
                        <Text size="sm" key={m.field}>
                          {m.label}:{' '}
                          {m.effect === 'blank' ? 'no value, the letter would have a gap' : 'no value, its line is left out'}
                        </Text>
                      ))}
                    </Stack>
                  </Alert>
                ) : preview.data.unsigned ? null : (
                  <Text size="sm" c="teal.9">
                    Every field has a value.
                  </Text>
                )}
              </div>
              <ExportPanel request={request} preview={preview.data} stale={request !== settled || preview.isFetching} />
              <Group justify="center">
                <LetterPaper preview={preview.data} />
              </Group>
            </>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
