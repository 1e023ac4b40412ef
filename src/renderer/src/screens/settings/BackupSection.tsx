import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import type { AppStatus, BackupStatus } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RestoreDialog } from './RestoreDialog';
import { formatDateTime } from '../../format';

/** Shows main's own dialog; resolves with the opaque id of what was chosen, or null if cancelled. */
async function chooseInMain(purpose: 'backup-folder' | 'backup-save'): Promise<string | null> {
  const r = await call('files.choose', { purpose });
  if (!r.supported) throw new Error('Choosing files is not available here.');
  return r.choice?.id ?? null;
}

function BackupForm(props: { status: BackupStatus }) {
  const queryClient = useQueryClient();
  const [hours, setHours] = useState<number | string>(props.status.everyHours);
  const [keep, setKeep] = useState<number | string>(props.status.keep);
  const done = () => queryClient.invalidateQueries({ queryKey: ['backup'] });
  const save = useMutation({
    mutationFn: () => call('settings.update', { backupEveryHours: Number(hours), keepBackups: Number(keep) }),
    onSuccess: done,
  });
  // The folder is chosen in main's dialog; main remembers it. The page never names a path.
  const folder = useMutation({
    mutationFn: async (turnOff: boolean) => {
      const choice = turnOff ? null : await chooseInMain('backup-folder');
      if (!turnOff && !choice) return null;
      return call('settings.update', { backupFolderChoice: choice });
    },
    onSuccess: done,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Backup folder
          </Text>
          <Text size="sm" role="status" aria-label="Backup folder">
            {props.status.folder ?? 'None: automatic backups are off.'}
          </Text>
          <Group>
            <Button variant="default" onClick={() => folder.mutate(false)} loading={folder.isPending && folder.variables === false}>
              Choose backup folder…
            </Button>
            {props.status.folder && (
              <Button variant="subtle" onClick={() => folder.mutate(true)} loading={folder.isPending && folder.variables === true}>
                Turn off automatic backups
              </Button>
            )}
          </Group>
        </Stack>
        <Group grow>
          <NumberInput label="Back up every (hours)" min={1} max={720} value={hours} onChange={setHours} />
          <NumberInput label="Keep the last (backups)" min={1} max={365} value={keep} onChange={setKeep} />
        </Group>
        <ErrorAlert message={save.error ? messageOf(save.error) : folder.error ? messageOf(folder.error) : null} />
        <Group>
          <Button type="submit" variant="default" loading={save.isPending}>
            Save backup settings
          </Button>
          {save.isSuccess && (
            <Group gap={4} c="teal.8" role="status">
              <IconCheck size={16} />
              <Text size="sm">Saved</Text>
            </Group>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** Backups: where and how often, the last one, a warning when overdue, back up now, restore. */
export function BackupSection(props: { onStatus: (s: AppStatus) => void }) {
  const queryClient = useQueryClient();
  const [restoring, setRestoring] = useState(false);
  const status = useQuery({ queryKey: ['backup'], queryFn: () => call('backup.status', {}) });
  // Into the backup folder; without one, or to save elsewhere, main's own dialog asks where.
  const now = useMutation({
    mutationFn: async (elsewhere: boolean) => {
      if (!elsewhere && status.data?.folder) return call('backup.create', {});
      const choiceId = await chooseInMain(elsewhere ? 'backup-save' : 'backup-folder');
      return choiceId ? call('backup.create', { choiceId }) : null;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['backup'] }),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-label="Backups">
      <Title order={2} size="h4" mb="sm">
        Backups
      </Title>
      <Stack>
        <Text size="sm">
          A backup is an encrypted copy of the whole vault: it opens on another computer with your passphrase or
          recovery key, and with nothing else.
        </Text>
        {status.data && (
          <Text size="sm" role="status">
            Last backup: {status.data.lastBackupAt ? formatDateTime(status.data.lastBackupAt) : 'never'}
          </Text>
        )}
        {status.data?.overdue && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Backup overdue">
            The last backup is older than your schedule of every {status.data.everyHours} hours. Rapport backs up while
            the vault is unlocked; you can also back up now.
          </Alert>
        )}
        {status.data && <BackupForm key={status.data.folder ?? ''} status={status.data} />}
        <Group>
          <Button onClick={() => now.mutate(false)} loading={now.isPending && now.variables === false}>
            Back up now
          </Button>
          <Button variant="default" onClick={() => now.mutate(true)} loading={now.isPending && now.variables === true}>
            Back up to a file…
          </Button>
        </Group>
        {now.data && (
          <Text size="sm" c="teal.8" role="status">
            Backed up to {now.data.path}
          </Text>
        )}
        <ErrorAlert message={now.error ? messageOf(now.error) : status.error ? messageOf(status.error) : null} />
        <Group>
          <Button variant="default" onClick={() => setRestoring(true)}>
            Restore from a backup…
          </Button>
        </Group>
      </Stack>
      <RestoreDialog opened={restoring} onClose={() => setRestoring(false)} onRestored={props.onStatus} hasVault />
    </Paper>
  );
}
