import { useState } from 'react';
import { Alert, Button, Group, List, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { AppStatus, BackupSummary } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, plural } from '../../format';

/**
 * Restore from a backup file: first check it (every record is decrypted with the backup's
 * passphrase) and show what it holds, then replace the current vault, keeping a copy of it.
 */
export function RestoreDialog(props: { opened: boolean; onClose: () => void; onRestored: (s: AppStatus) => void; hasVault: boolean }) {
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [summary, setSummary] = useState<BackupSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setSummary(null);
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
          if (!summary) void run(async () => setSummary(await call('backup.inspect', { path, passphrase })));
          else
            void run(async () => {
              const status = await call('backup.restore', { path, passphrase });
              setPassphrase('');
              props.onRestored(status);
              close();
            });
        }}
      >
        <Stack>
          <TextInput
            label="Backup file"
            description="The full path of a .rapport-backup file."
            placeholder="~/Backups/vault 2026-11-23 093000.rapport-backup"
            value={path}
            onChange={(e) => {
              setPath(e.currentTarget.value);
              setSummary(null);
            }}
            data-autofocus
            required
          />
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
