import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Collapse, Group, List, Paper, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { call } from '../../api';
import { formatDay } from '../../format';
import { useNav } from '../../nav';

/**
 * Promises at risk or overdue across clients, with the prompt to tell the client early: a
 * collapsed, counted group (a long list would bury the day's follow-ups), opened on request.
 */
export function PromiseAttention() {
  const nav = useNav();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const attention = useQuery({ queryKey: ['promises', 'attention'], queryFn: () => call('promises.attention', {}) });
  if (!attention.data || attention.data.length === 0) return null;
  const n = attention.data.length;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Promises needing attention" bg="orange.0">
      <UnstyledButton onClick={() => setOpen((v) => !v)} aria-expanded={open} aria-controls={listId} w="100%">
        <Group gap="xs" wrap="nowrap">
          {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          <IconAlertTriangle size={16} color="var(--mantine-color-orange-9)" aria-hidden />
          <Text fw={600} size="sm" c="orange.9">
            Promises needing attention
          </Text>
          <Badge color="orange.9" variant="filled" className="count-badge">
            {n}
          </Badge>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open}>
        <div id={listId}>
          <Text size="sm" my={6}>
            Tell the client early rather than late: a promise renegotiated in good time keeps their trust.
          </Text>
          <List size="sm" spacing={4}>
            {attention.data.map((a) => (
              <List.Item key={a.item.id}>
                <Anchor component="button" type="button" onClick={() => nav.openClient(a.item.clientId)}>
                  {a.clientName}
                </Anchor>
                : {a.item.text} ({a.engagementName}) — {a.reason === 'overdue' ? `overdue since ${formatDay(a.item.dueOn)}` : 'at risk'}
              </List.Item>
            ))}
          </List>
        </div>
      </Collapse>
    </Paper>
  );
}
