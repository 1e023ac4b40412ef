import { useEffect, useState } from 'react';
import { Button, Modal, PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { call, messageOf } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';

const STEPS: Record<string, string> = {
  'sync-join:keys': 'Opening the sync folder’s keys',
  'sync-join:snapshot': 'Building this computer’s vault from the latest snapshot',
  'sync-join:segments': 'Applying the newer changes',
};

/**
 * "Join a synced vault": the folder another computer syncs into (chosen in main's dialog) and the
 * passphrase build this computer's own encrypted vault, with progress. The new vault's recovery key
 * is shown next, as for a new vault.
 */
export function JoinSyncedVault(props: { opened: boolean; onClose: () => void; onJoined: (recoveryKey: string) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ task: string; done: number; total: number } | null>(null);

  useEffect(
    () =>
      window.rapport.onEvent((e) => {
        if (e.type === 'progress' && e.task.startsWith('sync-join')) setProgress({ task: e.task, done: e.done, total: e.total });
      }),
    [],
  );

  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('files.choose', { purpose: 'sync-folder' });
      if (!r.supported) throw new Error('Choosing a folder is not available here.');
      if (!r.choice) return;
      const { recoveryKey } = await call('sync.join', { choiceId: r.choice.id, passphrase });
      props.onJoined(recoveryKey);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Join a synced vault">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void join();
        }}
      >
        <Stack>
          <Text size="sm">
            Choose the folder that your sync tool keeps in step with your other computer, and type the vault’s passphrase.
            Rapport builds this computer’s own encrypted vault from it.
          </Text>
          <PasswordInput label="The synced vault’s passphrase" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} required />
          <ErrorAlert message={error} />
          {busy && progress && (
            <Stack gap={4} role="status" aria-label="Joining">
              <Text size="sm">{STEPS[progress.task] ?? 'Joining'}</Text>
              <Progress value={progress.total ? (100 * progress.done) / progress.total : 0} aria-label={STEPS[progress.task] ?? 'Joining'} />
            </Stack>
          )}
          <Button type="submit" disabled={!passphrase} loading={busy}>
            Choose sync folder and join…
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
