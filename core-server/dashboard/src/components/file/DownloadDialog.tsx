import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Asset } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useInvalidate } from '../../lib/query';
import { StatusBadge } from '../StatusBadge';

/**
 * The organisation wants to know where downloaded originals go: the user names a channel the file is approved
 * for and a note; the server records it as a usage of the file, then the browser downloads the original.
 */
export function DownloadDialog({ asset: a, opened, onClose }: { asset: Asset; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const approved = a.statuses.filter((s) => s.approved);
  const [channel, setChannel] = useState<string>(approved[0]?.channel ?? '');
  const [note, setNote] = useState('');
  const declare = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/assets/{id}/download', { params: { path: { id: a.id } }, body: { channel, note: note.trim() } })),
    onSuccess: (grant) => {
      const link = document.createElement('a');
      link.href = grant.url;
      link.download = a.originalName;
      document.body.append(link);
      link.click();
      link.remove();
      invalidate('assets');
      setNote('');
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('download.title')} size="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          declare.mutate();
        }}
      >
        <Stack gap="md">
          <Text size="sm">{t('download.intro')}</Text>
          {approved.length === 0 ? (
            <Alert color="orange" data-testid="download-none-approved">
              {t('download.noneApproved')}
            </Alert>
          ) : (
            <Radio.Group label={t('download.channel')} value={channel} onChange={setChannel} required>
              <Stack gap={6} mt={4}>
                {a.statuses.map((s) => (
                  <Group key={s.channel} gap="xs">
                    <Radio value={s.channel} label={s.channel} disabled={!s.approved} data-testid={`download-channel-${s.channel}`} />
                    <StatusBadge status={s.status} size="sm" />
                  </Group>
                ))}
              </Stack>
            </Radio.Group>
          )}
          <TextInput
            label={t('download.note')}
            description={t('download.noteHelp')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={500}
            required
            data-testid="download-note"
          />
          {declare.isError && <Alert color="red">{errorMessage(declare.error, t)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" leftSection={<IconDownload size={16} />} loading={declare.isPending} disabled={approved.length === 0 || !note.trim()} data-testid="download-submit">
              {t('download.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
