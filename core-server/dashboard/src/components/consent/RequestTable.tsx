import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { IconBellRinging, IconMail, IconMessage, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type ConsentRequest } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { notifyError, notifySaved } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { OPEN_REQUEST_STATUSES, requestColor } from '../../lib/status';
import { useConfirm } from '../Confirm';
import { TooltipAction } from '../TooltipAction';
import { SignerReview } from './SignerReview';

const MESSAGE_COLOR: Record<string, string> = { pending: 'gray', sent: 'blue', delivered: 'teal', failed: 'red', undelivered: 'red' };

/** Consent requests with where each one is; open ones can be reminded or cancelled. */
export function RequestTable({ items, showPerson = true }: { items: ConsentRequest[]; showPerson?: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const canWrite = useCan('persons:write');
  const canSend = useCan('requests:send');
  const act = async (r: ConsentRequest, action: 'remind' | 'cancel') => {
    if (
      action === 'cancel' &&
      !(await confirm({
        title: t('consentRequests.cancelTitle'),
        message: t('consentRequests.cancelText'),
        confirmLabel: t('consentRequests.cancel'),
        danger: true,
      }))
    )
      return;
    try {
      if (action === 'remind') await unwrap(api.POST('/api/v1/consent/requests/{id}/remind', { params: { path: { id: r.id } } }));
      else await unwrap(api.POST('/api/v1/consent/requests/{id}/cancel', { params: { path: { id: r.id } }, body: {} }));
      void queryClient.invalidateQueries({ queryKey: ['consent'] });
      notifySaved(action === 'remind' ? t('consentRequests.reminded') : t('consentRequests.cancelled'));
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table data-testid="request-table">
        <Table.Thead>
          <Table.Tr>
            {showPerson && <Table.Th>{t('persons.columns.person')}</Table.Th>}
            <Table.Th>{t('consentRequests.state')}</Table.Th>
            <Table.Th>{t('consentRequests.sentTo')}</Table.Th>
            <Table.Th>{t('common.channels')}</Table.Th>
            <Table.Th>{t('consentRequests.created')}</Table.Th>
            <Table.Th w={80} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => {
            const open = OPEN_REQUEST_STATUSES.includes(r.status);
            return (
              <Table.Tr key={r.id} data-status={r.status}>
                {showPerson && (
                  <Table.Td>
                    <Anchor component={Link} to={`/persons/${r.personId}`} size="sm" fw={500}>
                      {r.personDisplayName}
                    </Anchor>
                  </Table.Td>
                )}
                <Table.Td>
                  <Badge variant="light" color={requestColor(r.status)}>
                    {t(`consentRequests.statuses.${r.status}` as 'consentRequests.statuses.sent', { defaultValue: r.status })}
                  </Badge>
                  {open && (
                    <Text size="xs" c="dimmed" mt={2}>
                      {t('consentRequests.expires', { when: formatRelative(r.expiresAt) })}
                    </Text>
                  )}
                  {r.lastError && (
                    <Text size="xs" c="red" lineClamp={2}>
                      {r.lastError}
                    </Text>
                  )}
                  <SignerReview request={r} canWrite={canWrite} />
                </Table.Td>
                <Table.Td>
                  {r.messages
                    .filter((m) => m.kind === 'invite' || m.kind === 'reminder')
                    .slice(-2)
                    .map((m) => (
                      <Group key={m.id} gap={4} wrap="nowrap">
                        {m.channel === 'sms' ? <IconMessage size={13} /> : <IconMail size={13} />}
                        <Text size="xs" lineClamp={1}>
                          {m.to}
                        </Text>
                        <Text size="xs" c={MESSAGE_COLOR[m.status] ?? 'gray'} style={{ whiteSpace: 'nowrap' }}>
                          · {t(`consentRequests.messageStatuses.${m.status}` as 'consentRequests.messageStatuses.sent', { defaultValue: m.status })}
                        </Text>
                      </Group>
                    ))}
                  {r.recipient === 'guardian' && (
                    <Text size="xs" c="dimmed">
                      {t('consentRequests.guardian')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{r.channels.join(', ')}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{formatDateTime(r.createdAt)}</Text>
                  {r.completedAt && (
                    <Text size="xs" c="dimmed">
                      {t('consentRequests.answered', { when: formatDateTime(r.completedAt) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {canSend && open && (
                    <Group gap={2} wrap="nowrap" justify="flex-end">
                      <TooltipAction label={t('consentRequests.remind')} onClick={() => void act(r, 'remind')}>
                        <IconBellRinging size={16} />
                      </TooltipAction>
                      <TooltipAction label={t('consentRequests.cancel')} color="red" onClick={() => void act(r, 'cancel')}>
                        <IconX size={16} />
                      </TooltipAction>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
