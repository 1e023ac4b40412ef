import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileText, IconInfoCircle } from '@tabler/icons-react';
import { call, messageOf } from '../api';
import { Centered } from '../components/Centered';
import { ErrorAlert } from '../components/ErrorAlert';
import { saveBlob } from '../download';
import { recoveryKitPdf, recoveryKitText } from '../recoveryKit';

/** Shows a new recovery key once; the user saves it and confirms before going on. */
/** `inDialog`: shown in a full-screen dialog over the app (a new recovery key), not as the page. */
export function RecoveryKit(props: { recoveryKey: string; vaultName: string; onDone: () => void; inDialog?: boolean }) {
  const [kept, setKept] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kit = { recoveryKey: props.recoveryKey, vaultName: props.vaultName, createdAt: new Date() };
  const base = props.vaultName.replace(/\.rapport$/, '');

  const savePdf = async () => {
    const bytes = await recoveryKitPdf(kit);
    saveBlob(new Blob([bytes as BlobPart], { type: 'application/pdf' }), `${base} recovery kit.pdf`);
  };
  const saveText = () =>
    saveBlob(new Blob([recoveryKitText(kit)], { type: 'text/plain' }), `${base} recovery kit.txt`);

  const done = async () => {
    setBusy(true);
    try {
      await call('vault.confirmRecoveryKey', {});
      props.onDone();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Centered
      title="Save your recovery key"
      subtitle="If you forget your passphrase, this key is the only way back into your vault. Rapport shows it only now."
      width={600}
      inDialog={props.inDialog}
    >
      <Paper withBorder p="md" bg="gray.0">
        <Text className="recovery-key" aria-label="Recovery key" ta="center">
          {props.recoveryKey.split('-').join(' ')}
        </Text>
      </Paper>
      <Group grow>
        <Button leftSection={<IconDownload size={16} />} variant="default" onClick={() => void savePdf()}>
          Save as PDF
        </Button>
        <Button leftSection={<IconFileText size={16} />} variant="default" onClick={saveText}>
          Save as text file
        </Button>
      </Group>
      <Alert color="blue" icon={<IconInfoCircle size={18} />}>
        Print it, or keep the file somewhere offline and safe. Nobody, including us, can recover your vault without it.
      </Alert>
      <Checkbox
        label="I have saved my recovery key somewhere safe"
        checked={kept}
        onChange={(e) => setKept(e.currentTarget.checked)}
      />
      <ErrorAlert message={error} />
      <Stack>
        <Button disabled={!kept} loading={busy} onClick={() => void done()}>
          Continue
        </Button>
      </Stack>
    </Centered>
  );
}
