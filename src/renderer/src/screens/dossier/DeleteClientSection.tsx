import { useState } from 'react';
import { Button, Group, Paper, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconTrash } from '@tabler/icons-react';
import type { Client } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotice } from '../../components/Notices';
import { useNav } from '../../nav';
import { invalidateData } from '../../queries';

/** Deleting a client, after a confirmation, with an undo notice. */
export function DeleteClientSection(props: { client: Client; onDeleted: () => void }) {
  const [asking, setAsking] = useState(false);
  const notice = useNotice();
  const nav = useNav();
  const queryClient = useQueryClient();
  const c = props.client;

  const remove = async () => {
    const { undoToken, label } = await call('clients.delete', { id: c.id });
    queryClient.removeQueries({ queryKey: ['dossier', c.id] });
    await invalidateData(queryClient);
    props.onDeleted();
    notice({
      message: label,
      undo: async () => {
        try {
          const undone = await call('undo.apply', { token: undoToken });
          await invalidateData(queryClient);
          notice({ message: `Restored: ${undone.label.replace(/^Deleted /, '')}` });
          nav.openClient(c.id);
        } catch (e) {
          notice({ message: `Could not undo: ${messageOf(e)}` });
        }
      },
    });
  };

  return (
    <Paper withBorder p="md" className="no-print">
      <Group justify="space-between">
        <div>
          <Text fw={600} size="sm">
            Delete this client
          </Text>
          <Text size="xs" c="dimmed">
            Removes {c.name} with every contact, fact, date, follow-up and timeline entry.
          </Text>
        </div>
        <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setAsking(true)}>
          Delete client
        </Button>
      </Group>
      <ConfirmDialog
        opened={asking}
        title={`Delete ${c.name}?`}
        confirmLabel="Delete client"
        onClose={() => setAsking(false)}
        onConfirm={remove}
      >
        This removes {c.name} and everything recorded about them: contacts, personal facts, dates, warmth readings,
        follow-ups and the whole timeline. You can undo it straight after, until the vault locks.
      </ConfirmDialog>
    </Paper>
  );
}
