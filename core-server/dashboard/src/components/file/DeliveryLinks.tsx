import { ActionIcon, Card, CopyButton, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { deliveryPath } from '@likeness/shared/delivery';
import type { Asset } from '../../lib/api';
import { settingsQuery } from '../../lib/channel';
import { StatusBadge } from '../StatusBadge';

/**
 * The file's public, consent-enforced links (for newsletters, static sites and other hosts without a plugin):
 * one per delivery channel, answering only while the file is approved there.
 */
export function DeliveryLinks({ asset: a }: { asset: Asset }) {
  const { t } = useTranslation();
  const channels = useQuery(settingsQuery).data?.deliveryChannels ?? [];
  if (a.kind !== 'image' || !a.publicId || channels.length === 0) return null;
  return (
    <Card padding="lg" data-testid="delivery-links">
      <Text fw={600}>{t('delivery.title')}</Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t('delivery.help')}
      </Text>
      <Stack gap="sm">
        {channels.map((channel) => {
          const status = a.statuses.find((s) => s.channel === channel);
          const url = `${window.location.origin}${deliveryPath(a.publicId!, channel, 1280)}`;
          return (
            <Stack key={channel} gap={4}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {channel}
                </Text>
                {status && <StatusBadge status={status.status} size="sm" />}
              </Group>
              <Group gap={6} wrap="nowrap">
                <TextInput value={url} readOnly size="xs" style={{ flex: 1 }} aria-label={t('delivery.urlFor', { channel })} data-testid={`delivery-url-${channel}`} onFocus={(e) => e.currentTarget.select()} />
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? t('delivery.copied') : t('delivery.copy')}>
                      <ActionIcon variant="default" onClick={copy} aria-label={t('delivery.copy')}>
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
              {status && !status.approved && (
                <Text size="xs" c="orange">
                  {t('delivery.notServed')}
                </Text>
              )}
            </Stack>
          );
        })}
      </Stack>
    </Card>
  );
}
