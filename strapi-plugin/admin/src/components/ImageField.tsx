import { forwardRef, useEffect, useState } from 'react';
import { Box, Button, Field, Flex, Grid, Loader, Modal, TextInput, Typography } from '@strapi/design-system';
import { useApi } from './useApi';
import { useT } from './useT';

interface Item {
  assetId: string;
  title: string;
  approvedUntil: string | null;
  hasThumbnail: boolean;
}
export interface PickedImage {
  assetId: string;
  fileId: number;
  url: string;
  title: string;
}

/** A thumbnail fetched through the plugin (admin auth header), shown from a blob: URL. */
function Thumbnail({ assetId, alt }: { assetId: string; alt: string }) {
  const { get } = useApi();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    get(`/likeness/library/${assetId}/thumbnail`, { responseType: 'blob' } as never)
      .then((res: { data: Blob }) => setSrc((url = URL.createObjectURL(res.data))))
      .catch(() => setSrc(null));
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [assetId]);
  return src ? <img src={src} alt={alt} style={{ width: '100%', height: 120, objectFit: 'cover', borderRadius: 4 }} /> : <Box height="120px" background="neutral150" hasRadius />;
}

function Picker({ onPick, onClose }: { onPick: (image: PickedImage) => void; onClose: () => void }) {
  const tr = useT();
  const { get, post } = useApi();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Item[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => get(`/likeness/library?${new URLSearchParams(q ? { q } : {})}`).then((res: { data: { data: { items: Item[] } } }) => setItems(res.data.data.items)), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const choose = async (item: Item) => {
    setBusy(item.assetId);
    try {
      const res = await post('/likeness/library/import', { assetId: item.assetId });
      const file = res.data.data;
      onPick({ assetId: item.assetId, fileId: file.id, url: file.url, title: item.title });
      onClose();
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Modal.Header>
        <Modal.Title>{tr('field.dialogTitle')}</Modal.Title>
      </Modal.Header>
      <Modal.Body data-likeness="image-picker">
        <Field.Root name="likeness-search">
          <Field.Label>{tr('field.search')}</Field.Label>
          <TextInput type="search" value={q} onChange={(e: any) => setQ(e.target.value)} />
        </Field.Root>
        <Box paddingTop={4}>
          {!items ? (
            <Loader small>{tr('loading')}</Loader>
          ) : items.length === 0 ? (
            <Typography>{tr('field.none')}</Typography>
          ) : (
            <Grid.Root gap={3}>
              {items.map((item) => (
                <Grid.Item key={item.assetId} col={3} s={6} direction="column" alignItems="stretch">
                  <Thumbnail assetId={item.assetId} alt={item.title} />
                  <Typography variant="pi" ellipsis>
                    {item.title}
                  </Typography>
                  <Button size="S" variant="secondary" loading={busy === item.assetId} onClick={() => choose(item)} aria-label={`${tr('field.import')}: ${item.title}`}>
                    {tr('field.import')}
                  </Button>
                </Grid.Item>
              ))}
            </Grid.Root>
          )}
        </Box>
      </Modal.Body>
      <Modal.Footer>
        <Button variant="tertiary" onClick={onClose}>
          {tr('close')}
        </Button>
      </Modal.Footer>
    </>
  );
}

/** The "Likeness image" custom field: stores { assetId, fileId, url, title } of an imported approved image. */
const ImageField = forwardRef<HTMLButtonElement, any>(function ImageField({ name, value, onChange, label, hint, error, required, disabled }, ref) {
  const tr = useT();
  const [open, setOpen] = useState(false);
  const current = (typeof value === 'string' ? safeParse(value) : value) as PickedImage | null;
  const emit = (next: PickedImage | null) => onChange({ target: { name, value: next, type: 'json' } });
  return (
    <Field.Root name={name} hint={hint} error={error} required={required}>
      <Field.Label>{label}</Field.Label>
      <Flex gap={3} alignItems="center" data-likeness="image-field">
        {current?.assetId && (
          <Box width="120px">
            <Thumbnail assetId={current.assetId} alt={current.title} />
          </Box>
        )}
        <Modal.Root open={open} onOpenChange={setOpen}>
          <Modal.Trigger>
            <Button ref={ref} variant="secondary" disabled={disabled}>
              {current?.assetId ? tr('field.change') : tr('field.choose')}
            </Button>
          </Modal.Trigger>
          <Modal.Content>{open && <Picker onPick={emit} onClose={() => setOpen(false)} />}</Modal.Content>
        </Modal.Root>
        {current?.assetId && (
          <Button variant="danger-light" disabled={disabled} onClick={() => emit(null)}>
            {tr('field.remove')}
          </Button>
        )}
      </Flex>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
});

function safeParse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

export default ImageField;
