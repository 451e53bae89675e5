import { Alert, Button, Group, Modal, Progress, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileExport } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Locale } from '../../lib/api';
import { formatBytes, formatDateTime } from '../../lib/format';

/**
 * "Export data" (Art. 15 and 20): the server builds one zip in a job; the dialog shows its progress and then
 * a download link until the export expires. The summary inside is written in the language chosen here.
 */
export function PersonExport({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [locale, setLocale] = useState<Locale>(i18n.language === 'en' ? 'en' : 'sv');
  const [exportId, setExportId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/persons/{id}/exports', { params: { path: { id: personId } }, body: { locale } })),
    onSuccess: (e) => setExportId(e.id),
  });
  const job = useQuery({
    queryKey: ['exports', exportId],
    enabled: exportId !== null,
    queryFn: () => unwrap(api.GET('/api/v1/exports/{id}', { params: { path: { id: exportId! } } })),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'queued' && q.state.data.status !== 'running' ? false : 1000),
  });
  const e = job.data;
  const close = () => {
    setOpen(false);
    setExportId(null);
    start.reset();
  };
  const percent = e && e.progress.total > 0 ? Math.round((100 * e.progress.done) / e.progress.total) : 0;

  return (
    <>
      <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={() => setOpen(true)} data-testid="export-person">
        {t('personExport.button')}
      </Button>
      <Modal opened={open} onClose={close} title={t('personExport.title')} size="lg">
        <Stack gap="md">
          <Text size="sm">{t('personExport.intro')}</Text>
          {!exportId && (
            <>
              <Stack gap={4}>
                <Text size="sm" fw={500} id="export-language">
                  {t('personExport.language')}
                </Text>
                <SegmentedControl
                  aria-labelledby="export-language"
                  value={locale}
                  onChange={(v) => setLocale(v as Locale)}
                  data={[
                    { value: 'sv', label: 'Svenska' },
                    { value: 'en', label: 'English' },
                  ]}
                />
              </Stack>
              {start.isError && <Alert color="red">{(start.error as Error).message}</Alert>}
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  {t('common.cancel')}
                </Button>
                <Button onClick={() => start.mutate()} loading={start.isPending} data-testid="export-start">
                  {t('personExport.start')}
                </Button>
              </Group>
            </>
          )}
          {e && (e.status === 'queued' || e.status === 'running') && (
            <Stack gap={4} aria-live="polite">
              <Progress value={percent} animated aria-label={t('personExport.progress')} />
              <Text size="sm" c="dimmed">
                {t('personExport.building', { done: e.progress.done, total: e.progress.total })}
              </Text>
            </Stack>
          )}
          {e?.status === 'done' && (
            <Stack gap="xs" aria-live="polite">
              <Text size="sm">{t('personExport.ready', { size: formatBytes(e.size ?? 0), until: formatDateTime(e.expiresAt) })}</Text>
              <Group justify="flex-end">
                <Button component="a" href={`/api/v1/exports/${e.id}/download`} leftSection={<IconDownload size={16} />} data-testid="export-download">
                  {t('personExport.download')}
                </Button>
              </Group>
            </Stack>
          )}
          {(e?.status === 'failed' || e?.status === 'expired') && <Alert color="red">{e.status === 'failed' ? (e.error ?? t('personExport.failed')) : t('personExport.expired')}</Alert>}
        </Stack>
      </Modal>
    </>
  );
}
