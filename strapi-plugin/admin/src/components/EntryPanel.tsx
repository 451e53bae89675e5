import { useEffect, useState } from 'react';
import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import { useApi } from './useApi';
import { StatusBadge, type ImageStatus } from './StatusBadge';
import { useT } from './useT';

export interface EntrySummary {
  configured: boolean;
  blocked: boolean;
  warning: boolean;
  images: Array<ImageStatus & { name: string; field: string; fileId: number | null; assetId: string | null }>;
}

/** Fetches the Likeness summary of an entry's draft; refreshes when the document changes (after a save). */
export function useEntrySummary(model: string, documentId: string | undefined, locale: string | undefined, version: unknown) {
  const { get } = useApi();
  const [summary, setSummary] = useState<EntrySummary | null>(null);
  useEffect(() => {
    if (!documentId) return;
    let live = true;
    const query = new URLSearchParams({ uid: model, documentId, ...(locale ? { locale } : {}) });
    get(`/likeness/status/entry?${query}`)
      .then((res: { data: { data: EntrySummary } }) => live && setSummary(res.data.data))
      .catch(() => live && setSummary(null));
    return () => {
      live = false;
    };
  }, [model, documentId, locale, version]);
  return summary;
}

export function EntryMessages({ summary }: { summary: EntrySummary }) {
  const tr = useT();
  const names = (list: EntrySummary['images']) => list.map((i) => `“${i.name}”`).join(', ');
  const blocked = summary.images.filter((i) => !i.allowed);
  const warned = summary.images.filter((i) => i.allowed && i.warning);
  if (!summary.configured) return <Typography variant="pi">{tr('panel.notConfigured')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {summary.blocked && (
        <Box role="alert" padding={3} background="danger100" hasRadius borderColor="danger200">
          <Typography textColor="danger700" variant="omega" fontWeight="bold" data-likeness-blocked="true">
            {tr('panel.blocked', { names: names(blocked), count: blocked.length })}
          </Typography>
        </Box>
      )}
      {!summary.blocked && warned.length > 0 && (
        <Box role="status" padding={3} background="warning100" hasRadius borderColor="warning200">
          <Typography textColor="warning700" variant="omega">
            {tr('panel.warning', { names: names(warned) })}
          </Typography>
        </Box>
      )}
      {!summary.blocked && !warned.length && summary.images.length > 0 && <Typography variant="pi" textColor="success700">{tr('panel.ok')}</Typography>}
    </Flex>
  );
}

/** The side panel content: every image the entry uses, with its status. */
export function EntryPanelContent({ model, documentId, locale, version }: { model: string; documentId?: string; locale?: string; version: unknown }) {
  const tr = useT();
  const summary = useEntrySummary(model, documentId, locale, version);
  if (!documentId) return <Typography variant="pi">{tr('panel.save')}</Typography>;
  if (!summary) return <Loader small>{tr('loading')}</Loader>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-likeness="panel">
      <EntryMessages summary={summary} />
      {summary.images.length === 0 ? (
        <Typography variant="pi">{tr('panel.empty')}</Typography>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={tr('panel.title')}>
          {summary.images.map((image) => (
            <li key={`${image.fileId ?? image.assetId}-${image.field}`} style={{ marginBottom: 8 }}>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <Typography variant="omega" fontWeight="semiBold" ellipsis>
                  {image.name}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {image.field}
                </Typography>
                <StatusBadge image={image} />
              </Flex>
            </li>
          ))}
        </ul>
      )}
    </Flex>
  );
}
