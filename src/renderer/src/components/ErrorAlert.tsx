import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

export function ErrorAlert({ message, title = 'Not done' }: { message: string | null; title?: string }) {
  if (!message) return null;
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" title={title}>
      {message}
    </Alert>
  );
}
