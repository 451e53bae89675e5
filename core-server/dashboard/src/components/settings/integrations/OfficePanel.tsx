import { Button, Card, Group, Select } from '@mantine/core';
import { IconDownload, IconPresentation } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsQuery } from '../../../lib/channel';
import { SectionHeader } from '../../SectionHeader';

/** The Word/PowerPoint add-in: its manifest with this server's URL, for central deployment, per channel. */
export function OfficePanel() {
  const { t } = useTranslation();
  const channels = useQuery(settingsQuery).data?.channels ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const channel = picked ?? (channels.includes('office') ? 'office' : (channels[0] ?? 'office'));
  return (
    <Card padding="lg">
      <SectionHeader icon={<IconPresentation size={18} />} title={t('integrations.office.title')} help={t('integrations.office.help')} />
      <Group align="flex-end">
        <Select label={t('integrations.office.channel')} data={channels} value={channel} onChange={setPicked} allowDeselect={false} w={220} />
        <Button component="a" href={`/office/manifest.xml?channel=${encodeURIComponent(channel)}`} download="likeness-office-manifest.xml" leftSection={<IconDownload size={16} />}>
          {t('integrations.office.download')}
        </Button>
      </Group>
    </Card>
  );
}
