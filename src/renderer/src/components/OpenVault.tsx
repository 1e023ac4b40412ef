import { useState } from 'react';
import { Button } from '@mantine/core';
import type { AppStatus } from '../../../shared/types';
import { call, messageOf } from '../api';
import { ErrorAlert } from './ErrorAlert';

/**
 * Open an existing vault or start a new one in another file. The file is chosen in main's own
 * dialog (the web host's development stand-in picks in its --choose-dir folder); the page only
 * passes on the choice's opaque id, never a path (issue 15).
 */
export function OpenVaultButton(props: {
  mode: 'open' | 'create';
  onStatus: (s: AppStatus) => void;
  variant?: string;
  size?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const label = props.mode === 'open' ? 'Open another vault…' : 'Create a new vault…';

  const start = async () => {
    setError(null);
    try {
      const chosen = await call('files.choose', {
        purpose: props.mode === 'open' ? 'vault-open' : 'vault-create',
        ...(props.mode === 'create' ? { suggestedName: 'vault.rapport' } : {}),
      });
      if (!chosen.supported) throw new Error('Choosing a vault file is not available here.');
      if (chosen.choice) props.onStatus(await call('vault.open', { choiceId: chosen.choice.id }));
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <>
      <Button variant={props.variant ?? 'subtle'} size={props.size ?? 'sm'} onClick={() => void start()}>
        {label}
      </Button>
      <ErrorAlert message={error} />
    </>
  );
}
