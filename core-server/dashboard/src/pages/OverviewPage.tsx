import { Anchor, Box, Card, Group, Progress, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import {
  IconAlertCircle,
  IconArrowRight,
  IconBan,
  IconMoodKid,
  IconCalendarTime,
  IconClockExclamation,
  IconFileUnknown,
  IconHourglassEmpty,
  IconUserExclamation,
  IconUserQuestion,
  IconUserX,
  type Icon,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AssetThumb } from '../components/AssetThumb';
import { ChannelSwitch } from '../components/ChannelSwitch';
import { NotificationList } from '../components/NotificationList';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { api, unwrap, type GdprStatus, type PersonFilter, type StatusChangedEvent } from '../lib/api';
import { useMe } from '../lib/auth';
import { settingsQuery, useChannel } from '../lib/channel';
import { formatNumber, formatRelative } from '../lib/format';
import { useLive } from '../lib/live';
import { useNotifications } from '../lib/notifications';
import { GDPR_STATUSES, STATUS_COLOR } from '../lib/status';

/** Exact counts from one indexed request each; every tile and the bar read the same answer (live events invalidate 'counts'). */
function useAssetCounts() {
  return useQuery({ queryKey: ['counts', 'assets'], queryFn: () => unwrap(api.GET('/api/v1/assets/counts')), staleTime: 30_000 });
}

function usePersonCounts() {
  return useQuery({ queryKey: ['counts', 'persons'], queryFn: () => unwrap(api.GET('/api/v1/persons/counts')), staleTime: 30_000 });
}

function useStatusCounts(channel: string) {
  const q = useAssetCounts();
  return { counts: q.data?.channels.find((c) => c.channel === channel)?.counts, total: q.data?.total, isPending: q.isPending };
}

const shown = (n: number | undefined) => (n === undefined ? '' : formatNumber(n));

function CountTile({
  to,
  label,
  hint,
  icon: TileIcon,
  color,
  count,
  loading,
  testId,
}: {
  to: string;
  label: string;
  hint: string;
  icon: Icon;
  color: string;
  count: number | undefined;
  loading: boolean;
  testId: string;
}) {
  const zero = count === 0;
  return (
    <Card component={Link} to={to} className="lk-card-link" padding="md" data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <ThemeIcon size={38} radius="md" variant="light" color={zero ? 'gray' : color}>
          <TileIcon size={21} stroke={1.7} />
        </ThemeIcon>
        <IconArrowRight size={16} color="var(--mantine-color-gray-5)" />
      </Group>
      {loading ? (
        <Skeleton h={34} w={60} mt="md" />
      ) : (
        <Text fz={30} fw={700} mt="sm" lh={1.1} c={zero ? 'dimmed' : undefined} data-testid={`${testId}-count`}>
          {shown(count)}
        </Text>
      )}
      <Text fw={600} size="sm" mt={4}>
        {label}
      </Text>
      <Text size="xs" c="dimmed" mt={2}>
        {hint}
      </Text>
    </Card>
  );
}

function AssetTile({ channel, status, icon, label, hint }: { channel: string; status: GdprStatus; icon: Icon; label: string; hint: string }) {
  const q = useStatusCounts(channel);
  return (
    <CountTile
      to={`/files?status=${status}&channel=${encodeURIComponent(channel)}`}
      label={label}
      hint={hint}
      icon={icon}
      color={STATUS_COLOR[status]}
      count={q.counts?.[status]}
      loading={q.isPending}
      testId={`tile-${status}`}
    />
  );
}

function PersonTile({ filter, icon, color, label, hint }: { filter: PersonFilter; icon: Icon; color: string; label: string; hint: string }) {
  const q = usePersonCounts();
  return (
    <CountTile
      to={`/persons?filter=${filter}`}
      label={label}
      hint={hint}
      icon={icon}
      color={color}
      count={q.data?.filters[filter]}
      loading={q.isPending}
      testId={`tile-persons-${filter}`}
    />
  );
}

/** All statuses of the channel as one bar: how far the bank is from "everything handled". */
function StatusDistribution({ channel }: { channel: string }) {
  const { t } = useTranslation();
  const q = useStatusCounts(channel);
  const counts = GDPR_STATUSES.map((status) => ({ status, count: q.counts?.[status] ?? 0 }));
  const total = q.total ?? 0;
  const loading = q.isPending;
  const approved = (q.counts?.approved ?? 0) + (q.counts?.expiring ?? 0);
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="sm" align="flex-end">
        <div>
          <Text fw={600}>{t('overview.distribution', { channel })}</Text>
          <Text size="sm" c="dimmed">
            {loading ? ' ' : t('overview.approvedShare', { approved: formatNumber(approved), total: formatNumber(total) })}
          </Text>
        </div>
        {!loading && total > 0 && (
          <Text fz={28} fw={700} c={approved / total >= 0.9 ? 'teal' : approved / total >= 0.6 ? 'yellow' : 'red'} lh={1}>
            {Math.round((approved / total) * 100)} %
          </Text>
        )}
      </Group>
      {loading ? (
        <Skeleton h={14} radius="xl" />
      ) : (
        // Each section is a progressbar of its own and is named by its status; the group names the whole bar.
        <Box role="group" aria-label={t('overview.distribution', { channel })}>
          <Progress.Root size={14} radius="xl">
            {counts
              .filter((c) => c.count > 0)
              .map((c) => (
                <Tooltip key={c.status} label={`${t(`status.${c.status}`)}: ${shown(c.count)}`}>
                  <Progress.Section
                    value={(c.count / Math.max(total, 1)) * 100}
                    color={STATUS_COLOR[c.status]}
                    aria-label={`${t(`status.${c.status}`)}: ${shown(c.count)}`}
                  />
                </Tooltip>
              ))}
          </Progress.Root>
        </Box>
      )}
      <Group gap="lg" mt="md" style={{ rowGap: 6 }}>
        {counts.map((c) => (
          <Anchor key={c.status} component={Link} to={`/files?status=${c.status}&channel=${encodeURIComponent(channel)}`} size="sm" c="dark" underline="hover">
            <Group gap={6} wrap="nowrap">
              <Box w={10} h={10} style={{ borderRadius: 3, background: `var(--mantine-color-${STATUS_COLOR[c.status]}-6)` }} />
              <span>{t(`status.${c.status}`)}</span>
              <Text span fw={600} size="sm">
                {shown(c.count)}
              </Text>
            </Group>
          </Anchor>
        ))}
      </Group>
    </Card>
  );
}

function ActivityRow({ event }: { event: StatusChangedEvent }) {
  const { t } = useTranslation();
  const asset = useQuery({
    queryKey: ['assets', 'detail', event.assetId],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id: event.assetId } } })),
    enabled: event.newStatus !== 'unknown',
    staleTime: 60_000,
    retry: false,
  });
  const title = asset.data ? (asset.data.title ?? asset.data.originalName) : event.newStatus === 'unknown' ? t('overview.deletedFile') : '…';
  return (
    <Group gap="sm" wrap="nowrap" py={6}>
      <Box w={48} style={{ flex: 'none', borderRadius: 6, overflow: 'hidden' }}>
        {asset.data ? <AssetThumb asset={asset.data} alt="" /> : <Box className="lk-thumb" />}
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }}>
        {event.newStatus === 'unknown' ? (
          <Text size="sm" fw={500} lineClamp={1}>
            {title}
          </Text>
        ) : (
          <Anchor component={Link} to={`/files/${event.assetId}`} size="sm" fw={500} lineClamp={1} c="dark">
            {title}
          </Anchor>
        )}
        <Group gap={6} mt={2} wrap="nowrap">
          {event.oldStatus ? (
            <StatusBadge status={event.oldStatus} size="xs" withTooltip={false} />
          ) : (
            <Text size="xs" c="dimmed">
              {t('overview.newFile')}
            </Text>
          )}
          <IconArrowRight size={12} color="var(--mantine-color-gray-6)" />
          <StatusBadge status={event.newStatus} size="xs" withTooltip={false} />
        </Group>
      </Box>
      <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
        {formatRelative(event.at)}
      </Text>
    </Group>
  );
}

/** The channel's latest status changes: history from GET /events, then live from the socket. */
function Activity({ channel }: { channel: string }) {
  const { t } = useTranslation();
  const { firstSeq, recent } = useLive();
  const history = useQuery({
    queryKey: ['events', 'before', firstSeq],
    queryFn: () => unwrap(api.GET('/api/v1/events', { params: { query: { since: Math.max(0, (firstSeq ?? 0) - 60), limit: 60 } } })),
    enabled: firstSeq !== null,
    staleTime: Infinity,
  });
  const events = useMemo(() => {
    const seen = new Set<number>();
    return [...recent, ...[...(history.data?.items ?? [])].reverse()].filter((e) => e.channel === channel && !seen.has(e.seq) && seen.add(e.seq)).slice(0, 8);
  }, [recent, history.data, channel]);
  return (
    <Card padding="lg" h="100%">
      <Text fw={600} mb={4}>
        {t('overview.activity')}
      </Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t('overview.activityHint', { channel })}
      </Text>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed">
          {history.isPending && firstSeq !== null ? '…' : t('overview.noActivity')}
        </Text>
      ) : (
        <Stack gap={0}>
          {events.map((e) => (
            <ActivityRow key={e.seq} event={e} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

export default function OverviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { channel } = useChannel();
  const settings = useQuery(settingsQuery);
  const notifications = useNotifications(8);
  const days = settings.data?.warningLeadDays ?? 30;
  return (
    <>
      <PageHeader
        title={t('overview.title')}
        subtitle={t('overview.subtitle', { name: me.name.split(' ')[0], org: me.organisation.name })}
        actions={<ChannelSwitch />}
      />
      <Stack gap="xl">
        <section aria-labelledby="files-heading">
          <Title order={2} id="files-heading" mb="sm">
            {t('overview.filesHeading', { channel })}
          </Title>
          <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} spacing="md">
            <AssetTile
              channel={channel}
              status="unhandled"
              icon={IconFileUnknown}
              label={t('overview.tiles.unhandled')}
              hint={t('overview.tiles.unhandledHint')}
            />
            <AssetTile
              channel={channel}
              status="persons_missing"
              icon={IconUserQuestion}
              label={t('overview.tiles.personsMissing')}
              hint={t('overview.tiles.personsMissingHint')}
            />
            <AssetTile
              channel={channel}
              status="consent_missing"
              icon={IconAlertCircle}
              label={t('overview.tiles.consentMissing')}
              hint={t('overview.tiles.consentMissingHint')}
            />
            <AssetTile
              channel={channel}
              status="expiring"
              icon={IconClockExclamation}
              label={t('overview.tiles.expiring', { days })}
              hint={t('overview.tiles.expiringHint')}
            />
            <AssetTile
              channel={channel}
              status="expired"
              icon={IconHourglassEmpty}
              label={t('overview.tiles.expired')}
              hint={t('overview.tiles.expiredHint')}
            />
            <AssetTile channel={channel} status="withdrawn" icon={IconBan} label={t('overview.tiles.withdrawn')} hint={t('overview.tiles.withdrawnHint')} />
          </SimpleGrid>
        </section>
        <StatusDistribution channel={channel} />
        <section aria-labelledby="persons-heading">
          <Title order={2} id="persons-heading" mb="sm">
            {t('overview.personsHeading')}
          </Title>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <PersonTile
              filter="missing_consent"
              icon={IconUserExclamation}
              color="orange"
              label={t('overview.tiles.personsNoConsent')}
              hint={t('overview.tiles.personsNoConsentHint')}
            />
            <PersonTile
              filter="expiring"
              icon={IconCalendarTime}
              color="yellow"
              label={t('overview.tiles.personsExpiring', { days })}
              hint={t('overview.tiles.personsExpiringHint')}
            />
            <PersonTile
              filter="withdrawn"
              icon={IconUserX}
              color="pink"
              label={t('overview.tiles.personsWithdrawn')}
              hint={t('overview.tiles.personsWithdrawnHint')}
            />
            <PersonTile filter="minors" icon={IconMoodKid} color="blue" label={t('overview.tiles.minors')} hint={t('overview.tiles.minorsHint')} />
          </SimpleGrid>
        </section>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Card padding="lg">
            <Group justify="space-between" mb="xs">
              <Text fw={600}>{t('overview.notifications')}</Text>
              {(notifications.data?.unread ?? 0) > 0 && (
                <Text size="xs" c="dimmed">
                  {t('overview.unread', { count: notifications.data?.unread ?? 0 })}
                </Text>
              )}
            </Group>
            {notifications.isPending ? <Skeleton h={120} /> : <NotificationList items={notifications.data?.items ?? []} />}
          </Card>
          <Activity channel={channel} />
        </SimpleGrid>
      </Stack>
    </>
  );
}
