import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { call } from '../../api';

/** Promises at risk or overdue across clients, with the prompt to tell the client early. */
export function PromiseAttention(props: { onOpenClient?: (clientId: string) => void }) {
  const attention = useQuery({ queryKey: ['promises', 'attention'], queryFn: () => call('promises.attention', {}) });
  if (!attention.data || attention.data.length === 0) return null;
  return (
    <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={`${attention.data.length} promises need attention`} component="section" aria-label="Promises needing attention">
      <Text size="sm" mb={6}>
        Tell the client early rather than late: a promise renegotiated in good time keeps their trust.
      </Text>
      <List size="sm" spacing={4}>
        {attention.data.map((a) => (
          <List.Item key={a.item.id}>
            {props.onOpenClient ? (
              <Anchor component="button" type="button" onClick={() => props.onOpenClient!(a.item.clientId)}>
                {a.clientName}
              </Anchor>
            ) : (
              a.clientName
            )}
            : {a.item.text} ({a.engagementName}) — {a.reason === 'overdue' ? `overdue since ${a.item.dueOn}` : 'at risk'}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
