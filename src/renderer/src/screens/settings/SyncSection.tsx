import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Paper, PasswordInput, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { SyncConflictView, SyncStatusView } from '../../../../shared/sync';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';

const STATUS_KEY = ['sync', 'status'];
const CONFLICTS_KEY = ['sync', 'conflicts'];

/** Turning sync on: the folder is chosen in main's dialog, the passphrase seals the folder's key slots. */
function TurnOn() {
  const queryClient = useQueryClient();
  const [passphrase, setPassphrase] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const on = useMutation({
    mutationFn: async () => {
      const r = await call('files.choose', { purpose: 'sync-folder' });
      if (!r.supported) throw new Error('Choosing a folder is not available here.');
      if (!r.choice) return null;
      return call('sync.enable', { choiceId: r.choice.id, passphrase, ...(recoveryKey.trim() ? { recoveryKey: recoveryKey.trim() } : {}) });
    },
    onSuccess: (s) => s && queryClient.setQueryData(STATUS_KEY, s),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        on.mutate();
      }}
    >
      <Stack>
        <Text size="sm">
          Keep this vault in step with your other computers through a folder that Syncthing, Dropbox, OneDrive, iCloud
          Drive or Nextcloud already keeps in step. Everything Rapport writes there is encrypted; the folder learns only
          how many devices you have and when they change something.
        </Text>
        <PasswordInput label="Your passphrase" description="Another device joins with it." value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} required />
        <TextInput
          label="Recovery key (optional)"
          description="Lets a new device join with the recovery key too."
          value={recoveryKey}
          onChange={(e) => setRecoveryKey(e.currentTarget.value)}
          autoComplete="off"
        />
        <ErrorAlert message={on.error ? messageOf(on.error) : null} />
        <Group>
          <Button type="submit" disabled={!passphrase} loading={on.isPending}>
            Choose sync folder and turn sync on…
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Conflict(props: { conflict: SyncConflictView }) {
  const queryClient = useQueryClient();
  const c = props.conflict;
  const [merged, setMerged] = useState(`${c.kept}\n${c.lost}`);
  const resolve = useMutation({
    mutationFn: (choice: { keep: 'kept' | 'lost' } | { merged: string }) => call('sync.resolve', { id: c.id, ...choice }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['sync'] });
      void queryClient.invalidateQueries();
    },
  });
  return (
    <Paper withBorder p="sm" component="article" aria-label={`Conflict: ${c.what}`}>
      <Stack gap="xs">
        <Text fw={500}>{c.what}</Text>
        <Text size="xs" c="dimmed">
          Edited on two devices at once; found {formatDateTime(c.foundAt)}.
        </Text>
        <Group grow align="flex-start">
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              In the vault now
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} aria-label="Version in the vault now">
              {c.kept || '(empty)'}
            </Text>
          </Stack>
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              The other version
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} aria-label="The other version">
              {c.lost || '(empty)'}
            </Text>
          </Stack>
        </Group>
        <Textarea label="Merged text" autosize minRows={2} value={merged} onChange={(e) => setMerged(e.currentTarget.value)} />
        <ErrorAlert message={resolve.error ? messageOf(resolve.error) : null} />
        <Group>
          <Button size="xs" variant="default" onClick={() => resolve.mutate({ keep: 'kept' })} loading={resolve.isPending}>
            Keep the version in the vault
          </Button>
          <Button size="xs" variant="default" onClick={() => resolve.mutate({ keep: 'lost' })} loading={resolve.isPending}>
            Use the other version
          </Button>
          <Button size="xs" onClick={() => resolve.mutate({ merged })} loading={resolve.isPending}>
            Save the merged text
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Status(props: { status: SyncStatusView }) {
  const queryClient = useQueryClient();
  const s = props.status;
  const conflicts = useQuery({ queryKey: CONFLICTS_KEY, queryFn: () => call('sync.conflicts', {}), enabled: s.conflicts > 0 });
  const act = useMutation({
    mutationFn: (what: 'now' | 'pause' | 'resume') => (what === 'now' ? call('sync.now', {}) : call('sync.pause', { paused: what === 'pause' })),
    onSuccess: (next) => {
      queryClient.setQueryData(STATUS_KEY, next);
      void queryClient.invalidateQueries();
    },
  });
  return (
    <Stack>
      <Group gap="xs">
        <Badge color={s.paused ? 'gray' : 'teal'} variant="light">
          {s.paused ? 'Paused' : 'On'}
        </Badge>
        <Text size="sm">Folder: {s.folderName}</Text>
      </Group>
      <Text size="sm" role="status" aria-label="Last synced">
        Last synced: {s.lastSyncedAt ? formatDateTime(s.lastSyncedAt) : 'not yet'}
      </Text>
      <Text size="sm" role="status" aria-label="Changes waiting">
        {s.waiting === 0 ? 'No changes waiting' : s.waiting === 1 ? '1 change waiting to be written to the folder' : `${s.waiting} changes waiting to be written to the folder`}
      </Text>
      {s.error && <ErrorAlert title="Sync failed" message={s.error} />}
      {s.problems.map((p, i) => (
        <Alert key={i} color="orange" icon={<IconAlertTriangle size={18} />} title={p.kind === 'gap' || p.kind === 'waiting' ? 'Waiting for a file' : 'A file in the sync folder was refused'}>
          {p.message}
        </Alert>
      ))}
      <Table aria-label="Devices" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Device</Table.Th>
            <Table.Th>Changes written</Table.Th>
            <Table.Th>Last activity</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.devices.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                {d.id}
                {d.thisDevice ? ' (this device)' : ''}
              </Table.Td>
              <Table.Td>{d.lastSeq}</Table.Td>
              <Table.Td>{d.lastActivity ? formatDateTime(d.lastActivity) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button variant="default" onClick={() => act.mutate('now')} loading={act.isPending && act.variables === 'now'}>
          Sync now
        </Button>
        <Button variant="default" onClick={() => act.mutate(s.paused ? 'resume' : 'pause')} loading={act.isPending && act.variables !== 'now'}>
          {s.paused ? 'Resume sync' : 'Pause sync'}
        </Button>
      </Group>
      <ErrorAlert message={act.error ? messageOf(act.error) : conflicts.error ? messageOf(conflicts.error) : null} />
      {s.conflicts > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            Conflicts to resolve ({s.conflicts})
          </Title>
          {conflicts.data?.map((c) => <Conflict key={c.id} conflict={c} />)}
        </Stack>
      )}
    </Stack>
  );
}

/** Settings → Sync: turn on into a folder, then status, devices, pause and resume, conflicts to resolve. */
export function SyncSection() {
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => call('sync.status', {}), refetchInterval: 2_000 });
  return (
    <Paper withBorder p="lg" component="section" aria-label="Sync">
      <Title order={2} size="h4" mb="sm">
        Sync
      </Title>
      {status.data && (status.data.on ? <Status status={status.data} /> : <TurnOn />)}
      <ErrorAlert message={status.error ? messageOf(status.error) : null} />
    </Paper>
  );
}
