import { VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type StatusChangedEvent } from '../lib/api';
import { useLive } from '../lib/live';

/** More changes than this in one push are summed up in one sentence rather than read out one by one. */
const MAX_READ_OUT = 3;

/** "Bild X: Återkallad (web, print)": one line per file and new status, in the order they arrived. */
function groupByFile(events: StatusChangedEvent[]): Array<{ assetId: string; status: StatusChangedEvent['newStatus']; channels: string[] }> {
  const groups = new Map<string, { assetId: string; status: StatusChangedEvent['newStatus']; channels: string[] }>();
  for (const e of [...events].reverse()) {
    const key = `${e.assetId}|${e.newStatus}`;
    const g = groups.get(key) ?? { assetId: e.assetId, status: e.newStatus, channels: [] };
    g.channels.push(e.channel);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/**
 * Status changes pushed over the socket, said politely by screen readers (WCAG 4.1.3): the file's name and its
 * new status in words, not only a badge that changes colour. The region is always in the page so that
 * assistive technology is already listening when the first message lands.
 */
export function LiveAnnouncer() {
  const { t } = useTranslation();
  const { recent } = useLive();
  const queryClient = useQueryClient();
  // Changes already received when this mounted were for an earlier view: only what arrives from now on is news.
  const announced = useRef<number>(recent[0]?.seq ?? -1);
  const [message, setMessage] = useState('');

  useEffect(() => {
    const since = announced.current;
    const fresh = recent.filter((e) => e.seq > since);
    if (fresh.length === 0) return;
    announced.current = Math.max(...fresh.map((e) => e.seq));
    let cancelled = false;
    const groups = groupByFile(fresh);
    void (async () => {
      if (groups.length > MAX_READ_OUT) {
        setMessage(t('live.announceMany', { count: groups.length }));
        return;
      }
      const lines = await Promise.all(
        groups.map(async (g) => {
          const file =
            g.status === 'unknown'
              ? t('overview.deletedFile')
              : await queryClient
                  .fetchQuery({
                    queryKey: ['assets', 'detail', g.assetId],
                    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id: g.assetId } } })),
                    staleTime: 60_000,
                  })
                  .then((a) => a.title ?? a.originalName)
                  .catch(() => t('live.aFile'));
          return t('live.announce', { file, status: t(`status.${g.status}`), channels: g.channels.join(', ') });
        }),
      );
      if (!cancelled) setMessage(lines.join('. '));
    })();
    return () => {
      cancelled = true;
    };
  }, [recent, queryClient, t]);

  return (
    <VisuallyHidden role="status" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      {message}
    </VisuallyHidden>
  );
}
