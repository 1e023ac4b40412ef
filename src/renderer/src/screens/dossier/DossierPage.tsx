import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Loader, SimpleGrid, Stack } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { call, messageOf } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keys } from '../../queries';
import { MeetingBrief } from '../brief/MeetingBrief';
import { TimelineView } from '../timeline/TimelineView';
import { AlertsPanel } from './AlertsPanel';
import { ClientFollowUps } from './ClientFollowUps';
import { ContactsSection } from './ContactsSection';
import { DatesSection } from './DatesSection';
import { DeleteClientSection } from './DeleteClientSection';
import { DossierHeader } from './DossierHeader';
import { FactsSection } from './FactsSection';
import { KeepInTouchSection } from './KeepInTouchSection';
import { NotesSection } from './NotesSection';
import { OwnershipSection } from './OwnershipSection';
import { WarmthSection } from './WarmthSection';
import { SectionCard } from '../../components/SectionCard';
import { ChecklistSection } from '../engagements/ChecklistSection';
import { EngagementsSection } from '../engagements/EngagementsSection';

/** One client's dossier: everything worth knowing before the next conversation. */
export function DossierPage(props: { clientId: string; onBack: () => void }) {
  const [brief, setBrief] = useState(false);
  const dossier = useQuery({ queryKey: keys.dossier(props.clientId), queryFn: () => call('clients.dossier', { id: props.clientId }) });
  const back = (
    <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={props.onBack} className="no-print" w="fit-content">
      Back to clients
    </Button>
  );

  if (!dossier.data) {
    return (
      <Stack align="flex-start">
        {back}
        {dossier.isPending && <Loader aria-label="Loading the dossier" />}
        {dossier.error && <ErrorAlert message={messageOf(dossier.error)} />}
      </Stack>
    );
  }
  const d = dossier.data;
  if (brief) return <MeetingBrief dossier={d} onClose={() => setBrief(false)} />;

  return (
    <Stack gap="md">
      {back}
      <DossierHeader dossier={d} onBrief={() => setBrief(true)} />
      <AlertsPanel alerts={d.alerts} contacts={d.contacts} clientName={d.client.name} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <ContactsSection clientId={d.client.id} contacts={d.contacts} lastContact={d.contactLastContact} />
          <FactsSection clientId={d.client.id} facts={d.facts} contacts={d.contacts} />
          <DatesSection clientId={d.client.id} dates={d.dates} contacts={d.contacts} />
          <NotesSection client={d.client} />
        </Stack>
        <Stack gap="md">
          <ClientFollowUps clientId={d.client.id} followUps={d.followUps} />
          <WarmthSection client={d.client} readings={d.warmth} />
          <OwnershipSection client={d.client} handovers={d.handovers} />
          <KeepInTouchSection client={d.client} />
        </Stack>
      </SimpleGrid>
      <EngagementsSection clientId={d.client.id} />
      <ChecklistSection clientId={d.client.id} stage={d.client.stage} />
      <SectionCard title="Timeline">
        <TimelineView clientId={d.client.id} contacts={d.contacts} height={520} />
      </SectionCard>
      <DeleteClientSection client={d.client} onDeleted={props.onBack} />
    </Stack>
  );
}
