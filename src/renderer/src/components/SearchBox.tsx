import { useRef, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Box, CloseButton, Kbd, Loader, Paper, Popover, ScrollArea, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { call, messageOf } from '../api';
import type { FactType, SearchHit } from '../../../shared/types';
import { FACT_TYPE_LABELS, HIT_KIND_LABELS } from '../labels';
import { useNav } from '../nav';
import { keys } from '../queries';
import { ErrorAlert } from './ErrorAlert';
import { plural } from '../format';

/** The header's search: results as you type, grouped by client; a hit opens that client's dossier, or the person's page. */
export function SearchBox(props: { modLabel: string }) {
  const nav = useNav();
  const inputRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [debounced] = useDebouncedValue(q.trim(), 150);
  useHotkeys(
    [
      [
        'mod+K',
        () => {
          inputRef.current?.focus();
          inputRef.current?.select();
          setOpen(true);
        },
      ],
    ],
    [],
  );
  const results = useQuery({
    queryKey: keys.search(debounced),
    queryFn: () => call('search.query', { q: debounced }),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });

  /** A person opens their own page; any other hit opens its client's dossier. */
  const choose = (clientId: string, hit?: SearchHit) => {
    if (hit?.kind === 'contact') nav.openPerson(hit.id, clientId);
    else nav.openClient(clientId);
    setOpen(false);
    setQ('');
    inputRef.current?.blur();
  };
  const buttons = () => [...(resultsRef.current?.querySelectorAll<HTMLButtonElement>('button[data-hit]') ?? [])];
  const onInputKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      buttons()[0]?.focus();
    } else if (e.key === 'Enter') {
      const first = results.data?.[0];
      if (first) choose(first.clientId, first.hits[0]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  const onResultsKey = (e: KeyboardEvent) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = at + (e.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) inputRef.current?.focus();
      else all[Math.min(next, all.length - 1)]?.focus();
    } else if (e.key === 'Escape') {
      setOpen(false);
      inputRef.current?.focus();
    }
  };

  const groups = results.data ?? [];
  const hitCount = groups.reduce((n, g) => n + g.hits.length, 0);
  const showing = open && debounced.length > 0;

  return (
    <Popover opened={showing} onChange={setOpen} width={520} position="bottom-start" shadow="md" trapFocus={false} returnFocus={false} withRoles={false}>
      <Popover.Target>
        <TextInput
          ref={inputRef}
          w={340}
          aria-label="Search"
          placeholder="Search clients, people, notes…"
          leftSection={results.isFetching ? <Loader size={14} aria-hidden /> : <IconSearch size={16} aria-hidden />}
          rightSection={
            q ? (
              <CloseButton size="sm" aria-label="Clear search" onClick={() => setQ('')} />
            ) : (
              <Text size="xs" c="dimmed" aria-hidden style={{ whiteSpace: 'nowrap' }}>
                <Kbd size="xs">{props.modLabel}</Kbd>+<Kbd size="xs">K</Kbd>
              </Text>
            )
          }
          rightSectionWidth={q ? 32 : 64}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onInputKey}
        />
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Box role="region" aria-label="Search results" id="search-results" ref={resultsRef} onKeyDown={onResultsKey}>
          <Text size="xs" c="dimmed" px="sm" pt="xs" aria-live="polite">
            {results.data ? (hitCount === 0 ? `Nothing found for “${debounced}”` : `${plural(hitCount, 'result')} in ${plural(groups.length, 'client')}`) : 'Searching…'}
          </Text>
          {results.error && (
            <Box p="sm">
              <ErrorAlert message={messageOf(results.error)} />
            </Box>
          )}
          <ScrollArea.Autosize mah={420} type="auto">
            <Stack gap="xs" p="xs">
              {groups.map((g) => (
                <Paper key={g.clientId} withBorder p={6} component="section" aria-label={g.clientName}>
                  <Title order={2} size="h6" px={6} pb={2}>
                    {g.clientName}
                  </Title>
                  <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                    {g.hits.map((h) => (
                      <li key={`${h.kind}:${h.id}`}>
                        <UnstyledButton data-hit className="search-hit" w="100%" px={6} py={4} onClick={() => choose(g.clientId, h)}>
                          <Text size="sm" fw={500} lineClamp={1}>
                            <Badge size="xs" variant="light" mr={6} component="span">
                              {HIT_KIND_LABELS[h.kind]}
                            </Badge>
                            {hitTitle(h)}
                          </Text>
                          {h.snippet && h.snippet !== h.title && (
                            <Text size="xs" c="dimmed" lineClamp={2}>
                              {h.snippet}
                            </Text>
                          )}
                        </UnstyledButton>
                      </li>
                    ))}
                  </Stack>
                </Paper>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Box>
      </Popover.Dropdown>
    </Popover>
  );
}

/** A fact's title is its type: say it as a person would. */
function hitTitle(h: SearchHit): string {
  return h.kind === 'fact' ? (FACT_TYPE_LABELS[h.title as FactType] ?? h.title) : h.title;
}
