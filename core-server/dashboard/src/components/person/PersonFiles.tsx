import { Anchor, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconPhoto } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listAssets, type Person } from '../../lib/api';
import { useChannel } from '../../lib/channel';
import { AssetThumb } from '../AssetThumb';
import { EmptyState, Loading, LoadMore, QueryView } from '../QueryState';
import { StatusBadge } from '../StatusBadge';

/** The files the person is tagged in, with their status in the current channel. */
export function PersonFiles({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { channel } = useChannel();
  const files = useInfiniteQuery({
    queryKey: ['assets', 'list', { personId: person.id, limit: 24 }],
    queryFn: ({ pageParam }) => listAssets({ personId: person.id, limit: 24, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('personDetail.files')}</Text>
        <Anchor component={Link} to={`/files?personId=${person.id}`} size="sm">
          {t('personDetail.openInFiles')}
        </Anchor>
      </Group>
      <QueryView query={files} loading={<Loading h={120} />} empty={<EmptyState icon={<IconPhoto size={26} />} title={t('personDetail.noFiles')} />}>
        {(data) => (
          <>
            <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm">
              {data.pages
                .flatMap((p) => p.items)
                .map((a) => {
                  const s = a.statuses.find((x) => x.channel === channel) ?? a.statuses[0];
                  return (
                    <Card key={a.id} component={Link} to={`/files/${a.id}`} className="lk-card-link" padding={0} data-testid="person-file">
                      <AssetThumb asset={a} alt="" />
                      <Stack gap={6} p="xs">
                        <Text size="xs" fw={600} lineClamp={1}>
                          {a.title ?? a.originalName}
                        </Text>
                        {s && <StatusBadge status={s.status} size="xs" withTooltip={false} />}
                      </Stack>
                    </Card>
                  );
                })}
            </SimpleGrid>
            <LoadMore query={files} size="xs" display="block" mt="sm" />
          </>
        )}
      </QueryView>
    </Card>
  );
}
