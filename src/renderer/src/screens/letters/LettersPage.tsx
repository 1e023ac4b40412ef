import { useState } from 'react';
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { IconBuilding, IconFiles, IconPencil, IconTemplate } from '@tabler/icons-react';
import { WriteTab } from './WriteTab';
import { TemplatesTab } from './TemplatesTab';
import { BatchTab } from './BatchTab';
import { LetterheadTab } from './LetterheadTab';

/** Letters: write one, keep templates, send many at once, set the letterhead. */
export function LettersPage() {
  const [tab, setTab] = useState<string | null>('write');
  return (
    <Stack p="md" gap="md">
      <div>
        <Title order={1}>Letters</Title>
        <Text c="dimmed" size="sm">
          Welcome letters, thank-yous and thoughtful goodbyes, filled from the dossier and exported as PDF or Word.
        </Text>
      </div>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List aria-label="Letters">
          <Tabs.Tab value="write" leftSection={<IconPencil size={16} aria-hidden />}>
            Write a letter
          </Tabs.Tab>
          <Tabs.Tab value="templates" leftSection={<IconTemplate size={16} aria-hidden />}>
            Templates
          </Tabs.Tab>
          <Tabs.Tab value="batch" leftSection={<IconFiles size={16} aria-hidden />}>
            Batch
          </Tabs.Tab>
          <Tabs.Tab value="letterhead" leftSection={<IconBuilding size={16} aria-hidden />}>
            Letterhead
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="md">
          <WriteTab />
        </Tabs.Panel>
        <Tabs.Panel value="templates" pt="md">
          <TemplatesTab />
        </Tabs.Panel>
        <Tabs.Panel value="batch" pt="md">
          <BatchTab />
        </Tabs.Panel>
        <Tabs.Panel value="letterhead" pt="md">
          <LetterheadTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
