import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { AppShell, Badge, Button, Group, Kbd, NavLink, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import {
  IconBell,
  IconChecklist,
  IconLock,
  IconMail,
  IconMessagePlus,
  IconSettings,
  IconTimeline,
  IconUsers,
} from '@tabler/icons-react';
import type { AppStatus } from '../../../shared/types';
import { call } from '../api';
import { NoticeProvider } from '../components/Notices';
import { SearchBox } from '../components/SearchBox';
import { NavContext, type Navigation, type Section } from '../nav';
import { formatLocale, setFormatLocale } from '../format';
import { keys } from '../queries';
import { ClientsPage } from './ClientsPage';
import { FollowUpsPage } from './followups/FollowUpsPage';
import { LettersPage } from './letters/LettersPage';
import { ReviewsPage } from './reviews/ReviewsPage';
import { SettingsPage } from './SettingsPage';
import { LogInteractionDialog } from './timeline/LogInteractionDialog';
import { TimelinePage } from './timeline/TimelinePage';

export type { Section } from '../nav';

const SECTIONS: { id: Section; label: string; icon: typeof IconUsers; key: string }[] = [
  { id: 'clients', label: 'Clients', icon: IconUsers, key: '1' },
  { id: 'timeline', label: 'Timeline', icon: IconTimeline, key: '2' },
  { id: 'follow-ups', label: 'Follow-ups', icon: IconBell, key: '3' },
  { id: 'reviews', label: 'Reviews', icon: IconChecklist, key: '4' },
  { id: 'letters', label: 'Letters', icon: IconMail, key: '5' },
  { id: 'settings', label: 'Settings', icon: IconSettings, key: '6' },
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
  const [section, setSectionState] = useState<Section>('clients');
  const [clientId, setClientId] = useState<string | null>(null);
  const [personId, setPersonId] = useState<string | null>(null);
  /** "Log interaction" is open: undefined when closed, null for no client chosen yet. */
  const [logging, setLogging] = useState<string | null | undefined>(undefined);
  const lock = () => void call('vault.lock', {}).then(props.onStatus);
  const nav = useMemo<Navigation>(
    () => ({
      section,
      clientId,
      personId,
      go: (s) => {
        setSectionState(s);
        if (s === 'clients') {
          setClientId(null);
          setPersonId(null);
        }
      },
      openClient: (id) => {
        setSectionState('clients');
        setPersonId(null);
        setClientId(id);
      },
      openPerson: (id, client) => {
        setSectionState('clients');
        setClientId(client);
        setPersonId(id);
      },
      logInteraction: (id) => setLogging(id ?? null),
    }),
    [section, clientId, personId],
  );
  const today = useQuery({ queryKey: keys.followUpsToday, queryFn: () => call('followUps.today', {}), refetchInterval: 5 * 60_000 });
  const overdue = today.data?.overdueCount ?? 0;
  // One date and time format everywhere: the system's, or the one chosen in Settings.
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => call('settings.get', {}) });
  const dateLocale = settings.data?.dateLocale ?? '';
  if ((formatLocale() ?? '') !== dateLocale) setFormatLocale(dateLocale);
  useActivityHeartbeat();
  useHotkeys([
    ['mod+L', lock],
    ...SECTIONS.map((s) => [`mod+${s.key}`, () => nav.go(s.id)] as [string, () => void]),
  ]);
  // Works while typing in a field too.
  useHotkeys([['mod+shift+A', () => setLogging((cur) => cur ?? (section === 'clients' ? clientId : null))]], []);

  return (
    <NavContext.Provider value={nav}>
      <NoticeProvider>
        <AppShell header={{ height: 56 }} navbar={{ width: 272, breakpoint: 0 }} padding="lg">
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
              <SearchBox modLabel={MOD} />
              <Group gap="xs">
                <Tooltip label={<>Log interaction <Kbd size="xs">{MOD}</Kbd>+<Kbd size="xs">Shift</Kbd>+<Kbd size="xs">A</Kbd></>}>
                  <Button size="xs" leftSection={<IconMessagePlus size={16} />} onClick={() => nav.logInteraction(section === 'clients' ? clientId ?? undefined : undefined)}>
                    Log interaction
                  </Button>
                </Tooltip>
                <Tooltip label={<>Lock now <Kbd size="xs">{MOD}</Kbd>+<Kbd size="xs">L</Kbd></>}>
                  <Button variant="default" size="xs" leftSection={<IconLock size={16} />} onClick={lock}>
                    Lock
                  </Button>
                </Tooltip>
              </Group>
            </Group>
          </AppShell.Header>
          <AppShell.Navbar p="xs" aria-label="Sections">
            {SECTIONS.map((s) => (
              <NavLink
                key={s.id}
                component="button"
                label={
                  <>
                    {s.label}
                    {s.id === 'follow-ups' && overdue > 0 && <VisuallyHidden>, {overdue} overdue follow-up{overdue === 1 ? '' : 's'}</VisuallyHidden>}
                  </>
                }
                leftSection={<s.icon size={18} />}
                rightSection={
                  <Group gap={6} wrap="nowrap" aria-hidden>
                    {s.id === 'follow-ups' && overdue > 0 && (
                      <Badge size="sm" color="red" variant="filled" className="count-badge">
                        {overdue}
                      </Badge>
                    )}
                    <Text size="xs" c={section === s.id ? 'inherit' : 'dimmed'}>
                      {MOD}+{s.key}
                    </Text>
                  </Group>
                }
                active={section === s.id}
                styles={{ label: { whiteSpace: 'nowrap' } }}
                variant="filled"
                aria-current={section === s.id ? 'page' : undefined}
                onClick={() => nav.go(s.id)}
              />
            ))}
          </AppShell.Navbar>
          <AppShell.Main key={dateLocale}>
            {section === 'clients' && <ClientsPage />}
            {section === 'timeline' && <TimelinePage />}
            {section === 'follow-ups' && <FollowUpsPage />}
            {section === 'reviews' && <ReviewsPage />}
            {section === 'letters' && <LettersPage />}
            {section === 'settings' && <SettingsPage status={props.status} onStatus={props.onStatus} refresh={props.refresh} />}
          </AppShell.Main>
        </AppShell>
        <LogInteractionDialog opened={logging !== undefined} clientId={logging ?? null} onClose={() => setLogging(undefined)} />
      </NoticeProvider>
    </NavContext.Provider>
  );
}
