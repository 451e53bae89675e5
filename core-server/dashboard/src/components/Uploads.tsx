import { ActionIcon, Anchor, Box, Card, CloseButton, Group, Progress, ScrollArea, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconCopy, IconUpload, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, uploadWithProgress, type AssetUploaded, type BasisUpdate } from '../lib/api';
import { errorMessage } from '../lib/errors';
import { formatBytes } from '../lib/format';

interface UploadItem {
  key: number;
  file: File;
  progress: number;
  state: 'queued' | 'uploading' | 'done' | 'duplicate' | 'error';
  error?: string;
  assetId?: string;
  abort?: () => void;
  /** A folder upload's legal basis, set on each new file once it is in (a file already in the bank keeps its own). */
  basis?: BasisUpdate;
}

interface UploadsValue {
  items: UploadItem[];
  add(files: File[], options?: { basis?: BasisUpdate }): void;
  clearFinished(): void;
}

const UploadsContext = createContext<UploadsValue | null>(null);
const ACCEPT = /^(image|video)\//;
/** Images and videos, by type or (where the browser gives none) by name. */
export const isMedia = (f: File) => ACCEPT.test(f.type) || /\.(jpe?g|png|webp|gif|tiff?|heic|mp4|mov|webm)$/i.test(f.name);
const CONCURRENCY = 2;

/** Queues uploads (two at a time) with progress; the file grid refreshes as each one lands. */
export function UploadsProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const nextKey = useRef(1);
  const update = useCallback((key: number, patch: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i))), []);

  useEffect(() => {
    const running = items.filter((i) => i.state === 'uploading').length;
    const queued = items.filter((i) => i.state === 'queued').slice(0, Math.max(0, CONCURRENCY - running));
    for (const item of queued) {
      const { promise, abort } = uploadWithProgress<AssetUploaded>('/api/v1/assets', item.file, (p) => update(item.key, { progress: p }));
      update(item.key, { state: 'uploading', abort });
      promise
        .then(async (asset) => {
          if (item.basis && !asset.duplicate) {
            await unwrap(api.PUT('/api/v1/assets/{id}/basis', { params: { path: { id: asset.id } }, body: item.basis })).catch((err: unknown) => {
              throw new Error(t('files.upload.basisFailed', { reason: errorMessage(err, t) }));
            });
          }
          update(item.key, { state: asset.duplicate ? 'duplicate' : 'done', progress: 1, assetId: asset.id });
          void queryClient.invalidateQueries({ queryKey: ['assets'] });
          void queryClient.invalidateQueries({ queryKey: ['counts'] });
        })
        .catch((err: unknown) => update(item.key, { state: 'error', error: err instanceof Error && !('status' in err) ? err.message : errorMessage(err, t) }));
    }
  }, [items, update, queryClient, t]);

  const add = useCallback(
    (files: File[], options: { basis?: BasisUpdate } = {}) => {
      const accepted = files.filter(isMedia);
      const rejected = files.filter((f) => !accepted.includes(f));
      setItems((all) => [
        ...all,
        ...accepted.map((file): UploadItem => ({ key: nextKey.current++, file, progress: 0, state: 'queued', basis: options.basis })),
        ...rejected.map((file): UploadItem => ({ key: nextKey.current++, file, progress: 0, state: 'error', error: t('files.upload.notMedia') })),
      ]);
    },
    [t],
  );
  const clearFinished = useCallback(() => setItems((all) => all.filter((i) => i.state === 'queued' || i.state === 'uploading')), []);
  const value = useMemo(() => ({ items, add, clearFinished }), [items, add, clearFinished]);
  return <UploadsContext.Provider value={value}>{children}</UploadsContext.Provider>;
}

export function useUploads(): UploadsValue {
  const v = useContext(UploadsContext);
  if (!v) throw new Error('useUploads outside UploadsProvider');
  return v;
}

/** Listens for files dragged anywhere onto the window while `enabled`, and shows a drop target. */
export function WindowDropZone({ enabled, onFiles }: { enabled: boolean; onFiles: (files: File[]) => void }) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overHandler = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      onFiles(Array.from(e.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('drop', drop);
    };
  }, [enabled, onFiles]);
  if (!over) return null;
  return (
    <div className="lk-dropzone-overlay">
      <Card shadow="xl" padding="xl" radius="lg">
        <Group>
          <ThemeIcon size={48} radius="xl" variant="light">
            <IconUpload size={26} />
          </ThemeIcon>
          <div>
            <Text fw={700} size="lg">
              {t('files.upload.dropTitle')}
            </Text>
            <Text c="dimmed" size="sm">
              {t('files.upload.dropHint')}
            </Text>
          </div>
        </Group>
      </Card>
    </div>
  );
}

/** The list of uploads in progress and finished, with progress bars. */
export function UploadPanel() {
  const { t } = useTranslation();
  const { items, clearFinished } = useUploads();
  if (items.length === 0) return null;
  const active = items.filter((i) => i.state === 'queued' || i.state === 'uploading').length;
  return (
    <Card padding="md" mb="lg" data-testid="upload-panel" aria-live="polite">
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {active > 0 ? t('files.upload.active', { count: active }) : t('files.upload.finished', { count: items.length })}
        </Text>
        {active === 0 && <CloseButton size="sm" onClick={clearFinished} aria-label={t('files.upload.clear')} />}
      </Group>
      <ScrollArea.Autosize mah={220}>
        <Stack gap={8}>
          {items.map((i) => (
            <Box key={i.key} data-testid="upload-item" data-state={i.state}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
                  {i.state === 'done' && <IconCheck size={16} color="var(--mantine-color-teal-7)" />}
                  {i.state === 'duplicate' && <IconCopy size={16} color="var(--mantine-color-blue-7)" />}
                  {i.state === 'error' && <IconX size={16} color="var(--mantine-color-red-7)" />}
                  {i.assetId ? (
                    <Anchor component={Link} to={`/files/${i.assetId}`} size="sm" lineClamp={1}>
                      {i.file.name}
                    </Anchor>
                  ) : (
                    <Text size="sm" lineClamp={1}>
                      {i.file.name}
                    </Text>
                  )}
                </Group>
                <Group gap={6} wrap="nowrap">
                  <Text size="xs" c={i.state === 'error' ? 'red' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
                    {i.state === 'error'
                      ? i.error
                      : i.state === 'duplicate'
                        ? t('files.upload.duplicate')
                        : i.state === 'done'
                          ? formatBytes(i.file.size)
                          : `${Math.round(i.progress * 100)} %`}
                  </Text>
                  {i.state === 'uploading' && i.abort && (
                    <ActionIcon size="sm" variant="subtle" color="gray" onClick={i.abort} aria-label={t('common.cancel')}>
                      <IconX size={14} />
                    </ActionIcon>
                  )}
                </Group>
              </Group>
              {(i.state === 'uploading' || i.state === 'queued') && <Progress value={i.progress * 100} size="sm" mt={4} animated={i.state === 'uploading'} />}
            </Box>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Card>
  );
}
