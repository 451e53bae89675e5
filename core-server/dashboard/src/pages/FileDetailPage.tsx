import { ActionIcon, Anchor, Badge, Box, Button, Card, Grid, Group, Menu, Modal, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconCheck,
  IconDots,
  IconDownload,
  IconFocusCentered,
  IconHistory,
  IconPencil,
  IconTrash,
  IconUserEdit,
  IconUserQuestion,
  IconSparkles,
  IconWorldWww,
  IconX,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { AuditTable } from '../components/AuditTable';
import { BoxEditor, type Rect } from '../components/BoxEditor';
import { useConfirm } from '../components/Confirm';
import { AssignModal } from '../components/file/AssignModal';
import { BasisStep } from '../components/file/BasisStep';
import { ConsentStep, usePersonFacts } from '../components/file/ConsentStep';
import { StatusPanel } from '../components/file/StatusPanel';
import { StepCard } from '../components/file/StepCard';
import { PageHeader } from '../components/PageHeader';
import { PersonFace } from '../components/PersonFace';
import { EmptyState, ErrorAlert, Loading } from '../components/QueryState';
import { UsageTable } from '../components/UsageTable';
import { api, fileUrl, unwrap, type Asset, type AssetFaces, type Box as FaceBox } from '../lib/api';
import { useCan } from '../lib/auth';
import { coverage, isSatisfied } from '../lib/coverage';
import { useChannel } from '../lib/channel';
import { notifyError } from '../lib/errors';
import { formatBytes, formatDateTime } from '../lib/format';

const BOX_COLORS = { ok: '#63e6be', problem: '#ff8787', unknown: '#ffd43b', neutral: '#74c0fc' };

function useAssetMutations(assetId: string) {
  const queryClient = useQueryClient();
  const refresh = (asset?: Asset) => {
    if (asset) queryClient.setQueryData(['assets', 'detail', assetId], asset);
    void queryClient.invalidateQueries({ queryKey: ['assets'] });
    void queryClient.invalidateQueries({ queryKey: ['counts'] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
  };
  const createBox = useMutation({
    mutationFn: (input: Rect & { personId: string | null }) =>
      unwrap(api.POST('/api/v1/assets/{id}/boxes', { params: { path: { id: assetId } }, body: input })),
    onSuccess: () => refresh(),
    onError: notifyError,
  });
  const updateBox = useMutation({
    mutationFn: ({ id, ...body }: Partial<Rect> & { id: string; personId?: string | null }) =>
      unwrap(api.PATCH('/api/v1/boxes/{id}', { params: { path: { id } }, body })),
    onSuccess: () => refresh(),
    onError: (err) => {
      notifyError(err);
      refresh();
    },
  });
  const deleteBox = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/boxes/{id}', { params: { path: { id } } })),
    onSuccess: () => refresh(),
    onError: notifyError,
  });
  const rename = useMutation({
    mutationFn: (title: string | null) => unwrap(api.PATCH('/api/v1/assets/{id}', { params: { path: { id: assetId } }, body: { title } })),
    onSuccess: (a) => refresh(a),
    onError: notifyError,
  });
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) =>
      approve
        ? unwrap(api.POST('/api/v1/face-suggestions/{id}/approve', { params: { path: { id } } }))
        : unwrap(api.POST('/api/v1/face-suggestions/{id}/reject', { params: { path: { id } } })),
    onSuccess: () => refresh(),
    onError: notifyError,
  });
  return { createBox, updateBox, deleteBox, rename, decide };
}

function FileAudit({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const audit = useInfiniteQuery({
    queryKey: ['audit', 'list', { entityType: 'asset', entityId: assetId }],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/audit', { params: { query: { entityType: 'asset', entityId: assetId, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <ErrorAlert error={audit.error} />;
  const events = audit.data.pages.flatMap((p) => p.items);
  if (events.length === 0) return <EmptyState title={t('audit.empty')} />;
  return (
    <Stack>
      <AuditTable events={events} showEntity={false} />
      {audit.hasNextPage && (
        <Button variant="default" mx="auto" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function FileUsages({ assetId }: { assetId: string }) {
  const usages = useQuery({
    queryKey: ['assets', 'usages', assetId],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/usages', { params: { path: { id: assetId } } })),
  });
  if (usages.isPending) return <Loading />;
  if (usages.isError) return <ErrorAlert error={usages.error} />;
  return <UsageTable items={usages.data.items} />;
}

function PersonsStep({
  asset,
  editable,
  selectedId,
  onSelect,
  onAssign,
  onDelete,
  onAddBox,
  colorOf,
  faces,
  onDecide,
}: {
  faces: AssetFaces | undefined;
  onDecide(suggestionId: string, approve: boolean): void;
  asset: Asset;
  editable: boolean;
  selectedId: string | null;
  onSelect(id: string): void;
  onAssign(id: string): void;
  onDelete(id: string): void;
  onAddBox(): void;
  colorOf(b: FaceBox): string;
}) {
  const { t } = useTranslation();
  const faceOf = new Map((faces?.faces ?? []).map((f) => [f.boxId, f]));
  const needsPersons = asset.basis === 'consent';
  const done = needsPersons ? asset.boxes.length > 0 && asset.boxes.every((b) => b.personId) : asset.basis !== null;
  return (
    <StepCard
      n={2}
      title={t('personsStep.title')}
      done={done}
      testId="step-persons"
      right={
        editable && (
          <Tooltip label={t('personsStep.addBoxHelp')}>
            <Button size="compact-sm" variant="light" leftSection={<IconFocusCentered size={15} />} onClick={onAddBox}>
              {t('personsStep.addBox')}
            </Button>
          </Tooltip>
        )
      }
    >
      {!needsPersons && asset.basis !== null && (
        <Text size="sm" c="dimmed" mb="sm">
          {t('personsStep.notNeeded')}
        </Text>
      )}
      {faces?.scan && (
        <Text size="xs" c="dimmed" mb="sm">
          {faces.scan.status === 'done'
            ? t('faces.scanned', { count: faces.scan.faces })
            : faces.scan.status === 'failed'
              ? t('faces.scanFailed')
              : t('faces.scanSkipped')}
        </Text>
      )}
      {asset.boxes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {editable ? (asset.kind === 'video' ? t('personsStep.emptyVideo') : t('personsStep.emptyEditable')) : t('personsStep.empty')}
        </Text>
      ) : (
        <Stack gap={4}>
          {asset.boxes.map((b, i) => (
            <Group
              key={b.id}
              justify="space-between"
              wrap="nowrap"
              px="xs"
              py={6}
              style={{
                borderRadius: 'var(--mantine-radius-md)',
                background: selectedId === b.id ? 'var(--mantine-color-brand-0)' : undefined,
                cursor: 'pointer',
              }}
              onClick={() => onSelect(b.id)}
              data-testid="box-row"
            >
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <Box w={12} h={12} style={{ flex: 'none', borderRadius: 3, background: colorOf(b), boxShadow: 'inset 0 0 0 1px rgba(0,0,0,.25)' }} />
                <Text size="sm" c="dimmed" w={18}>
                  {i + 1}.
                </Text>
                {b.personId ? (
                  <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
                    <PersonFace personId={b.personId} name={b.personName ?? ''} size={26} />
                    <Anchor component={Link} to={`/persons/${b.personId}`} size="sm" fw={500} lineClamp={1} onClick={(e) => e.stopPropagation()}>
                      {b.personName}
                    </Anchor>
                  </Group>
                ) : (
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      <IconUserQuestion size={18} color="var(--mantine-color-yellow-7)" />
                      <Text size="sm" fw={500}>
                        {t('boxes.unknown')}
                      </Text>
                      {b.source === 'detected' && (
                        <Badge size="xs" variant="light" color="gray" style={{ textTransform: 'none' }}>
                          {t('faces.detected')}
                        </Badge>
                      )}
                    </Group>
                    {(faceOf.get(b.id)?.suggestions ?? [])
                      .filter((sg) => sg.status === 'pending')
                      .slice(0, 2)
                      .map((sg) => (
                        <Group key={sg.id} gap={6} wrap="nowrap" data-testid="face-suggestion" onClick={(e) => e.stopPropagation()}>
                          <IconSparkles size={14} color="var(--mantine-color-grape-6)" />
                          <Text size="xs">{t('faces.maybe', { name: sg.personName ?? '?', score: Math.round(sg.score * 100) })}</Text>
                          {editable && (
                            <>
                              <Tooltip label={t('faces.approve')}>
                                <ActionIcon
                                  size="sm"
                                  variant="light"
                                  color="teal"
                                  onClick={() => onDecide(sg.id, true)}
                                  aria-label={`${t('faces.approve')}: ${sg.personName ?? ''}`}
                                >
                                  <IconCheck size={14} />
                                </ActionIcon>
                              </Tooltip>
                              <Tooltip label={t('faces.reject')}>
                                <ActionIcon
                                  size="sm"
                                  variant="light"
                                  color="gray"
                                  onClick={() => onDecide(sg.id, false)}
                                  aria-label={`${t('faces.reject')}: ${sg.personName ?? ''}`}
                                >
                                  <IconX size={14} />
                                </ActionIcon>
                              </Tooltip>
                            </>
                          )}
                        </Group>
                      ))}
                  </Stack>
                )}
              </Group>
              {editable && (
                <Group gap={2} wrap="nowrap">
                  <Tooltip label={b.personId ? t('personsStep.change') : t('personsStep.identify')}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={(e) => (e.stopPropagation(), onAssign(b.id))}
                      aria-label={b.personId ? t('personsStep.change') : t('personsStep.identify')}
                      data-testid="box-assign"
                    >
                      <IconUserEdit size={17} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t('personsStep.remove')}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      onClick={(e) => (e.stopPropagation(), onDelete(b.id))}
                      aria-label={t('personsStep.remove')}
                      data-testid="box-delete"
                    >
                      <IconTrash size={17} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </StepCard>
  );
}

export default function FileDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan('assets:write');
  const canAudit = useCan('audit:read');
  const { channel } = useChannel();
  const asset = useQuery({
    queryKey: ['assets', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id } } })),
  });
  const { createBox, updateBox, deleteBox, rename, decide } = useAssetMutations(id);
  // Face matching: who each unknown face may be. The endpoint exists once face matching is part of the server.
  const faces = useQuery({
    queryKey: ['assets', 'faces', id],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/faces', { params: { path: { id } } })),
    retry: false,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<Rect | null>(null);
  const [assigning, setAssigning] = useState<{ boxId: string | null } | null>(null);
  const [renaming, renameModal] = useDisclosure(false);
  const [title, setTitle] = useState('');
  const confirm = useConfirm();
  const facts = usePersonFacts(asset.data);

  if (asset.isPending) return <Loading h="60vh" />;
  if (asset.isError) return <ErrorAlert error={asset.error} onRetry={() => void asset.refetch()} />;
  const a = asset.data;
  const name = a.title ?? a.originalName;
  const channelStatus = a.statuses.find((s) => s.channel === channel) ?? a.statuses[0];
  const personName = (pid: string) => a.boxes.find((b) => b.personId === pid)?.personName ?? t('boxes.unknown');

  const colorOf = (b: FaceBox) => {
    if (!b.personId) return BOX_COLORS.unknown;
    if (a.basis !== 'consent' || !channelStatus) return BOX_COLORS.neutral;
    const f = facts.get(b.personId);
    const r = coverage(a, channelStatus.channel, b.personId, f?.person, f?.agreements);
    return r === null ? BOX_COLORS.neutral : isSatisfied(r) ? BOX_COLORS.ok : BOX_COLORS.problem;
  };
  const suggestionOf = (b: FaceBox) => faces.data?.faces.find((f) => f.boxId === b.id)?.suggestions.find((sg) => sg.status === 'pending');
  const labelOf = (b: FaceBox) => b.personName ?? (suggestionOf(b)?.personName ? `${suggestionOf(b)!.personName}?` : t('boxes.unknown'));

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

  const confirmDeleteAsset = async () => {
    const ok = await confirm({
      title: t('fileDetail.deleteTitle'),
      message: t('fileDetail.deleteText', { name }),
      confirmLabel: t('fileDetail.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await unwrap(api.DELETE('/api/v1/assets/{id}', { params: { path: { id } } }));
      queryClient.removeQueries({ queryKey: ['assets', 'detail', id] });
      void queryClient.invalidateQueries({ queryKey: ['assets'] });
      void queryClient.invalidateQueries({ queryKey: ['counts'] });
      void navigate('/files');
    } catch (err) {
      notifyError(err);
    }
  };

  const assignedBox = assigning?.boxId ? a.boxes.find((b) => b.id === assigning.boxId) : undefined;
  const taggedElsewhere = a.boxes.filter((b) => b.personId && b.id !== assigning?.boxId).map((b) => b.personId!);
  const addCenteredBox = () => {
    const r = a.kind === 'video' ? { x: 0, y: 0, w: 1, h: 1 } : { x: 0.35, y: 0.25, w: 0.3, h: 0.4 };
    setDraft(r);
    setAssigning({ boxId: null });
  };

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
            <Button component="a" href={fileUrl(a.id, 'original')} download={a.originalName} variant="default" leftSection={<IconDownload size={16} />}>
              {t('fileDetail.download')}
            </Button>
            {canWrite && (
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
                  <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={() => void confirmDeleteAsset()}>
                    {t('fileDetail.delete')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Card padding="sm">
              {a.kind === 'video' ? (
                <video
                  src={fileUrl(a.id, 'original')}
                  controls
                  preload="metadata"
                  style={{ width: '100%', borderRadius: 8, background: '#000', display: 'block' }}
                  aria-label={name}
                />
              ) : (
                <BoxEditor
                  src={fileUrl(a.id, a.hasThumbnail ? 'preview' : 'original')}
                  alt={name}
                  aspect={a.width && a.height ? a.width / a.height : 4 / 3}
                  boxes={a.boxes}
                  editable={canWrite}
                  selectedId={selected}
                  onSelect={setSelected}
                  onDraw={(r) => {
                    setDraft(r);
                    setAssigning({ boxId: null });
                  }}
                  onChange={(boxId, r) => updateBox.mutate({ id: boxId, ...r })}
                  onDelete={(boxId) => void confirmDeleteBox(boxId)}
                  onActivate={(boxId) => canWrite && setAssigning({ boxId })}
                  colorOf={colorOf}
                  labelOf={labelOf}
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
              faces={faces.data}
              onDecide={(suggestionId, approve) => decide.mutate({ id: suggestionId, approve })}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <StatusPanel asset={a} personName={personName} />
            <BasisStep asset={a} editable={canWrite} />
            <ConsentStep asset={a} facts={facts} />
          </Stack>
        </Grid.Col>
      </Grid>

      <Card mt="xl" padding="lg">
        <Tabs defaultValue="usages" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="usages" leftSection={<IconWorldWww size={16} />}>
              {t('fileDetail.usages')}
            </Tabs.Tab>
            {canAudit && (
              <Tabs.Tab value="audit" leftSection={<IconHistory size={16} />} data-testid="tab-audit">
                {t('fileDetail.audit')}
              </Tabs.Tab>
            )}
          </Tabs.List>
          <Tabs.Panel value="usages">
            <FileUsages assetId={a.id} />
          </Tabs.Panel>
          {canAudit && (
            <Tabs.Panel value="audit">
              <FileAudit assetId={a.id} />
            </Tabs.Panel>
          )}
        </Tabs>
      </Card>

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
      <Modal opened={renaming} onClose={renameModal.close} title={<Text fw={650}>{t('fileDetail.rename')}</Text>}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate(title.trim() || null, { onSuccess: renameModal.close });
          }}
        >
          <TextInput
            label={t('fileDetail.titleLabel')}
            placeholder={a.originalName}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={renameModal.close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={rename.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </form>
      </Modal>
    </>
  );
}
