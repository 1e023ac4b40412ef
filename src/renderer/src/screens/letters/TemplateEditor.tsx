import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, List, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { LETTER_KIND_LABELS, type LetterTemplate, type TemplateProblem } from '../../../../shared/letters';
import { call, messageOf } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FIELD_OPTIONS, fieldLabel, templatesKey } from './templateOptions';
import { useDebounced } from './useDebounced';

function problemText(p: TemplateProblem): string {
  const where = `${p.part === 'subject' ? 'Subject' : 'Body'}, line ${p.line}, column ${p.column}`;
  return p.field ? `${where}: unknown field “${p.field}”. ${p.message}` : `${where}: ${p.message}`;
}

/** Edits one of your templates: name, subject, body, a field picker, live checking, save and delete. */
export function TemplateEditor(props: { template: LetterTemplate; onClose: () => void }) {
  const t = props.template;
  const queryClient = useQueryClient();
  const [name, setName] = useState(t.name);
  const [subject, setSubject] = useState(t.subject);
  const [body, setBody] = useState(t.body);
  const [target, setTarget] = useState<'subject' | 'body'>('body');
  const [deleting, setDeleting] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const subjectRef = useRef<HTMLInputElement>(null);
  const cursor = useRef<{ subject: number | null; body: number | null }>({ subject: null, body: null });

  const checked = useDebounced({ subject, body }, 350);
  const check = useQuery({
    queryKey: ['letters', 'check', checked.subject, checked.body],
    queryFn: () => call('letters.checkTemplate', checked),
  });

  const save = useMutation({
    mutationFn: () => call('letters.updateTemplate', { id: t.id, version: t.version, name: name.trim(), subject, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKey }),
  });

  const remember = (part: 'subject' | 'body', el: HTMLInputElement | HTMLTextAreaElement) => {
    cursor.current[part] = el.selectionStart;
    setTarget(part);
  };

  const insert = (key: string | null) => {
    if (!key) return;
    const token = `{{${key}}}`;
    const text = target === 'subject' ? subject : body;
    const at = cursor.current[target] ?? text.length;
    const next = text.slice(0, at) + token + text.slice(at);
    const pos = at + token.length;
    cursor.current[target] = pos;
    if (target === 'subject') setSubject(next);
    else setBody(next);
    const el = target === 'subject' ? subjectRef.current : bodyRef.current;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(pos, pos);
    });
  };

  const problems = check.data?.problems ?? [];
  const dirty = name !== t.name || subject !== t.subject || body !== t.body;

  return (
    <Paper withBorder p="md" component="section" aria-label="Edit template">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            Edit “{t.name}”
          </Title>
          <Text size="sm" c="dimmed">
            {LETTER_KIND_LABELS[t.kind]}
          </Text>
        </Group>
        <TextInput label="Template name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <TextInput
          ref={subjectRef}
          label="Subject"
          value={subject}
          onChange={(e) => {
            setSubject(e.currentTarget.value);
            remember('subject', e.currentTarget);
          }}
          onSelect={(e) => remember('subject', e.currentTarget)}
          onFocus={(e) => remember('subject', e.currentTarget)}
        />
        <Select
          label="Insert a field"
          description={`Puts the field at the cursor in the ${target === 'subject' ? 'subject' : 'body'}.`}
          placeholder="Choose a field"
          data={FIELD_OPTIONS}
          value={null}
          onChange={insert}
          searchable
        />
        <Textarea
          ref={bodyRef}
          label="Body"
          description="Paragraphs separated by blank lines; **bold**, *italic*, “- ” for bullets; fields in {{double braces}}."
          autosize
          minRows={10}
          maxRows={30}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            remember('body', e.currentTarget);
          }}
          onSelect={(e) => remember('body', e.currentTarget)}
          onFocus={(e) => remember('body', e.currentTarget)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <div role="status" aria-live="polite">
          {problems.length > 0 ? (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Problems in this template">
              <List size="sm">
                {problems.map((p, i) => (
                  <List.Item key={i}>{problemText(p)}</List.Item>
                ))}
              </List>
            </Alert>
          ) : check.data ? (
            <Text size="sm" c="teal.9">
              No problems. Fields used: {check.data.fields.length ? check.data.fields.map(fieldLabel).join(', ') : 'none'}.
            </Text>
          ) : null}
        </div>
        <ErrorAlert message={save.error ? messageOf(save.error) : check.error ? messageOf(check.error) : null} />
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim() || problems.length > 0}>
            Save template
          </Button>
          <Button variant="default" onClick={props.onClose}>
            Close
          </Button>
          <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
            Delete template
          </Button>
          {save.isSuccess && !dirty && (
            <Group gap={4} c="teal.9" role="status">
              <IconCheck size={16} aria-hidden />
              <Text size="sm">Saved</Text>
            </Group>
          )}
        </Group>
      </Stack>
      <ConfirmDialog
        opened={deleting}
        title="Delete this template?"
        confirmLabel="Delete template"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await call('letters.deleteTemplate', { id: t.id });
          await queryClient.invalidateQueries({ queryKey: templatesKey });
          props.onClose();
        }}
      >
        “{t.name}” will be deleted. Letters already written from it stay on the timeline.
      </ConfirmDialog>
    </Paper>
  );
}
