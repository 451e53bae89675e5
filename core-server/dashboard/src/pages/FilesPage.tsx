import { Box, Button, Card, FileButton, Group, Select, SimpleGrid, Skeleton, Stack, Text, TextInput, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMovie, IconPhotoSearch, IconSearch, IconUpload, IconUsers } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AssetThumb } from '../components/AssetThumb';
import { ChannelSwitch } from '../components/ChannelSwitch';
import { FolderUpload } from '../components/FolderUpload';
import { PageHeader } from '../components/PageHeader';
import { PersonPicker } from '../components/PersonPicker';
import { EmptyState, LoadMore, QueryView } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { UploadPanel, useUploads, WindowDropZone } from '../components/Uploads';
import { listAssets, type Asset, type GdprStatus, type LegalBasis } from '../lib/api';
import { useCan } from '../lib/auth';
import { useChannel } from '../lib/channel';
import { useSetSearchParam } from '../lib/query';
import { GDPR_STATUSES, LEGAL_BASES, STATUS_COLOR } from '../lib/status';
import { STATUS_ICON } from '../lib/statusIcons';

const PAGE = 48;

function FileCard({ asset, channel }: { asset: Asset; channel: string }) {
  const { t } = useTranslation();
  const status = asset.statuses.find((s) => s.channel === channel) ?? asset.statuses[0];
  const title = asset.title ?? asset.originalName;
  const people = asset.boxes.length;
  return (
    <Card component={Link} to={`/files/${asset.id}`} className="lk-card-link" padding={0} data-testid="file-card" data-asset-id={asset.id}>
      <AssetThumb asset={asset} alt="" />
      <Box p="sm">
        <Text size="sm" fw={600} lineClamp={2} title={title} lh={1.3} mih="2.6em">
          {title}
        </Text>
        <Group justify="space-between" mt={8} wrap="nowrap" gap={6}>
          {status ? <StatusBadge status={status.status} size="sm" withTooltip={false} style={{ flexShrink: 0, maxWidth: 'none' }} /> : <span />}
          <Group gap={6} wrap="nowrap" c="dimmed">
            {asset.kind === 'video' && <IconMovie size={15} aria-label={t('files.video')} />}
            {people > 0 && (
              <Tooltip label={t('files.personsTagged', { count: people })}>
                <Group gap={2} wrap="nowrap">
                  <IconUsers size={15} />
                  <Text size="xs">{people}</Text>
                </Group>
              </Tooltip>
            )}
          </Group>
        </Group>
        {/* Every channel's status: an icon per status beside its coloured bar, and the words for screen readers. */}
        <VisuallyHidden>{t('files.allChannels')}:</VisuallyHidden>
        <Group gap={6} mt={8} wrap="nowrap">
          {asset.statuses.map((s) => {
            const StatusIcon = STATUS_ICON[s.status];
            return (
              <Tooltip key={s.channel} label={`${s.channel}: ${t(`status.${s.status}`)}`}>
                <Group gap={3} wrap="nowrap" style={{ flex: 1, minWidth: 0 }} data-channel-status={s.status}>
                  <StatusIcon size={12} stroke={2} aria-hidden color={`var(--mantine-color-${STATUS_COLOR[s.status]}-text)`} style={{ flex: 'none' }} />
                  <Box h={4} style={{ flex: 1, borderRadius: 2, background: `var(--mantine-color-${STATUS_COLOR[s.status]}-${s.channel === channel ? 6 : 3})` }} />
                  <VisuallyHidden>{`${s.channel}: ${t(`status.${s.status}`)}`}</VisuallyHidden>
                </Group>
              </Tooltip>
            );
          })}
        </Group>
      </Box>
    </Card>
  );
}

export default function FilesPage() {
  const { t } = useTranslation();
  const canWrite = useCan('assets:write');
  const { channel: globalChannel, setChannel } = useChannel();
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const uploads = useUploads();
  const status = (params.get('status') as GdprStatus | null) ?? null;
  const basis = (params.get('basis') as LegalBasis | 'none' | null) ?? null;
  const personId = params.get('personId');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);

  // A link from the overview carries its channel: adopt it as the current channel.
  const urlChannel = params.get('channel');
  useEffect(() => {
    if (!urlChannel) return;
    setChannel(urlChannel);
    setParam('channel', null);
  }, [urlChannel, setChannel, setParam]);
  const channel = urlChannel ?? globalChannel;

  useEffect(() => setParam('q', q || null), [q]); // eslint-disable-line react-hooks/exhaustive-deps

  const query = {
    q: q || undefined,
    status: status ?? undefined,
    channel: status ? channel : undefined,
    basis: basis ?? undefined,
    personId: personId ?? undefined,
  };
  const list = useInfiniteQuery({
    queryKey: ['assets', 'list', query],
    queryFn: ({ pageParam }) => listAssets({ ...query, limit: PAGE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const filtered = Boolean(q || status || basis || personId);

  return (
    <>
      <WindowDropZone enabled={canWrite} onFiles={uploads.add} />
      <PageHeader
        title={t('files.title')}
        subtitle={t('files.subtitle')}
        actions={
          <>
            <ChannelSwitch />
            {canWrite && (
              <FileButton onChange={(files) => uploads.add(files)} accept="image/*,video/*" multiple>
                {(props) => (
                  <Button leftSection={<IconUpload size={18} />} {...props} data-testid="upload-button">
                    {t('files.upload.button')}
                  </Button>
                )}
              </FileButton>
            )}
            {canWrite && <FolderUpload />}
          </>
        }
      />
      <UploadPanel />
      <Card padding="sm" mb="lg">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            aria-label={t('common.search')}
            placeholder={t('files.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 220px' }}
          />
          <Select
            aria-label={t('files.filters.status')}
            placeholder={t('files.filters.anyStatus', { channel })}
            data={GDPR_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={status}
            onChange={(v) => setParam('status', v)}
            clearable
            w={220}
            data-testid="filter-status"
          />
          <Select
            aria-label={t('files.filters.basis')}
            placeholder={t('files.filters.anyBasis')}
            data={[{ value: 'none', label: t('files.filters.noBasis') }, ...LEGAL_BASES.map((b) => ({ value: b, label: t(`basis.${b}.title`) }))]}
            value={basis}
            onChange={(v) => setParam('basis', v)}
            clearable
            w={240}
          />
          <PersonPicker
            aria-label={t('files.filters.person')}
            value={personId}
            onChange={(id) => setParam('personId', id)}
            w={240}
            placeholder={t('files.filters.anyPerson')}
          />
        </Group>
      </Card>

      <QueryView
        query={list}
        retry
        loading={
          <SimpleGrid cols={{ base: 2, sm: 3, md: 4, xl: 5 }} spacing="md">
            {Array.from({ length: 12 }, (_, i) => (
              <Skeleton key={i} h={230} radius="md" />
            ))}
          </SimpleGrid>
        }
        empty={
          <Card>
            <EmptyState icon={<IconPhotoSearch size={28} />} title={filtered ? t('files.emptyFiltered') : t('files.empty')}>
              {!filtered && canWrite ? t('files.emptyHint') : undefined}
            </EmptyState>
          </Card>
        }
      >
        {(data) => (
          <Stack gap="lg">
            <SimpleGrid cols={{ base: 2, sm: 3, md: 4, xl: 5 }} spacing="md" data-testid="file-grid">
              {data.pages
                .flatMap((p) => p.items)
                .map((a) => (
                  <FileCard key={a.id} asset={a} channel={channel} />
                ))}
            </SimpleGrid>
            <LoadMore query={list} />
          </Stack>
        )}
      </QueryView>
    </>
  );
}
