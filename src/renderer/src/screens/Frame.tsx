import { useEffect, useRef, useState } from 'react';
import { AppShell, Button, Group, Kbd, NavLink, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import {
  IconBell,
  IconChecklist,
  IconLock,
  IconMail,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import type { AppStatus } from '../../../shared/types';
import { call } from '../api';
import { ClientsPage } from './ClientsPage';
import { PlaceholderPage } from './PlaceholderPage';
import { ReviewsPage } from './reviews/ReviewsPage';
import { SettingsPage } from './SettingsPage';

export type Section = 'clients' | 'follow-ups' | 'reviews' | 'letters' | 'settings';

const SECTIONS: { id: Section; label: string; icon: typeof IconUsers; key: string }[] = [
  { id: 'clients', label: 'Clients', icon: IconUsers, key: '1' },
  { id: 'follow-ups', label: 'Follow-ups', icon: IconBell, key: '2' },
  { id: 'reviews', label: 'Reviews', icon: IconChecklist, key: '3' },
  { id: 'letters', label: 'Letters', icon: IconMail, key: '4' },
  { id: 'settings', label: 'Settings', icon: IconSettings, key: '5' },
];

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

/** Tells the main process the user is active (for auto-lock), at most twice a minute. */
function useActivityHeartbeat() {
  const last = useRef(0);
  useEffect(() => {
    const onActivity = () => {
      const now = Date.now();
      if (now - last.current < 30_000) return;
      last.current = now;
      void call('session.activity', {}).catch(() => undefined);
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, onActivity, { passive: true }));
    return () => events.forEach((e) => window.removeEventListener(e, onActivity));
  }, []);
}

/** The app after unlock: navigation, the lock button, and the current section. */
export function Frame(props: { status: AppStatus; onStatus: (s: AppStatus) => void; refresh: () => Promise<void> }) {
  const [section, setSection] = useState<Section>('clients');
  const lock = () => void call('vault.lock', {}).then(props.onStatus);
  useActivityHeartbeat();
  useHotkeys([
    ['mod+L', lock],
    ...SECTIONS.map((s) => [`mod+${s.key}`, () => setSection(s.id)] as [string, () => void]),
  ]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Text fw={700} size="lg">
              Rapport
            </Text>
            <Text c="dimmed" size="sm" aria-label="Current vault">
              {props.status.vaultName}
            </Text>
          </Group>
          <Tooltip label={<>Lock now <Kbd size="xs">{MOD}</Kbd>+<Kbd size="xs">L</Kbd></>}>
            <Button variant="default" size="xs" leftSection={<IconLock size={16} />} onClick={lock}>
              Lock
            </Button>
          </Tooltip>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Sections">
        {SECTIONS.map((s) => (
          <NavLink
            key={s.id}
            component="button"
            label={s.label}
            leftSection={<s.icon size={18} />}
            rightSection={<Text size="xs" c={section === s.id ? "inherit" : "dimmed"} aria-hidden>{MOD}+{s.key}</Text>}
            active={section === s.id}
            variant="filled"
            aria-current={section === s.id ? 'page' : undefined}
            onClick={() => setSection(s.id)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {section === 'clients' && <ClientsPage />}
        {section === 'follow-ups' && (
          <PlaceholderPage title="Follow-ups" icon={<IconBell size={32} />} empty="Nothing to follow up">
            Reminders with their reasons (ask how the operation went, send the report) and the clients
            going cold will gather here.
          </PlaceholderPage>
        )}
        {section === 'reviews' && <ReviewsPage />}
        {section === 'letters' && (
          <PlaceholderPage title="Letters" icon={<IconMail size={32} />} empty="No letters yet">
            Welcome letters, thank-yous and thoughtful goodbyes, filled from the dossier and exported as
            PDF or Word documents.
          </PlaceholderPage>
        )}
        {section === 'settings' && <SettingsPage status={props.status} onStatus={props.onStatus} refresh={props.refresh} />}
      </AppShell.Main>
    </AppShell>
  );
}
