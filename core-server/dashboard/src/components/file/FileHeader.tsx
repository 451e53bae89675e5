import { ActionIcon, Button, Menu, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDots, IconDownload, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, fileUrl, unwrap, type Asset } from '../../lib/api';
import { settingsQuery } from '../../lib/channel';
import { notifyError } from '../../lib/errors';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useInvalidate } from '../../lib/query';
import { useConfirmedAction } from '../Confirm';
import { FormActions, FormModal } from '../FormModal';
import { PageHeader } from '../PageHeader';
import { DownloadDialog } from './DownloadDialog';
import { useAssetRefresh } from './useAssetMutations';

/** The file's title and facts, the download button, and (for an editor) rename and delete. */
export function FileHeader({ asset: a, editable }: { asset: Asset; editable: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  const confirmed = useConfirmedAction();
  const refresh = useAssetRefresh(a.id);
  const [renaming, renameModal] = useDisclosure(false);
  const [declaring, declareModal] = useDisclosure(false);
  // The organisation may want to know where a downloaded original will be used.
  const askUsage = useQuery(settingsQuery).data?.downloadNeedsUsage === true;
  const [title, setTitle] = useState('');
  const rename = useMutation({
    mutationFn: (title: string | null) => unwrap(api.PATCH('/api/v1/assets/{id}', { params: { path: { id: a.id } }, body: { title } })),
    onSuccess: (renamed) => refresh(renamed),
    onError: notifyError,
  });
  const name = a.title ?? a.originalName;

  const remove = () =>
    confirmed(
      { title: t('fileDetail.deleteTitle'), message: t('fileDetail.deleteText', { name }), confirmLabel: t('fileDetail.delete'), danger: true },
      async () => {
        await unwrap(api.DELETE('/api/v1/assets/{id}', { params: { path: { id: a.id } } }));
        queryClient.removeQueries({ queryKey: ['assets', 'detail', a.id] });
        invalidate('assets', 'counts');
        void navigate('/files');
      },
    );

  return (
    <>
      <PageHeader
        crumbs={[{ label: t('nav.files'), to: '/files' }]}
        title={<span data-testid="file-title">{name}</span>}
        subtitle={[
          a.originalName,
          formatBytes(a.size),
          a.width && a.height ? `${a.width} × ${a.height}` : null,
          t('fileDetail.uploaded', { date: formatDateTime(a.createdAt) }),
        ]
          .filter(Boolean)
          .join(' · ')}
        actions={
          <>
            {askUsage ? (
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={declareModal.open} data-testid="download-original">
                {t('fileDetail.download')}
              </Button>
            ) : (
              <Button component="a" href={fileUrl(a.id, 'original')} download={a.originalName} variant="default" leftSection={<IconDownload size={16} />} data-testid="download-original">
                {t('fileDetail.download')}
              </Button>
            )}
            {editable && (
              <Menu position="bottom-end" shadow="md">
                <Menu.Target>
                  <ActionIcon variant="default" size="lg" aria-label={t('common.more')}>
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item
                    leftSection={<IconPencil size={16} />}
                    onClick={() => {
                      setTitle(a.title ?? '');
                      renameModal.open();
                    }}
                  >
                    {t('fileDetail.rename')}
                  </Menu.Item>
                  <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={() => void remove()}>
                    {t('fileDetail.delete')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </>
        }
      />
      <FormModal
        opened={renaming}
        onClose={renameModal.close}
        title={t('fileDetail.rename')}
        onSubmit={() => rename.mutate(title.trim() || null, { onSuccess: renameModal.close })}
      >
        <TextInput
          label={t('fileDetail.titleLabel')}
          placeholder={a.originalName}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          data-autofocus
        />
        <FormActions onCancel={renameModal.close} submit={t('common.save')} loading={rename.isPending} mt="md" />
      </FormModal>
      {askUsage && <DownloadDialog asset={a} opened={declaring} onClose={declareModal.close} />}
    </>
  );
}
