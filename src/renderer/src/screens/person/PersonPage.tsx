import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ActionIcon, Anchor, Badge, Button, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCopy, IconEdit, IconMail, IconPhone } from '@tabler/icons-react';
import type { Person } from '../../../../shared/types';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useNotice } from '../../components/Notices';
import { SectionCard } from '../../components/SectionCard';
import { ago, formatDateTime, formatDay, plural, possessive } from '../../format';
import { CHANNEL_LABELS, ENTRY_KIND_COLORS, ENTRY_KIND_LABELS } from '../../labels';
import { useNav } from '../../nav';
import { keys } from '../../queries';
import { ContactDialog } from '../dossier/ContactDialog';
import { DatesSection } from '../dossier/DatesSection';
import { FactsSection } from '../dossier/FactsSection';
import { FollowUpList } from '../followups/FollowUpList';

/** One person at a client: how to reach them, what to remember, and every time we dealt with them. */
export function PersonPage(props: { personId: string }) {
  const nav = useNav();
  const person = useQuery({ queryKey: keys.person(props.personId), queryFn: () => call('contacts.get', { id: props.personId }) });
  const clientId = person.data?.client.id ?? null;
  const back = (
    <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={() => nav.openClient(clientId)} w="fit-content">
      {person.data ? `Back to ${person.data.client.name}` : 'Back to clients'}
    </Button>
  );
  if (!person.data) {
    return (
      <Stack align="flex-start">
        {back}
        {person.isPending && <Loader aria-label="Loading the person" />}
        {person.error && <ErrorAlert message={messageOf(person.error)} />}
      </Stack>
    );
  }
  const p = person.data;
  const first = p.contact.name.split(/\s+/)[0];
  return (
    <Stack gap="md">
      {back}
      <PersonHeader person={p} onOpenClient={() => nav.openClient(p.client.id)} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <ReachCard person={p} />
          <FactsSection clientId={p.client.id} facts={p.facts} contacts={[p.contact]} defaultAbout={p.contact.id} />
          <DatesSection clientId={p.client.id} dates={p.dates} contacts={[p.contact]} defaultAbout={p.contact.id} />
        </Stack>
        <Stack gap="md">
          <SectionCard title="Follow-ups">
            {p.followUps.length === 0 ? (
              <Text size="sm" c="dimmed">
                No open follow-up names {first}.
              </Text>
            ) : (
              <FollowUpList followUps={p.followUps} label={`Open follow-ups naming ${first}`} showClient={false} />
            )}
          </SectionCard>
          <Interactions person={p} />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function PersonHeader(props: { person: Person; onOpenClient: () => void }) {
  const { contact, client, lastSpokeAt } = props.person;
  return (
    <Stack gap={4}>
      <Title order={1} size="h2">
        {contact.name}
      </Title>
      <Group gap={6}>
        {contact.role && <Text c="dimmed">{contact.role} at</Text>}
        <Anchor component="button" type="button" fw={600} onClick={props.onOpenClient}>
          {client.name}
        </Anchor>
      </Group>
      <Text size="sm" aria-label="Last spoke">
        Last spoke: {lastSpokeAt ? `${ago(lastSpokeAt)} (${formatDay(lastSpokeAt)})` : 'never'}
      </Text>
    </Stack>
  );
}

/** How to reach them, when they like it, and who in the firm looks after their account. */
function ReachCard(props: { person: Person }) {
  const [editing, setEditing] = useState(false);
  const notice = useNotice();
  const { contact, client } = props.person;
  // Copied rather than linked: the app does not follow links to mail or phone programs.
  const copy = async (text: string) => {
    try {
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        if (!(await call('clipboard.copy', { text })).supported) throw new Error('The clipboard is not available here.');
      }
      notice({ message: `Copied ${text}` });
    } catch (e) {
      notice({ message: `Not copied: ${messageOf(e)}` });
    }
  };
  return (
    <SectionCard
      title="How to reach them"
      action={
        <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setEditing(true)}>
          Edit {contact.name}
        </Button>
      }
    >
      <Stack gap={6}>
        <Group gap={6}>
          <IconMail size={16} aria-hidden />
          <Text size="sm" aria-label="Email">
            {contact.email || 'No email'}
          </Text>
          {contact.email && (
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Copy ${contact.email}`} onClick={() => void copy(contact.email)}>
              <IconCopy size={14} />
            </ActionIcon>
          )}
        </Group>
        <Group gap={6}>
          <IconPhone size={16} aria-hidden />
          <Text size="sm" aria-label="Phone">
            {contact.phone || 'No phone'}
          </Text>
          {contact.phone && (
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Copy ${contact.phone}`} onClick={() => void copy(contact.phone)}>
              <IconCopy size={14} />
            </ActionIcon>
          )}
        </Group>
        <Text size="sm">
          Prefers {contact.preferredChannel === 'any' ? 'any channel' : CHANNEL_LABELS[contact.preferredChannel].toLowerCase()}
          {contact.preferredTime ? `, ${contact.preferredTime}` : ''}
        </Text>
        <Text size="sm" c="dimmed">
          {client.owner ? `${possessive(client.name)} account is looked after by ${client.owner}.` : `Nobody owns ${possessive(client.name)} account yet.`}
        </Text>
      </Stack>
      <ContactDialog clientId={client.id} contact={contact} opened={editing} onClose={() => setEditing(false)} />
    </SectionCard>
  );
}

/** How many entries show before "Show all". */
const ENTRIES_SHOWN = 20;

/** The timeline entries they took part in, newest first. */
function Interactions(props: { person: Person }) {
  const { entries, contact } = props.person;
  const [all, setAll] = useState(false);
  const shown = all ? entries : entries.slice(0, ENTRIES_SHOWN);
  return (
    <SectionCard title="Interactions">
      <Text size="xs" c="dimmed">
        {plural(entries.length, 'entry', 'entries')} with {contact.name}, newest first
      </Text>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing on the timeline with {contact.name} yet. Link them when you log a call or a meeting.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={`Interactions with ${contact.name}`}>
          {shown.map((e) => (
            <Stack component="li" key={e.id} gap={2} className="row-divided">
              <Group gap="xs">
                <Badge size="sm" variant="light" color={ENTRY_KIND_COLORS[e.kind]}>
                  {ENTRY_KIND_LABELS[e.kind]}
                </Badge>
                <Text size="xs" c="dimmed" component="time" dateTime={e.occurredAt}>
                  {formatDateTime(e.occurredAt)}
                </Text>
              </Group>
              <Text size="sm" fw={600}>
                {e.summary}
              </Text>
              {e.body && (
                <Text size="sm" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-line' }}>
                  {e.body}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      )}
      {entries.length > ENTRIES_SHOWN && (
        <Button variant="subtle" size="xs" w="fit-content" onClick={() => setAll((v) => !v)}>
          {all ? 'Show fewer' : `Show all ${plural(entries.length, 'entry', 'entries')}`}
        </Button>
      )}
    </SectionCard>
  );
}
