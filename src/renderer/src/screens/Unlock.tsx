import { useState } from 'react';
import { Anchor, Button, Code, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { AppStatus } from '../../../shared/types';
import { ApiCallError } from '../../../shared/errors';
import { call, messageOf } from '../api';
import { Centered } from '../components/Centered';
import { ErrorAlert } from '../components/ErrorAlert';
import { OpenVaultButton } from '../components/OpenVault';
import { useNewPassphrase } from '../components/PassphraseField';
import { RestoreDialog } from './settings/RestoreDialog';

/** Unlock with the passphrase, or with the recovery key and a new passphrase. */
export function Unlock(props: { status: AppStatus; onUnlocked: (s: AppStatus) => void; onStatus: (s: AppStatus) => void }) {
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  return mode === 'passphrase' ? (
    <PassphraseUnlock {...props} onForgot={() => setMode('recovery')} />
  ) : (
    <RecoveryUnlock {...props} onBack={() => setMode('passphrase')} />
  );
}

function PassphraseUnlock(props: {
  status: AppStatus;
  onUnlocked: (s: AppStatus) => void;
  onStatus: (s: AppStatus) => void;
  onForgot: () => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      props.onUnlocked(await call('vault.unlock', { passphrase }));
    } catch (e) {
      setError(messageOf(e));
      setPassphrase('');
      setBusy(false);
      // Damage found while unlocking: the status now says so, with the way out (restore).
      const status = e instanceof ApiCallError && e.code === 'CORRUPT' ? await call('app.status', {}).catch(() => null) : null;
      if (status) props.onStatus(status);
    }
  };

  return (
    <Centered title="Unlock Rapport" subtitle={<>Vault: <Code>{props.status.vaultName}</Code></>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (passphrase && !busy) void submit();
        }}
      >
        <Stack>
          <ErrorAlert title="This vault was changed outside Rapport" message={props.status.integrityError} />
          <PasswordInput
            label="Passphrase"
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            autoComplete="current-password"
            autoFocus
            required
          />
          <ErrorAlert message={error === props.status.integrityError ? null : error} />
          <Button type="submit" loading={busy} disabled={!passphrase}>
            Unlock
          </Button>
          <Group justify="space-between">
            <Anchor component="button" type="button" size="sm" onClick={props.onForgot}>
              Forgot your passphrase?
            </Anchor>
            <Group gap={4}>
              <Button variant="subtle" size="xs" onClick={() => setRestoring(true)}>
                Restore from a backup…
              </Button>
              <OpenVaultButton mode="open" onStatus={props.onStatus} size="xs" />
              <OpenVaultButton mode="create" onStatus={props.onStatus} size="xs" />
            </Group>
          </Group>
          <RestoreDialog opened={restoring} onClose={() => setRestoring(false)} onRestored={props.onUnlocked} hasVault />
        </Stack>
      </form>
    </Centered>
  );
}

function RecoveryUnlock(props: { status: AppStatus; onUnlocked: (s: AppStatus) => void; onBack: () => void }) {
  const [recoveryKey, setRecoveryKey] = useState('');
  const newPassphrase = useNewPassphrase({ label: 'New passphrase', repeat: 'Repeat new passphrase' });
  const passphrase = newPassphrase.value;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSubmit = recoveryKey.trim().length > 0 && newPassphrase.ready && !busy;

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      props.onUnlocked(await call('vault.unlockWithRecoveryKey', { recoveryKey, newPassphrase: passphrase }));
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Centered
      title="Unlock with your recovery key"
      subtitle="Type the recovery key from your recovery kit, then choose a new passphrase."
      width={540}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit) void submit();
        }}
      >
        <Stack>
          <TextInput
            label="Recovery key"
            description="Eleven groups of five letters and digits. Case, spaces and dashes do not matter."
            value={recoveryKey}
            onChange={(e) => setRecoveryKey(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            classNames={{ input: 'recovery-key' }}
            autoFocus
            required
          />
          {newPassphrase.fields}
          <ErrorAlert message={error} />
          <Button type="submit" disabled={!canSubmit} loading={busy}>
            Unlock and set new passphrase
          </Button>
          <Anchor component="button" type="button" size="sm" onClick={props.onBack}>
            Back to passphrase
          </Anchor>
          <Text size="xs" c="dimmed">
            Your recovery key keeps working afterwards; you can make a new one in Settings.
          </Text>
        </Stack>
      </form>
    </Centered>
  );
}
