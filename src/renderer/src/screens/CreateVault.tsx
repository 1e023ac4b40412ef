import { useState } from 'react';
import { Button, Code, Group, Stack, Text } from '@mantine/core';
import type { AppStatus } from '../../../shared/types';
import { call, messageOf } from '../api';
import { Centered } from '../components/Centered';
import { ErrorAlert } from '../components/ErrorAlert';
import { OpenVaultButton } from '../components/OpenVault';
import { useNewPassphrase } from '../components/PassphraseField';
import { RestoreDialog } from './settings/RestoreDialog';
import { JoinSyncedVault } from './JoinSyncedVault';

/** First start: choose a passphrase; the vault is created and the recovery key shown next. */
export function CreateVault(props: {
  status: AppStatus;
  onCreated: (recoveryKey: string) => void;
  onStatus: (s: AppStatus) => void;
}) {
  const newPassphrase = useNewPassphrase({ label: 'Passphrase', repeat: 'Repeat passphrase', autoFocus: true });
  const passphrase = newPassphrase.value;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [joining, setJoining] = useState(false);

  const canSubmit = newPassphrase.ready && !busy;

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      const { recoveryKey } = await call('vault.create', { passphrase });
      props.onCreated(recoveryKey);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Centered
      title="Create your vault"
      subtitle="Everything you keep in Rapport is encrypted on this computer with a key only your passphrase opens."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit) void submit();
        }}
      >
        <Stack>
          {newPassphrase.fields}
          <ErrorAlert message={error} />
          <Button type="submit" disabled={!canSubmit} loading={busy}>
            Create vault
          </Button>
          {busy && (
            <Text size="sm" c="dimmed" role="status">
              Deriving your key: this takes a second or two, so that guessing passphrases is slow too.
            </Text>
          )}
          <Text size="xs" c="dimmed">
            Vault file: <Code>{props.status.vaultPath}</Code>
          </Text>
          <Group justify="center" gap="xs">
            <OpenVaultButton mode="open" onStatus={props.onStatus} />
            <Button variant="subtle" size="sm" onClick={() => setRestoring(true)}>
              Restore from a backup…
            </Button>
            <Button variant="subtle" size="sm" onClick={() => setJoining(true)}>
              Join a synced vault…
            </Button>
          </Group>
          <JoinSyncedVault opened={joining} onClose={() => setJoining(false)} onJoined={props.onCreated} />
          <RestoreDialog opened={restoring} onClose={() => setRestoring(false)} onRestored={props.onStatus} hasVault={false} />
        </Stack>
      </form>
    </Centered>
  );
}
