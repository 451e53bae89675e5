import { Card, Stack, Tabs } from '@mantine/core';
import { IconHistory, IconWorldWww } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../lib/api';
import { AuditTable } from '../AuditTable';
import { EmptyState, LoadMore, QueryView } from '../QueryState';
import { UsageTable } from '../UsageTable';

function FileAudit({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const audit = useInfiniteQuery({
    queryKey: ['audit', 'list', { entityType: 'asset', entityId: assetId }],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/audit', { params: { query: { entityType: 'asset', entityId: assetId, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <QueryView query={audit} empty={<EmptyState title={t('audit.empty')} />}>
      {(data) => (
        <Stack>
          <AuditTable events={data.pages.flatMap((p) => p.items)} showEntity={false} />
          <LoadMore query={audit} />
        </Stack>
      )}
    </QueryView>
  );
}

function FileUsages({ assetId }: { assetId: string }) {
  const usages = useQuery({
    queryKey: ['assets', 'usages', assetId],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/usages', { params: { path: { id: assetId } } })),
  });
  return <QueryView query={usages}>{(data) => <UsageTable items={data.items} />}</QueryView>;
}

/** Where the file is published, and (for those who may read it) its audit trail. */
export function FileHistory({ assetId, canAudit }: { assetId: string; canAudit: boolean }) {
  const { t } = useTranslation();
  return (
    <Card mt="xl" padding="lg">
      <Tabs defaultValue="usages" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="usages" leftSection={<IconWorldWww size={16} />}>
            {t('fileDetail.usages')}
          </Tabs.Tab>
          {canAudit && (
            <Tabs.Tab value="audit" leftSection={<IconHistory size={16} />} data-testid="tab-audit">
              {t('fileDetail.audit')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="usages">
          <FileUsages assetId={assetId} />
        </Tabs.Panel>
        {canAudit && (
          <Tabs.Panel value="audit">
            <FileAudit assetId={assetId} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Card>
  );
}
