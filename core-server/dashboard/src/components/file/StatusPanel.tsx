import { Card, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Asset } from '../../lib/api';
import { formatDate, formatRelative } from '../../lib/format';
import { headlineReasons, reasonText } from '../../lib/reasons';
import { StatusBadge } from '../StatusBadge';

/** The resulting status per channel, with approvedUntil and the reasons. */
export function StatusPanel({ asset, personName }: { asset: Asset; personName: (id: string) => string }) {
  const { t } = useTranslation();
  return (
    <Card padding="lg" data-testid="status-panel">
      <Text fw={600} mb="sm">
        {t('fileDetail.statusTitle')}
      </Text>
      <Stack gap={12}>
        {asset.statuses.map((s) => {
          // The end of an approval is shown once, below; "expiring soon" would only repeat it.
          const reasons = headlineReasons(s.reasons).filter((r) => !(s.approved && r.code === 'expiring_soon'));
          return (
            <Group key={s.channel} align="flex-start" wrap="nowrap" gap="sm" data-testid={`channel-status-${s.channel}`} data-status={s.status}>
              <Text size="sm" fw={600} w={76} pt={2} style={{ flex: 'none', overflowWrap: 'anywhere' }}>
                {s.channel}
              </Text>
              <Stack gap={3} style={{ minWidth: 0, flex: 1 }}>
                <StatusBadge status={s.status} data-testid={`status-badge-${s.channel}`} w="fit-content" />
                {reasons.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {reasons.map((r) => reasonText(r, t, personName)).join(' · ')}
                  </Text>
                )}
                {s.approved && (
                  <Tooltip label={t('fileDetail.approvedUntilHelp')} position="bottom-start">
                    <Group gap={4} wrap="nowrap" c={s.status === 'expiring' ? 'yellow' : 'dimmed'} w="fit-content">
                      <IconClockHour4 size={13} />
                      <Text size="xs" data-testid={`approved-until-${s.channel}`}>
                        {s.approvedUntil
                          ? t('fileDetail.until', { date: formatDate(s.approvedUntil), relative: formatRelative(s.approvedUntil) })
                          : t('fileDetail.noEnd')}
                      </Text>
                    </Group>
                  </Tooltip>
                )}
              </Stack>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
