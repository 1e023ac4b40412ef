import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import type { AppStatus, BackupStatus } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RestoreDialog } from './RestoreDialog';
import { formatDateTime } from '../../format';

function BackupForm(props: { status: BackupStatus }) {
  const queryClient = useQueryClient();
  const [folder, setFolder] = useState(props.status.folder ?? '');
  const [hours, setHours] = useState<number | string>(props.status.everyHours);
  const [keep, setKeep] = useState<number | string>(props.status.keep);
  const save = useMutation({
    mutationFn: () =>
      call('settings.update', { backupFolder: folder.trim() ? folder.trim() : null, backupEveryHours: Number(hours), keepBackups: Number(keep) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['backup'] }),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <TextInput
          label="Backup folder"
          description="Automatic backups go here. Leave empty to turn them off."
          placeholder="~/Backups/Rapport"
          value={folder}
          onChange={(e) => setFolder(e.currentTarget.value)}
        />
        <Group grow>
          <NumberInput label="Back up every (hours)" min={1} max={720} value={hours} onChange={setHours} />
          <NumberInput label="Keep the last (backups)" min={1} max={365} value={keep} onChange={setKeep} />
        </Group>
        <ErrorAlert message={save.error ? messageOf(save.error) : null} />
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
  const [target, setTarget] = useState('');
  const status = useQuery({ queryKey: ['backup'], queryFn: () => call('backup.status', {}) });
  const now = useMutation({
    mutationFn: () => call('backup.create', target.trim() ? { path: target.trim() } : {}),
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
        <Group align="flex-end">
          <TextInput
            style={{ flex: 1 }}
            label="Back up to"
            description="A folder or file path; empty for the backup folder above."
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
          />
          <Button onClick={() => now.mutate()} loading={now.isPending}>
            Back up now
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
