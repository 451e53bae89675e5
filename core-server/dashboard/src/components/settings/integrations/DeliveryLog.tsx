import { Badge, Drawer, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Webhook } from '../../../lib/api';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { EmptyState, QueryView } from '../../QueryState';

const DELIVERY_COLOR = { pending: 'yellow', delivered: 'teal', failed: 'red' } as const;

/** A drawer with a webhook's recent deliveries, refreshed while it is open. */
export function DeliveryLog({ webhook, onClose }: { webhook: Webhook | null; onClose(): void }) {
  const { t } = useTranslation();
  const deliveries = useQuery({
    queryKey: ['webhooks', 'deliveries', webhook?.id],
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: webhook!.id } } })),
    enabled: webhook !== null,
    refetchInterval: 5000,
  });
  return (
    <Drawer
      opened={webhook !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Text fw={650}>{t('integrations.hooks.log', { name: webhook?.name ?? '' })}</Text>}
    >
      <QueryView query={deliveries} empty={<EmptyState title={t('integrations.hooks.noDeliveries')}>{t('integrations.hooks.noDeliveriesHint')}</EmptyState>}>
        {(data) => (
          <Table.ScrollContainer minWidth={620}>
            <Table data-testid="delivery-table" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('integrations.hooks.state')}</Table.Th>
                  <Table.Th>{t('integrations.hooks.attempts')}</Table.Th>
                  <Table.Th>HTTP</Table.Th>
                  <Table.Th>{t('integrations.hooks.time')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td ff="monospace">{d.eventSeq}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={DELIVERY_COLOR[d.status]}>
                        {t(`integrations.hooks.states.${d.status}`)}
                      </Badge>
                      {d.lastError && (
                        <Text size="xs" c="red" lineClamp={2} mt={2}>
                          {d.lastError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>{d.responseStatus ?? '–'}</Table.Td>
                    <Table.Td>
                      <Text size="xs">{formatDateTime(d.deliveredAt ?? d.createdAt)}</Text>
                      {d.status === 'pending' && d.nextAttemptAt && (
                        <Text size="xs" c="dimmed">
                          {t('integrations.hooks.nextAttempt', { when: formatRelative(d.nextAttemptAt) })}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
    </Drawer>
  );
}
