import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import type { AppStatus } from '../../../shared/types';
import { call, messageOf } from '../api';
import { ErrorAlert } from './ErrorAlert';

/**
 * Open an existing vault or start a new one at another path. In Electron a native dialog picks the
 * file; the web host has none, so the path is typed.
 */
export function OpenVaultButton(props: {
  mode: 'open' | 'create';
  onStatus: (s: AppStatus) => void;
  variant?: string;
  size?: string;
}) {
  const [typing, setTyping] = useState(false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const label = props.mode === 'open' ? 'Open another vault…' : 'Create a new vault…';

  const open = async (file: string) => {
    setError(null);
    try {
      props.onStatus(await call('vault.open', { path: file }));
      setTyping(false);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const start = async () => {
    const chosen = await call('vault.chooseFile', { mode: props.mode });
    if (!chosen.supported) setTyping(true);
    else if (chosen.path) await open(chosen.path);
  };

  return (
    <>
      <Button variant={props.variant ?? 'subtle'} size={props.size ?? 'sm'} onClick={() => void start()}>
        {label}
      </Button>
      <Modal opened={typing} onClose={() => setTyping(false)} title={props.mode === 'open' ? 'Open a vault' : 'Create a new vault'}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void open(path);
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              {props.mode === 'open'
                ? 'Type the full path of a .rapport vault file.'
                : 'Type the full path for the new vault file; you will choose its passphrase next.'}
            </Text>
            <TextInput
              label="Vault file path"
              placeholder="~/Documents/practice.rapport"
              value={path}
              onChange={(e) => setPath(e.currentTarget.value)}
              data-autofocus
              required
            />
            <ErrorAlert message={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTyping(false)}>
                Cancel
              </Button>
              <Button type="submit">{props.mode === 'open' ? 'Open' : 'Continue'}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
