import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { call, messageOf } from '../api';
import { EmptyState } from '../components/EmptyState';
import { ErrorAlert } from '../components/ErrorAlert';
import { useNav } from '../nav';
import { keys } from '../queries';
import { AddClientModal } from './clients/AddClientModal';
import { ClientFilters } from './clients/ClientFilters';
import { ClientTable } from './clients/ClientTable';
import { DEFAULT_DIRECTION, NO_FILTER, filterClients, sortClients, type ClientFilter, type SortKey } from './clients/sortClients';
import { DossierPage } from './dossier/DossierPage';
import { PersonPage } from './person/PersonPage';
import { formatCount, plural } from '../format';

/** The Clients section: the list, or one client's dossier. */
export function ClientsPage() {
  const nav = useNav();
  const [sort, setSort] = useState<SortKey>('name');
  const [dir, setDir] = useState<1 | -1>(1);
  const [filter, setFilter] = useState<ClientFilter>(NO_FILTER);
  if (nav.personId) return <PersonPage key={nav.personId} personId={nav.personId} />;
  if (nav.clientId) return <DossierPage key={nav.clientId} clientId={nav.clientId} onBack={() => nav.openClient(null)} />;
  return (
    <ClientList
      sort={sort}
      dir={dir}
      onSort={(k) => {
        setDir(k === sort ? (dir === 1 ? -1 : 1) : DEFAULT_DIRECTION[k]);
        setSort(k);
      }}
      onSortKey={(k) => {
        setSort(k);
        setDir(DEFAULT_DIRECTION[k]);
      }}
      filter={filter}
      onFilter={setFilter}
      onOpen={nav.openClient}
    />
  );
}

function ClientList(props: {
  sort: SortKey;
  dir: 1 | -1;
  onSort: (k: SortKey) => void;
  onSortKey: (k: SortKey) => void;
  filter: ClientFilter;
  onFilter: (f: ClientFilter) => void;
  onOpen: (id: string) => void;
}) {
  const [adding, setAdding] = useState(false);
  const textRef = useRef<HTMLInputElement>(null);
  const clients = useQuery({ queryKey: keys.clients, queryFn: () => call('clients.list', {}) });
  const focusFilter = () => {
    textRef.current?.focus();
    textRef.current?.select();
  };
  useHotkeys([
    ['mod+N', () => setAdding(true)],
    ['/', focusFilter],
    ['mod+F', focusFilter],
  ]);

  const addButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
      Add client
    </Button>
  );
  const shown = clients.data ? sortClients(filterClients(clients.data, props.filter), props.sort, props.dir) : [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Clients
        </Title>
        {clients.data && clients.data.length > 0 && addButton}
      </Group>
      {clients.isPending && <Loader aria-label="Loading clients" />}
      {clients.error && <ErrorAlert message={messageOf(clients.error)} />}
      {clients.data?.length === 0 && (
        <EmptyState icon={<IconUsers size={32} />} title="No clients yet" action={addButton}>
          Add the people and organisations you look after. Everything you note about them stays encrypted on this
          computer.
        </EmptyState>
      )}
      {clients.data && clients.data.length > 0 && (
        <>
          <ClientFilters
            clients={clients.data}
            sort={props.sort}
            onSort={props.onSortKey}
            filter={props.filter}
            onFilter={props.onFilter}
            textRef={textRef}
          />
          {shown.length === 0 ? (
            <EmptyState
              icon={<IconSearch size={32} />}
              title={props.filter.text ? `No client matches “${props.filter.text.trim()}”` : 'No client matches these filters'}
              action={
                <Button variant="default" onClick={() => props.onFilter(NO_FILTER)}>
                  Clear filters
                </Button>
              }
            >
              The filter looks in names, industries, owners and tags.
            </EmptyState>
          ) : (
            <ClientTable clients={shown} sort={props.sort} dir={props.dir} onSort={props.onSort} onOpen={props.onOpen} />
          )}
          <Text size="xs" c="dimmed" aria-live="polite">
            Showing {formatCount(shown.length)} of {plural(clients.data.length, 'client')}
          </Text>
        </>
      )}
      <AddClientModal opened={adding} onClose={() => setAdding(false)} onAdded={props.onOpen} />
    </Stack>
  );
}
