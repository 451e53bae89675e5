import { DeliveryLinks } from '../components/file/DeliveryLinks';
import { Card, Grid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { BoxEditor, type Rect } from '../components/BoxEditor';
import { useConfirm } from '../components/Confirm';
import { AssignModal } from '../components/file/AssignModal';
import { BasisStep } from '../components/file/BasisStep';
import { boxAppearance } from '../components/file/boxAppearance';
import { ConsentStep, usePersonFacts } from '../components/file/ConsentStep';
import { FileHeader } from '../components/file/FileHeader';
import { FileHistory } from '../components/file/FileHistory';
import { PersonsStep } from '../components/file/PersonsStep';
import { StatusPanel } from '../components/file/StatusPanel';
import { useBoxMutations } from '../components/file/useAssetMutations';
import { Loading, QueryFallback } from '../components/QueryState';
import { api, fileUrl, unwrap } from '../lib/api';
import { formatDuration } from '../lib/format';
import { useCan } from '../lib/auth';
import { useChannel } from '../lib/channel';

export default function FileDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const canWrite = useCan('assets:write');
  const canAudit = useCan('audit:read');
  // The legal basis is its own permission: a basis other than consent can override the persons' will.
  const canBasis = useCan('assets:basis');
  const { channel } = useChannel();
  const asset = useQuery({
    queryKey: ['assets', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id } } })),
  });
  const { createBox, updateBox, deleteBox, decide } = useBoxMutations(id);
  // Face matching: who each unknown face may be. The endpoint exists once face matching is part of the server.
  const faces = useQuery({
    queryKey: ['assets', 'faces', id],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/faces', { params: { path: { id } } })),
    retry: false,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<Rect | null>(null);
  const [assigning, setAssigning] = useState<{ boxId: string | null } | null>(null);
  const confirm = useConfirm();
  const facts = usePersonFacts(asset.data);

  if (!asset.isSuccess) return <QueryFallback query={asset} loading={<Loading h="60vh" />} retry />;
  const a = asset.data;
  const name = a.title ?? a.originalName;
  const channelStatus = a.statuses.find((s) => s.channel === channel) ?? a.statuses[0];
  const personName = (pid: string) => a.boxes.find((b) => b.personId === pid)?.personName ?? t('boxes.unknown');
  const { colorOf, labelOf, meaningOf } = boxAppearance(a, channelStatus?.channel, facts, faces.data, t);

  const confirmDeleteBox = async (boxId: string) => {
    const b = a.boxes.find((x) => x.id === boxId);
    const ok = await confirm({
      title: t('personsStep.removeTitle'),
      message: t('personsStep.removeText', { name: b ? labelOf(b) : '' }),
      confirmLabel: t('personsStep.remove'),
      danger: true,
    });
    if (!ok) return;
    setSelected(null);
    deleteBox.mutate(boxId);
  };

  const assignedBox = assigning?.boxId ? a.boxes.find((b) => b.id === assigning.boxId) : undefined;
  const taggedElsewhere = a.boxes.filter((b) => b.personId && b.id !== assigning?.boxId).map((b) => b.personId!);
  // A new box from drawing, or a centred one from "Add person" (a video's box is the whole frame).
  const startBox = (r: Rect) => {
    setDraft(r);
    setAssigning({ boxId: null });
  };
  const addCenteredBox = () => startBox(a.kind === 'video' ? { x: 0, y: 0, w: 1, h: 1 } : { x: 0.35, y: 0.25, w: 0.3, h: 0.4 });

  return (
    <>
      <FileHeader asset={a} editable={canWrite} />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Card padding="sm">
              {a.kind === 'video' ? (
                <>
                  <video
                    src={fileUrl(a.id, 'original')}
                    poster={a.hasThumbnail ? fileUrl(a.id, 'preview') : undefined}
                    controls
                    preload="metadata"
                    style={{ width: '100%', borderRadius: 8, background: '#000', display: 'block' }}
                    aria-label={name}
                  />
                  {a.durationMs != null && (
                    <Text size="xs" c="dimmed" mt="xs" px={4} data-testid="video-facts">
                      {t('files.videoFacts', { duration: formatDuration(a.durationMs), width: a.width, height: a.height, codec: a.codec ?? '?' })}
                    </Text>
                  )}
                </>
              ) : (
                <BoxEditor
                  src={fileUrl(a.id, a.hasThumbnail ? 'preview' : 'original')}
                  alt={name}
                  aspect={a.width && a.height ? a.width / a.height : 4 / 3}
                  boxes={a.boxes}
                  editable={canWrite}
                  selectedId={selected}
                  onSelect={setSelected}
                  onDraw={startBox}
                  onChange={(boxId, r) => updateBox.mutate({ id: boxId, ...r })}
                  onDelete={(boxId) => void confirmDeleteBox(boxId)}
                  onActivate={(boxId) => canWrite && setAssigning({ boxId })}
                  colorOf={colorOf}
                  labelOf={labelOf}
                  meaningOf={meaningOf}
                  draft={draft}
                />
              )}
              {canWrite && a.kind === 'image' && (
                <Text size="xs" c="dimmed" mt="xs" px={4}>
                  {t('boxes.help')}
                </Text>
              )}
            </Card>
            <PersonsStep
              asset={a}
              editable={canWrite}
              selectedId={selected}
              onSelect={setSelected}
              onAssign={(boxId) => setAssigning({ boxId })}
              onDelete={(boxId) => void confirmDeleteBox(boxId)}
              onAddBox={addCenteredBox}
              colorOf={colorOf}
              meaningOf={meaningOf}
              faces={faces.data}
              onDecide={(suggestionId, approve) => decide.mutate({ id: suggestionId, approve })}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <StatusPanel asset={a} personName={personName} />
            <BasisStep asset={a} editable={canBasis} />
            <ConsentStep asset={a} facts={facts} />
            <DeliveryLinks asset={a} />
          </Stack>
        </Grid.Col>
      </Grid>

      <FileHistory assetId={a.id} canAudit={canAudit} />

      <AssignModal
        opened={assigning !== null}
        onClose={() => {
          setAssigning(null);
          setDraft(null);
        }}
        initialPersonId={assignedBox?.personId ?? null}
        exclude={taggedElsewhere}
        onAssign={(personId) =>
          assigning?.boxId
            ? updateBox.mutateAsync({ id: assigning.boxId, personId })
            : draft
              ? createBox.mutateAsync({ ...draft, personId })
              : Promise.resolve()
        }
      />
    </>
  );
}
