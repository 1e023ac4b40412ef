import { useState } from 'react';
import { Alert, Button, Group, List, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import type { AppStatus, BackupSummary } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, plural } from '../../format';

/**
 * Restore from a backup file: first check it (every record is decrypted with the backup's
 * passphrase) and show what it holds, then replace the current vault, keeping a copy of it.
 */
export function RestoreDialog(props: { opened: boolean; onClose: () => void; onRestored: (s: AppStatus) => void; hasVault: boolean }) {
  /** The backup chosen in main's own dialog: an opaque id and the file's name, never a path. */
  const [backup, setBackup] = useState<{ id: string; name: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [summary, setSummary] = useState<BackupSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setSummary(null);
    setBackup(null);
    setPassphrase('');
    setError(null);
    props.onClose();
  };
  const run = async <T,>(fn: () => Promise<T>) => {
    setError(null);
    setBusy(true);
    try {
      return await fn();
    } catch (e) {
      setError(messageOf(e));
      return null;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={props.opened} onClose={close} title="Restore from a backup" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          e.stopPropagation(); // the dialog is a portal: React would bubble this submit into the screen's own form
          if (!backup) {
            setError('Choose the backup file first.');
            return;
          }
          if (!summary) void run(async () => setSummary(await call('backup.inspect', { choiceId: backup.id, passphrase })));
          else
            void run(async () => {
              const status = await call('backup.restore', { choiceId: backup.id, passphrase });
              setPassphrase('');
              props.onRestored(status);
              close();
            });
        }}
      >
        <Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Backup file
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                data-autofocus
                onClick={() =>
                  void run(async () => {
                    const r = await call('files.choose', { purpose: 'backup-open' });
                    if (!r.supported) throw new Error('Choosing a file is not available here.');
                    if (r.choice) {
                      setBackup(r.choice);
                      setSummary(null);
                    }
                  })
                }
              >
                Choose backup file…
              </Button>
              <Text size="sm" role="status" aria-label="Backup file">
                {backup ? backup.name : 'No file chosen'}
              </Text>
            </Group>
          </Stack>
          <PasswordInput
            label="The backup’s passphrase"
            description="The passphrase the vault had when the backup was made."
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.currentTarget.value);
              setSummary(null);
            }}
            autoComplete="off"
            required
          />
          {summary && (
            <Alert color="blue" title="Every record in this backup checked out" role="status">
              <List size="sm">
                <List.Item>Saved {formatDateTime(summary.modifiedAt)}</List.Item>
                <List.Item>
                  {plural(summary.counts.clients, 'client')}, {plural(summary.counts.contacts, 'contact')}, {plural(summary.counts.timelineEntries, 'timeline entry', 'timeline entries')},{' '}
                  {plural(summary.counts.followUps, 'follow-up')}, {plural(summary.counts.engagements, 'engagement')}
                </List.Item>
              </List>
              {props.hasVault && (
                <Text size="sm" mt="xs">
                  Restoring replaces the vault you have open now. A copy of it is kept beside it (named “before-restore”).
                </Text>
              )}
            </Alert>
          )}
          <ErrorAlert message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} color={summary ? 'orange' : undefined}>
              {summary ? 'Restore this backup' : 'Check the backup'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
