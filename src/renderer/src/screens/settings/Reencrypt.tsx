import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RecoveryKit } from '../RecoveryKit';

/**
 * "Re-encrypt the vault with a new key" (vault.rekey): asks for the passphrase, shows the copy's
 * progress, then the new recovery key (the old kit stops working), then says it is done.
 * `asking`/`onAsk` are the parent's, so the passphrase change can offer it too.
 */
export function Reencrypt(props: { vaultName: string; asking: boolean; onAsk: (asking: boolean) => void; onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [key, setKey] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      window.rapport.onEvent((e) => {
        if (e.type === 'progress' && e.task === 'rekey') setProgress({ done: e.done, total: e.total });
      }),
    [],
  );

  const close = () => {
    if (busy) return;
    setPassphrase('');
    setError(null);
    props.onAsk(false);
  };

  const submit = async () => {
    setError(null);
    setFinished(false);
    setProgress(null);
    setBusy(true);
    try {
      const r = await call('vault.rekey', { passphrase });
      setPassphrase('');
      props.onAsk(false);
      setKey(r.recoveryKey);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  if (key) {
    return (
      <Modal opened fullScreen withCloseButton={false} onClose={() => undefined} title="Vault re-encrypted: your new recovery key">
        <RecoveryKit
          recoveryKey={key}
          inDialog
          vaultName={props.vaultName}
          onDone={() => {
            setKey(null);
            setFinished(true);
            props.onDone();
          }}
        />
      </Modal>
    );
  }

  return (
    <>
      <Stack>
        <Text size="sm">
          Re-encrypts everything in this vault under a new key. Use it if your passphrase may have leaked together with a copy
          of the vault&apos;s files: that copy&apos;s key then opens nothing written from now on. Your passphrase stays the same;
          you get a new recovery key, and the old one stops working.
        </Text>
        {finished && (
          <Alert color="teal" title="Vault re-encrypted" role="status">
            The vault is now encrypted with a new key, and your new recovery key is the only one that works.
          </Alert>
        )}
        <Group>
          <Button variant="default" onClick={() => props.onAsk(true)}>
            Re-encrypt the vault with a new key…
          </Button>
        </Group>
      </Stack>
      <Modal opened={props.asking} onClose={close} closeOnClickOutside={!busy} withCloseButton={!busy} title="Re-encrypt the vault with a new key">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (passphrase && !busy) void submit();
          }}
        >
          <Stack>
            <Text size="sm">
              Every record is copied into a new file under a new key, checked, and swapped in. Changes you make meanwhile wait
              until it is done. Afterwards you save a new recovery key: the one you have now stops working.
            </Text>
            <PasswordInput
              label="Passphrase"
              description="Confirm it is you."
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              disabled={busy}
              data-autofocus
              required
            />
            {busy && (
              <Stack gap={4}>
                <Progress value={progress && progress.total ? (100 * progress.done) / progress.total : 0} aria-label="Re-encryption progress" animated />
                <Text size="sm" c="dimmed" role="status">
                  {!progress
                    ? 'Checking the passphrase…'
                    : progress.done < progress.total
                      ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} records copied`
                      : `All ${progress.total.toLocaleString()} records copied. Checking the copy and switching to it…`}
                </Text>
              </Stack>
            )}
            <ErrorAlert message={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Re-encrypt
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
