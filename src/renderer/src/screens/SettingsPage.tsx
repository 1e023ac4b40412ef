import { useEffect, useState } from 'react';
import { Alert, Button, Code, Group, Modal, NumberInput, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { AppStatus, Settings } from '../../../shared/types';
import { useQueryClient } from '@tanstack/react-query';
import { call, messageOf } from '../api';
import { keys } from '../queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { OpenVaultButton } from '../components/OpenVault';
import { useNewPassphrase } from '../components/PassphraseField';
import { RecoveryKit } from './RecoveryKit';
import { BackupSection } from './settings/BackupSection';
import { SyncSection } from './settings/SyncSection';
import { DataSection } from './settings/DataSection';
import { ChecklistTemplates } from './settings/ChecklistTemplates';
import { LegacyCopyNotice } from './settings/LegacyCopy';
import { Reencrypt } from './settings/Reencrypt';

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="lg" component="section" aria-label={props.title}>
      <Title order={2} size="h4" mb="sm">
        {props.title}
      </Title>
      {props.children}
    </Paper>
  );
}

function Saved({ show }: { show: boolean }) {
  return show ? (
    <Group gap={4} c="teal.9" role="status">
      <IconCheck size={16} />
      <Text size="sm">Saved</Text>
    </Group>
  ) : null;
}

export function SettingsPage(props: { status: AppStatus; onStatus: (s: AppStatus) => void; refresh: () => Promise<void> }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [askRekey, setAskRekey] = useState(false);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('settings.get', {}).then(setSettings, (e) => setError(messageOf(e)));
  }, []);

  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        Settings
      </Title>
      <ErrorAlert message={error} />
      {settings && !settings.recoveryKeyConfirmed && (
        <Alert color="orange" title="No confirmed recovery key">
          You have not confirmed saving a recovery key. Create a new one below and keep it safe.
        </Alert>
      )}
      {settings && <GeneralSettings settings={settings} onSaved={(s) => { setSettings(s); queryClient.setQueryData(keys.settings, s); void props.refresh(); }} />}
      <ChangePassphrase onRekey={() => setAskRekey(true)} />
      <NewRecoveryKey vaultName={props.status.vaultName} onDone={() => call('settings.get', {}).then(setSettings)} />
      <Section title="Re-encrypt the vault">
        <Reencrypt vaultName={props.status.vaultName} asking={askRekey} onAsk={setAskRekey} onDone={() => call('settings.get', {}).then(setSettings)} />
      </Section>
      <ChecklistTemplates />
      <BackupSection onStatus={props.onStatus} />
      <SyncSection />
      <DataSection />
      <Section title="Vault">
        <Stack gap="xs">
          <Text size="sm">
            This vault is stored at <Code>{props.status.vaultPath}</Code>. You can keep separate vaults, for example one
            per practice. A vault is two files: this one and its key file beside it (<Code>.keys</Code>); copy, back up
            and move them together.
          </Text>
          <LegacyCopyNotice />
          <Group>
            <OpenVaultButton mode="open" onStatus={props.onStatus} variant="default" />
            <OpenVaultButton mode="create" onStatus={props.onStatus} variant="default" />
          </Group>
        </Stack>
      </Section>
    </Stack>
  );
}

/** The system's format, or a fixed one. */
const DATE_LOCALES = [
  { value: '', label: `As this computer (${new Intl.DateTimeFormat().resolvedOptions().locale})` },
  { value: 'en-GB', label: 'English (UK): 3 Dec 2026, 14:05' },
  { value: 'en-US', label: 'English (US): Dec 3, 2026, 2:05 PM' },
  { value: 'de-DE', label: 'Deutsch: 03.12.2026, 14:05' },
  { value: 'fr-FR', label: 'Français: 3 déc. 2026, 14:05' },
  { value: 'es-ES', label: 'Español: 3 dic 2026, 14:05' },
  { value: 'nl-NL', label: 'Nederlands: 3 dec 2026, 14:05' },
];

function GeneralSettings(props: { settings: Settings; onSaved: (s: Settings) => void }) {
  const [minutes, setMinutes] = useState<number | string>(props.settings.autoLockMinutes);
  const [userName, setUserName] = useState(props.settings.userName);
  const [userTitle, setUserTitle] = useState(props.settings.userTitle);
  const [dateLocale, setDateLocale] = useState(props.settings.dateLocale);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    setSaved(false);
    // Refused with a message, never corrected quietly: 0 is not "1".
    const n = minutes === '' ? NaN : Number(minutes);
    if (!Number.isInteger(n) || n < 1 || n > 1440) {
      setError('The vault must lock after a whole number of minutes, from 1 to 1440 (a day). Nothing was saved.');
      return;
    }
    try {
      props.onSaved(await call('settings.update', { autoLockMinutes: n, userName, userTitle, dateLocale }));
      setSaved(true);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Section title="General">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput label="Your name" description="Used in letters and as the default account owner." value={userName} onChange={(e) => setUserName(e.currentTarget.value)} />
          <TextInput
            label="Your title"
            description="Under your name when you sign a letter (unless the letterhead names another sender)."
            placeholder="Managing Partner"
            value={userTitle}
            onChange={(e) => setUserTitle(e.currentTarget.value)}
          />
          <Select
            label="Date and time format"
            description={`For example ${new Intl.DateTimeFormat(dateLocale || undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date())}`}
            data={DATE_LOCALES}
            value={dateLocale}
            allowDeselect={false}
            onChange={(v) => setDateLocale(v ?? '')}
            w={360}
          />
          <NumberInput
            label="Lock after this many minutes without activity"
            description="The vault also locks when the computer sleeps or the screen locks."
            min={1}
            max={1440}
            clampBehavior="none"
            allowDecimal={false}
            allowNegative={false}
            value={minutes}
            onChange={setMinutes}
            w={360}
          />
          <ErrorAlert message={error} />
          <Group>
            <Button type="submit">Save</Button>
            <Saved show={saved} />
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function ChangePassphrase(props: { onRekey: () => void }) {
  const [current, setCurrent] = useState('');
  const newPassphrase = useNewPassphrase({ label: 'New passphrase', repeat: 'Repeat new passphrase' });
  const next = newPassphrase.value;
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSubmit = !!current && newPassphrase.ready && !busy;

  const submit = async () => {
    setError(null);
    setSaved(false);
    setBusy(true);
    try {
      await call('vault.changePassphrase', { currentPassphrase: current, newPassphrase: next });
      setCurrent('');
      newPassphrase.reset();
      setSaved(true);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Change passphrase">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit) void submit();
        }}
      >
        <Stack>
          <PasswordInput label="Current passphrase" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" required />
          {newPassphrase.fields}
          <ErrorAlert message={error} />
          <Group>
            <Button type="submit" disabled={!canSubmit} loading={busy}>
              Change passphrase
            </Button>
            <Saved show={saved} />
          </Group>
          {saved && (
            <Alert color="blue" title="Passphrase changed">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  The old passphrase no longer opens this vault. If it may have leaked together with a copy of the vault&apos;s
                  files, also re-encrypt the vault with a new key.
                </Text>
                <Button size="xs" variant="light" onClick={props.onRekey}>
                  Re-encrypt now…
                </Button>
              </Stack>
            </Alert>
          )}
        </Stack>
      </form>
    </Section>
  );
}

function NewRecoveryKey(props: { vaultName: string; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [key, setKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      const r = await call('vault.newRecoveryKey', { passphrase });
      setPassphrase('');
      setAsking(false);
      setKey(r.recoveryKey);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (key) {
    return (
      <Modal opened fullScreen withCloseButton={false} onClose={() => undefined} title="New recovery key">
        <RecoveryKit
          recoveryKey={key}
          inDialog
          vaultName={props.vaultName}
          onDone={() => {
            setKey(null);
            props.onDone();
          }}
        />
      </Modal>
    );
  }

  return (
    <Section title="Recovery key">
      <Stack>
        <Text size="sm">
          Lost your recovery kit? Create a new recovery key. The old one stops working at once.
        </Text>
        <Group>
          <Button variant="default" onClick={() => setAsking(true)}>
            Create a new recovery key…
          </Button>
        </Group>
      </Stack>
      <Modal opened={asking} onClose={() => setAsking(false)} title="Create a new recovery key">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (passphrase) void submit();
          }}
        >
          <Stack>
            <PasswordInput label="Passphrase" description="Confirm it is you." value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} data-autofocus required />
            <ErrorAlert message={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Create new key
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Section>
  );
}
