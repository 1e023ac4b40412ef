import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Loader, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconCopy, IconPencil } from '@tabler/icons-react';
import { LETTER_KIND_LABELS, type LetterTemplate } from '../../../../shared/letters';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { templatesKey, useTemplates } from './templateOptions';
import { TemplateEditor } from './TemplateEditor';

/** The template library: the built-ins (read-only, copy to change) and your own copies. */
export function TemplatesTab() {
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const [editing, setEditing] = useState<string | null>(null);
  const copy = useMutation({
    mutationFn: (t: LetterTemplate) => call('letters.copyTemplate', { id: t.id }),
    onSuccess: async (t) => {
      await queryClient.invalidateQueries({ queryKey: templatesKey });
      setEditing(t.id);
    },
  });
  const list = templates.data ?? [];
  const current = list.find((t) => t.id === editing && !t.builtIn) ?? null;
  const mine = list.filter((t) => !t.builtIn);
  const built = list.filter((t) => t.builtIn);

  const rows = (items: LetterTemplate[]) =>
    items.map((t) => (
      <Table.Tr key={t.id} aria-selected={t.id === editing || undefined}>
        <Table.Td>
          <Text fw={500} size="sm">
            {t.name}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {t.subject || 'No subject'}
          </Text>
        </Table.Td>
        <Table.Td>{LETTER_KIND_LABELS[t.kind]}</Table.Td>
        <Table.Td>
          <Badge variant="light" color={t.builtIn ? 'gray' : 'blue'}>
            {t.builtIn ? 'Built-in' : 'Your copy'}
          </Badge>
        </Table.Td>
        <Table.Td>
          {t.builtIn ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconCopy size={14} aria-hidden />}
              aria-label={`Copy and edit “${t.name}”`}
              loading={copy.isPending && copy.variables?.id === t.id}
              onClick={() => copy.mutate(t)}
            >
              Copy and edit
            </Button>
          ) : (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPencil size={14} aria-hidden />}
              aria-label={`Edit “${t.name}”`}
              onClick={() => setEditing(t.id)}
            >
              Edit
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
    ));

  const table = (caption: string, items: LetterTemplate[]) => (
    <Table highlightOnHover verticalSpacing="xs">
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
        <Title order={2} size="h5" component="span">
          {caption}
        </Title>
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Template</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Origin</Table.Th>
          <Table.Th>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{rows(items)}</Table.Tbody>
    </Table>
  );

  return (
    <Stack>
      {templates.isPending && <Loader aria-label="Loading templates" />}
      <ErrorAlert message={templates.error ? messageOf(templates.error) : copy.error ? messageOf(copy.error) : null} />
      {current && (
        <TemplateEditor key={current.id} template={current} onClose={() => setEditing(null)} />
      )}
      <Paper withBorder p="md" component="section" aria-label="Your templates">
        {mine.length ? (
          table('Your templates', mine)
        ) : (
          <Stack gap={4}>
            <Title order={2} size="h5">
              Your templates
            </Title>
            <Text size="sm" c="dimmed">
              No templates of your own yet. Choose “Copy and edit” on a built-in template below to make one in your
              own words.
            </Text>
          </Stack>
        )}
      </Paper>
      {templates.data && (
        <Paper withBorder p="md" component="section" aria-label="Built-in templates">
          {table('Built-in templates', built)}
        </Paper>
      )}
    </Stack>
  );
}
