import { useEffect, useState } from 'react';
import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import type { LegacyCopy } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDay } from '../../format';

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/**
 * The copy of this vault in its old format, kept when Rapport converted it, until the person removes
 * it here. Shown only while there is one.
 */
export function LegacyCopyNotice() {
  const [copy, setCopy] = useState<LegacyCopy | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('vault.legacyCopy', {}).then(setCopy, (e) => setError(messageOf(e)));
  }, []);
  if (!copy && !error) return null;

  const remove = async () => {
    try {
      await call('vault.removeLegacyCopy', {});
      setCopy(null);
      setConfirming(false);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <Stack gap="xs">
      <ErrorAlert message={error} />
      {copy && (
        <Alert color="blue" title="Copy in the old format">
          <Stack gap="xs">
            <Text size="sm">
              This vault was converted to the new, faster format. The copy in the old format ({megabytes(copy.bytes)}, from{' '}
              {formatDay(copy.modifiedAt)}) is kept at <Code>{copy.path}</Code> until you remove it. It opens with the passphrase it
              had then.
            </Text>
            <Group>
              <Button variant="default" size="xs" onClick={() => setConfirming(true)}>
                Remove the old copy…
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Remove the old copy?">
        <Stack>
          <Text size="sm">The copy in the old format is deleted. Your vault itself is not touched. This cannot be undone.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={() => void remove()}>
              Remove the old copy
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
