import { useCallback, useEffect, useState } from 'react';
import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { AppStatus } from '../../shared/types';
import { call } from './api';
import { CreateVault } from './screens/CreateVault';
import { Unlock } from './screens/Unlock';
import { RecoveryKit } from './screens/RecoveryKit';
import { Frame } from './screens/Frame';

export function App() {
  const [status, setStatus] = useState<AppStatus | null>(null);
  /** Shown once, right after the vault is created. */
  const [newRecoveryKey, setNewRecoveryKey] = useState<string | null>(null);

  const queryClient = useQueryClient();
  const refresh = useCallback(async () => setStatus(await call('app.status', {})), []);

  useEffect(() => {
    void refresh();
    // Locking drops everything this page holds: start again from the unlock screen.
    return window.rapport.onEvent((event) => {
      if (event.type === 'locked') window.location.reload();
      // Changes arrived from another device (sync): everything shown is read again.
      if (event.type === 'data-changed') void queryClient.invalidateQueries();
    });
  }, [refresh, queryClient]);

  if (!status) {
    return (
      <Center h="100%">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (newRecoveryKey) {
    return (
      <RecoveryKit
        recoveryKey={newRecoveryKey}
        vaultName={status.vaultName}
        onDone={async () => {
          setNewRecoveryKey(null);
          await refresh();
        }}
      />
    );
  }
  switch (status.state) {
    case 'no-vault':
      return <CreateVault status={status} onCreated={setNewRecoveryKey} onStatus={setStatus} />;
    case 'locked':
      return <Unlock status={status} onUnlocked={setStatus} onStatus={setStatus} />;
    case 'unlocked':
      return <Frame status={status} onStatus={setStatus} refresh={refresh} />;
  }
}
