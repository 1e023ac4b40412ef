import { useState } from 'react';
import { Button, Group, Stack, Textarea } from '@mantine/core';
import type { Client } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SectionCard } from '../../components/SectionCard';
import { useSave } from '../../queries';

/** Business notes and the client's latest news, edited together. */
export function NotesSection({ client }: { client: Client }) {
  const [notes, setNotes] = useState(client.notes);
  const [news, setNews] = useState(client.news);
  const save = useSave(() => call('clients.update', { id: client.id, version: client.version, notes, news }));
  const changed = notes !== client.notes || news !== client.news;
  return (
    <SectionCard title="Notes and news">
      <form
        aria-label="Notes and news"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined);
        }}
      >
        <Stack gap="xs">
          <Textarea label="Business notes" autosize minRows={3} maxRows={12} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <Textarea
            label="Latest news"
            description="Their news, not ours: a new office, a funding round, a merger"
            autosize
            minRows={2}
            maxRows={8}
            value={news}
            onChange={(e) => setNews(e.currentTarget.value)}
          />
          <ErrorAlert message={save.error ? messageOf(save.error) : null} />
          <Group justify="flex-end">
            <Button type="submit" variant="default" disabled={!changed} loading={save.isPending}>
              Save notes
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}
