/** Short notices at the foot of the window ("Deleted Hartley & Sons — Undo"), announced politely. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, CloseButton, Group, Paper, Text } from '@mantine/core';

export interface Notice {
  message: string;
  /** Offers an "Undo" button that runs this. */
  undo?: () => Promise<void> | void;
  color?: 'red';
}

const NoticeContext = createContext<(n: Notice) => void>(() => undefined);

export function useNotice(): (n: Notice) => void {
  return useContext(NoticeContext);
}

const SHOW_MS = 30_000;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<(Notice & { id: number }) | null>(null);
  const [busy, setBusy] = useState(false);
  const show = useCallback((n: Notice) => setNotice({ ...n, id: Date.now() }), []);
  const value = useMemo(() => show, [show]);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice((cur) => (cur?.id === notice.id ? null : cur)), SHOW_MS);
    return () => clearTimeout(t);
  }, [notice]);

  const undo = async () => {
    if (!notice?.undo) return;
    setBusy(true);
    try {
      await notice.undo();
    } finally {
      setBusy(false);
    }
  };

  return (
    <NoticeContext.Provider value={value}>
      {children}
      <div role="status" aria-live="polite" className="notice-area no-print">
        {notice && (
          <Paper shadow="md" withBorder p="sm" pl="md" bg={notice.color === 'red' ? 'red.0' : undefined}>
            <Group gap="md" wrap="nowrap">
              <Text size="sm">{notice.message}</Text>
              {notice.undo && (
                <Button size="xs" variant="light" loading={busy} onClick={() => void undo()}>
                  Undo
                </Button>
              )}
              <CloseButton size="sm" aria-label="Dismiss notice" onClick={() => setNotice(null)} />
            </Group>
          </Paper>
        )}
      </div>
    </NoticeContext.Provider>
  );
}
