import { Anchor, Box, Card, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Person } from '../../lib/api';
import { AssetThumb } from '../AssetThumb';
import { Loading, QueryView } from '../QueryState';
import { UsageTable } from '../UsageTable';

function AssetLink({ assetId }: { assetId: string }) {
  const asset = useQuery({
    queryKey: ['assets', 'detail', assetId],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } })),
    staleTime: 60_000,
  });
  return (
    <Group gap="xs" wrap="nowrap">
      <Box w={44} style={{ flex: 'none', borderRadius: 6, overflow: 'hidden' }}>
        {asset.data ? <AssetThumb asset={asset.data} alt="" /> : <Box className="lk-thumb" />}
      </Box>
      <Anchor component={Link} to={`/files/${assetId}`} size="sm" lineClamp={2}>
        {asset.data ? (asset.data.title ?? asset.data.originalName) : '…'}
      </Anchor>
    </Group>
  );
}

/** Where the files with the person are published. */
export function PersonUsages({ person }: { person: Person }) {
  const { t } = useTranslation();
  const usages = useQuery({
    queryKey: ['persons', 'usages', person.id],
    queryFn: () => unwrap(api.GET('/api/v1/persons/{id}/usages', { params: { path: { id: person.id } } })),
  });
  return (
    <Card padding="lg">
      <Text fw={600} mb="sm">
        {t('personDetail.published')}
      </Text>
      <QueryView query={usages} loading={<Loading h={100} />}>
        {(data) => <UsageTable items={data.items} showAsset={(assetId) => <AssetLink assetId={assetId} />} />}
      </QueryView>
    </Card>
  );
}
