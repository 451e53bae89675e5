import { useEffect, useState } from 'react';
import { Badge, Flex, Loader, Modal, Typography } from '@strapi/design-system';
import { useApi } from './useApi';
import type { EntrySummary } from './EntryPanel';
import { useT } from './useT';

type Row = EntrySummary & { documentId: string; title: string | null };

/** The "Check consent" bulk action's dialog body. */
export function BulkCheck({ model, documentIds }: { model: string; documentIds: string[] }) {
  const tr = useT();
  const { post } = useApi();
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    post('/likeness/status/check', { uid: model, documentIds }).then((res: { data: { data: Row[] } }) => setRows(res.data.data));
  }, [model, documentIds.join(',')]);
  if (!rows) return <Loader small>{tr('loading')}</Loader>;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-likeness="bulk">
      {rows.map((row) => {
        const bad = row.images.filter((i) => !i.allowed);
        return (
          <li key={row.documentId} style={{ marginBottom: 12 }}>
            <Flex gap={2} alignItems="center">
              {row.blocked ? (
                <Badge backgroundColor="danger100" textColor="danger700">{tr('bulk.entryBlocked')}</Badge>
              ) : row.warning ? (
                <Badge backgroundColor="warning100" textColor="warning700">{tr('bulk.entryWarning')}</Badge>
              ) : (
                <Badge backgroundColor="success100" textColor="success700">{tr('bulk.entryOk')}</Badge>
              )}
              <Typography fontWeight="semiBold">{row.title ?? row.documentId}</Typography>
              <Typography variant="pi" textColor="neutral600">
                {tr('bulk.images', { count: row.images.length })}
              </Typography>
            </Flex>
            {bad.length > 0 && (
              <Typography variant="pi" textColor="danger700">
                {bad.map((i) => i.name).join(', ')}
              </Typography>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The dialog's body, as Strapi renders a content component (it wraps only elements in Modal.Body itself). */
export function BulkCheckBody(props: { model: string; documentIds: string[] }) {
  return (
    <Modal.Body>
      <BulkCheck {...props} />
    </Modal.Body>
  );
}
