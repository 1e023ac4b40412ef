/** Query keys and the invalidation every mutation of dossier data does. */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';

export const keys = {
  clients: ['clients'] as const,
  dossier: (id: string) => ['dossier', id] as const,
  contacts: (clientId: string) => ['contacts', clientId] as const,
  person: (id: string) => ['person', id] as const,
  timeline: (q: object) => ['timeline', q] as const,
  followUpsToday: ['followUps', 'today'] as const,
  followUps: (q: object) => ['followUps', 'list', q] as const,
  goingCold: ['goingCold'] as const,
  search: (q: string) => ['search', q] as const,
  settings: ['settings'] as const,
};

/** Data that any dossier change may touch: refetched after every mutation. */
const DATA_ROOTS = ['clients', 'dossier', 'person', 'contacts', 'timeline', 'followUps', 'goingCold', 'search', 'reviews', 'promises', 'checklists'];

export function invalidateData(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => DATA_ROOTS.includes(String(q.queryKey[0])) });
}

/** A mutation that refreshes dossier data when it succeeds. */
export function useSave<I, O>(fn: (input: I) => Promise<O>, onDone?: (out: O) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (out) => {
      await invalidateData(queryClient);
      onDone?.(out);
    },
  });
}
