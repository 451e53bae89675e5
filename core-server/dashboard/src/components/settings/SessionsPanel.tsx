import { Badge, Card, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconDeviceDesktop, IconFileTypePpt, IconLogout } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type SignedInSession as Session } from '../../lib/api';
import { notifySaved } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useInvalidate } from '../../lib/query';
import { useConfirmedAction } from '../Confirm';
import { EmptyState, QueryView } from '../QueryState';
import { SectionHeader } from '../SectionHeader';
import { TooltipAction } from '../TooltipAction';

function SessionRow({ session: s, onRevoke }: { session: Session; onRevoke(): void }) {
  const { t } = useTranslation();
  const office = s.client === 'office';
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {s.userName}
          </Text>
          {s.current && (
            <Badge size="xs" variant="light">
              {t('settings.sessions.thisOne')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {s.userEmail}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {office ? <IconFileTypePpt size={16} aria-hidden /> : <IconDeviceDesktop size={16} aria-hidden />}
          <Text size="sm">{t(`settings.sessions.client.${s.client}`)}</Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatRelative(s.lastSeenAt)}</Text>
        <Text size="xs" c="dimmed">
          {t('settings.sessions.since', { date: formatDateTime(s.createdAt) })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(s.expiresAt)}</Text>
      </Table.Td>
      <Table.Td>
        {!s.current && (
          <TooltipAction label={t('settings.sessions.revoke')} color="red" onClick={onRevoke} aria-label={`${t('settings.sessions.revoke')}: ${s.userName}`}>
            <IconLogout size={16} />
          </TooltipAction>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Who is signed in, in the dashboard or in Word/PowerPoint; an admin can end a session (a lost laptop). */
export function SessionsPanel() {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const confirmed = useConfirmedAction();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => unwrap(api.GET('/api/v1/sessions')) });
  const revoke = (s: Session) =>
    confirmed(
      {
        title: t('settings.sessions.revokeTitle'),
        message: t('settings.sessions.revokeText', { name: s.userName, client: t(`settings.sessions.client.${s.client}`) }),
        confirmLabel: t('settings.sessions.revoke'),
        danger: true,
      },
      async () => {
        await unwrap(api.DELETE('/api/v1/sessions/{id}', { params: { path: { id: s.id } } }));
        invalidate('sessions');
        notifySaved(t('settings.sessions.revoked'));
      },
    );
  return (
    <Card padding="lg">
      <SectionHeader icon={<IconDeviceDesktop size={18} />} title={t('settings.sessions.title')} help={t('settings.sessions.help')} />
      <QueryView query={sessions} empty={<EmptyState icon={<IconDeviceDesktop size={26} />} title={t('settings.sessions.empty')} />}>
        {(data) => (
          <Table.ScrollContainer minWidth={760}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.sessions.user')}</Table.Th>
                  <Table.Th>{t('settings.sessions.where')}</Table.Th>
                  <Table.Th>{t('settings.sessions.lastActive')}</Table.Th>
                  <Table.Th>{t('settings.sessions.expires')}</Table.Th>
                  <Table.Th w={60}>
                    <VisuallyHidden>{t('settings.sessions.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((s) => (
                  <SessionRow key={s.id} session={s} onRevoke={() => void revoke(s)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
    </Card>
  );
}
