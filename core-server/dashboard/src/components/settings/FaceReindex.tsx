import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconScan } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { notifyError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';

/** Index the files that were uploaded before face matching was on; shows the progress of the latest run. */
export function FaceReindex() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('settings:write');
  const jobs = useQuery({
    queryKey: ['faces', 'reindex'],
    queryFn: () => unwrap(api.GET('/api/v1/faces/reindex')),
    refetchInterval: (q) => (q.state.data?.items.some((j) => j.status === 'queued' || j.status === 'running') ? 2000 : false),
  });
  const start = useMutation({
    mutationFn: (force: boolean) => unwrap(api.POST('/api/v1/faces/reindex', { body: { force } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['faces', 'reindex'] }),
    onError: notifyError,
  });
  const latest = jobs.data?.items[0];
  const running = latest && (latest.status === 'queued' || latest.status === 'running');
  return (
    <Stack gap={6}>
      {latest && (
        <div>
          <Text size="xs" c="dimmed">
            {t(`faceJobs.states.${latest.status}`)} · {t('faceJobs.progress', { done: latest.done, total: latest.total, failed: latest.failed })} ·{' '}
            {formatDateTime(latest.createdAt)}
          </Text>
          {running && <Progress value={latest.total ? (latest.done / latest.total) * 100 : 0} size="sm" mt={4} animated />}
        </div>
      )}
      {canWrite && (
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconScan size={15} />}
            onClick={() => start.mutate(false)}
            loading={start.isPending}
            disabled={running}
          >
            {t('faceJobs.start')}
          </Button>
          <Button size="xs" variant="subtle" color="gray" onClick={() => start.mutate(true)} disabled={running || start.isPending}>
            {t('faceJobs.force')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
