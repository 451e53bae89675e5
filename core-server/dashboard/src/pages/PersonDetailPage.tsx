import { Anchor, Badge, Box, Button, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFileCertificate, IconPencil, IconPhoto, IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { AssetThumb } from '../components/AssetThumb';
import { RequestModal } from '../components/consent/RequestModal';
import { RequestTable } from '../components/consent/RequestTable';
import { useConfirm } from '../components/Confirm';
import { PageHeader } from '../components/PageHeader';
import { AgreementCard } from '../components/person/AgreementCard';
import { AgreementForm } from '../components/person/AgreementForm';
import { PersonFace } from '../components/PersonFace';
import { PersonForm } from '../components/PersonForm';
import { EmptyState, ErrorAlert, Loading } from '../components/QueryState';
import { ConsentBadge, StatusBadge } from '../components/StatusBadge';
import { UsageTable } from '../components/UsageTable';
import { api, listAssets, unwrap, type Agreement, type Asset, type Person } from '../lib/api';
import { useCan, useMe } from '../lib/auth';
import { settingsQuery, useChannel } from '../lib/channel';
import { notifyError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { ageOf, personRef } from '../lib/person';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={112} fw={500} c="dimmed" pl={0} style={{ verticalAlign: 'top', fontSize: 'var(--mantine-font-size-sm)' }}>
        {label}
      </Table.Th>
      <Table.Td pr={0} style={{ overflowWrap: 'break-word', wordBreak: 'normal' }}>
        {children}
      </Table.Td>
    </Table.Tr>
  );
}

function ContactCard({ person }: { person: Person }) {
  const { t } = useTranslation();
  const me = useMe();
  const settings = useQuery(settingsQuery);
  const age = ageOf(person.birthDate);
  const fields = (settings.data?.customFields ?? []).filter((f) => me.role && f.visibleTo.includes(me.role));
  const dash = <Text c="dimmed">–</Text>;
  const customValue = (v: unknown) =>
    v === null || v === undefined || v === '' ? dash : typeof v === 'boolean' ? (v ? t('common.yes') : t('common.no')) : String(v);
  return (
    <Card padding="lg">
      <Text fw={600} mb="xs">
        {t('personDetail.contact')}
      </Text>
      <Table withRowBorders={false} verticalSpacing={6} highlightOnHover={false} fz="sm">
        <Table.Tbody>
          <Field label={t('personForm.email')}>{person.email ? <Anchor href={`mailto:${person.email}`}>{person.email}</Anchor> : dash}</Field>
          <Field label={t('personForm.phone')}>{person.phone ?? dash}</Field>
          <Field label={t('personForm.birthDate')}>{person.birthDate ? `${formatDate(person.birthDate)} (${t('personDetail.age', { age })})` : dash}</Field>
          {(person.minor || person.guardianName) && (
            <Field label={t('personForm.guardian')}>
              {person.guardianName ? (
                <Stack gap={0}>
                  <Text size="sm">{person.guardianName}</Text>
                  {person.guardianEmail && (
                    <Anchor href={`mailto:${person.guardianEmail}`} size="sm">
                      {person.guardianEmail}
                    </Anchor>
                  )}
                  {person.guardianPhone && <Text size="sm">{person.guardianPhone}</Text>}
                </Stack>
              ) : (
                <Text size="sm" c="orange.8">
                  {t('personDetail.noGuardian')}
                </Text>
              )}
            </Field>
          )}
          {fields.map((f) => (
            <Field key={f.key} label={f.label}>
              {customValue(person.customFields[f.key])}
            </Field>
          ))}
          <Field label={t('personForm.notes')}>
            {person.notes ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {person.notes}
              </Text>
            ) : (
              dash
            )}
          </Field>
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function PersonFiles({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { channel } = useChannel();
  const files = useInfiniteQuery({
    queryKey: ['assets', 'list', { personId: person.id, limit: 24 }],
    queryFn: ({ pageParam }) => listAssets({ personId: person.id, limit: 24, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const assets: Asset[] = files.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('personDetail.files')}</Text>
        <Anchor component={Link} to={`/files?personId=${person.id}`} size="sm">
          {t('personDetail.openInFiles')}
        </Anchor>
      </Group>
      {files.isPending ? (
        <Loading h={120} />
      ) : files.isError ? (
        <ErrorAlert error={files.error} />
      ) : assets.length === 0 ? (
        <EmptyState icon={<IconPhoto size={26} />} title={t('personDetail.noFiles')} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm">
            {assets.map((a) => {
              const s = a.statuses.find((x) => x.channel === channel) ?? a.statuses[0];
              return (
                <Card key={a.id} component={Link} to={`/files/${a.id}`} className="lk-card-link" padding={0} data-testid="person-file">
                  <AssetThumb asset={a} alt="" />
                  <Stack gap={6} p="xs">
                    <Text size="xs" fw={600} lineClamp={1}>
                      {a.title ?? a.originalName}
                    </Text>
                    {s && <StatusBadge status={s.status} size="xs" withTooltip={false} />}
                  </Stack>
                </Card>
              );
            })}
          </SimpleGrid>
          {files.hasNextPage && (
            <Button variant="default" size="xs" display="block" mx="auto" mt="sm" onClick={() => void files.fetchNextPage()} loading={files.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

function AssetLink({ assetId }: { assetId: string }) {
  const asset = useQuery({
    queryKey: ['assets', 'detail', assetId],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } })),
    staleTime: 60_000,
  });
  return (
    <Group gap="xs" wrap="nowrap">
      <Box w={44} style={{ flex: 'none', borderRadius: 6, overflow: 'hidden' }}>
        {asset.data ? <AssetThumb asset={asset.data} alt="" /> : <Box className="lk-thumb" />}
      </Box>
      <Anchor component={Link} to={`/files/${assetId}`} size="sm" lineClamp={2}>
        {asset.data ? (asset.data.title ?? asset.data.originalName) : '…'}
      </Anchor>
    </Group>
  );
}

function PersonRequests({ person }: { person: Person }) {
  const { t } = useTranslation();
  const canWrite = useCan('persons:write');
  const [opened, modal] = useDisclosure(false);
  const requests = useQuery({
    queryKey: ['consent', 'requests', { personId: person.id }],
    queryFn: () => unwrap(api.GET('/api/v1/consent/requests', { params: { query: { personId: person.id, limit: 20 } } })),
    refetchInterval: 15_000,
  });
  const items = requests.data?.items ?? [];
  if (!canWrite && items.length === 0) return null;
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('personDetail.requests')}</Text>
        {canWrite && (
          <Button size="sm" variant="light" leftSection={<IconSend size={16} />} onClick={modal.open} data-testid="request-consent">
            {t('personDetail.requestConsent')}
          </Button>
        )}
      </Group>
      {requests.isPending ? (
        <Loading h={80} />
      ) : requests.isError ? (
        <ErrorAlert error={requests.error} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('personDetail.noRequests')}
        </Text>
      ) : (
        <RequestTable items={items} showPerson={false} />
      )}
      {canWrite && <RequestModal opened={opened} onClose={modal.close} person={person} />}
    </Card>
  );
}

function PersonUsages({ person }: { person: Person }) {
  const { t } = useTranslation();
  const usages = useQuery({
    queryKey: ['persons', 'usages', person.id],
    queryFn: () => unwrap(api.GET('/api/v1/persons/{id}/usages', { params: { path: { id: person.id } } })),
  });
  return (
    <Card padding="lg">
      <Text fw={600} mb="sm">
        {t('personDetail.published')}
      </Text>
      {usages.isPending ? (
        <Loading h={100} />
      ) : usages.isError ? (
        <ErrorAlert error={usages.error} />
      ) : (
        <UsageTable items={usages.data.items} showAsset={(assetId) => <AssetLink assetId={assetId} />} />
      )}
    </Card>
  );
}

export default function PersonDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const canWrite = useCan('persons:write');
  const canUsages = useCan('usages:read');
  const [params, setParams] = useSearchParams();
  const [editing, editModal] = useDisclosure(false);
  const [agreementForm, setAgreementForm] = useState<{ agreement: Agreement | null } | null>(null);
  const person = useQuery({
    queryKey: ['persons', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/persons/{id}', { params: { path: { id } } })),
  });
  const agreements = useQuery({
    queryKey: ['persons', 'agreements', id],
    queryFn: () => unwrap(api.GET('/api/v1/persons/{id}/agreements', { params: { path: { id } } })),
  });

  // ?agreement=new (from a file's consent step) opens the form at once.
  useEffect(() => {
    if (params.get('agreement') === 'new' && canWrite && person.data) {
      setAgreementForm({ agreement: null });
      setParams(
        (p) => {
          p.delete('agreement');
          return p;
        },
        { replace: true },
      );
    }
  }, [params, canWrite, person.data, setParams]);

  if (person.isPending) return <Loading h="60vh" />;
  if (person.isError) return <ErrorAlert error={person.error} onRetry={() => void person.refetch()} />;
  const p = person.data;

  const erase = async () => {
    const ok = await confirm({
      title: t('personDetail.eraseTitle'),
      message: t('personDetail.eraseText', { name: p.displayName }),
      confirmLabel: t('personDetail.erase'),
      danger: true,
    });
    if (!ok) return;
    try {
      await unwrap(api.DELETE('/api/v1/persons/{id}', { params: { path: { id } } }));
      queryClient.removeQueries({ queryKey: ['persons', 'detail', id] });
      void queryClient.invalidateQueries({ queryKey: ['persons'] });
      void queryClient.invalidateQueries({ queryKey: ['assets'] });
      void queryClient.invalidateQueries({ queryKey: ['counts'] });
      void navigate('/persons');
    } catch (err) {
      notifyError(err);
    }
  };

  const items = agreements.data?.items ?? [];
  const current = items.filter((a) => a.state !== 'withdrawn' && a.state !== 'expired');
  const past = items.filter((a) => a.state === 'withdrawn' || a.state === 'expired');

  return (
    <>
      <PageHeader
        crumbs={[{ label: t('nav.persons'), to: '/persons' }]}
        title={
          <Group gap="md" wrap="nowrap" component="span">
            <PersonFace personId={p.id} name={p.displayName} size={52} />
            <span data-testid="person-title">{p.displayName}</span>
          </Group>
        }
        badge={<ConsentBadge state={p.consentState} size="lg" data-testid="person-consent" />}
        subtitle={
          <Group gap="xs" component="span">
            <Text span ff="monospace" size="sm">
              {personRef(p)}
            </Text>
            {p.minor && (
              <Badge variant="light" color="blue" size="sm" style={{ textTransform: 'none' }}>
                {t('persons.minor')}
              </Badge>
            )}
            {p.deceased && (
              <Badge variant="light" color="gray" size="sm" style={{ textTransform: 'none' }}>
                {t('persons.deceased')}
              </Badge>
            )}
            <Text span size="sm" c="dimmed">
              · {t('personDetail.added', { date: formatDate(p.createdAt) })}
            </Text>
          </Group>
        }
        actions={
          canWrite && (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={editModal.open} data-testid="edit-person">
                {t('common.edit')}
              </Button>
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => void erase()}>
                {t('personDetail.erase')}
              </Button>
            </>
          )
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <ContactCard person={p} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <Card padding="lg">
              <Group justify="space-between" mb="md">
                <Title order={2} size="h3">
                  {t('personDetail.agreements')}
                </Title>
                {canWrite && (
                  <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setAgreementForm({ agreement: null })} data-testid="new-agreement">
                    {t('personDetail.newAgreement')}
                  </Button>
                )}
              </Group>
              {agreements.isPending ? (
                <Loading h={100} />
              ) : agreements.isError ? (
                <ErrorAlert error={agreements.error} />
              ) : items.length === 0 ? (
                <EmptyState icon={<IconFileCertificate size={26} />} title={t('personDetail.noAgreements')}>
                  {t('personDetail.noAgreementsHint')}
                </EmptyState>
              ) : (
                <Stack gap="sm">
                  {current.map((a) => (
                    <AgreementCard key={a.id} agreement={a} editable={canWrite} onEdit={() => setAgreementForm({ agreement: a })} />
                  ))}
                  {past.length > 0 && (
                    <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt="xs" style={{ letterSpacing: '0.04em' }}>
                      {t('personDetail.history')}
                    </Text>
                  )}
                  {past.map((a) => (
                    <AgreementCard key={a.id} agreement={a} editable={canWrite} onEdit={() => setAgreementForm({ agreement: a })} />
                  ))}
                </Stack>
              )}
            </Card>
            <PersonRequests person={p} />
            <PersonFiles person={p} />
            {canUsages && <PersonUsages person={p} />}
          </Stack>
        </Grid.Col>
      </Grid>
      <PersonForm opened={editing} onClose={editModal.close} person={p} />
      <AgreementForm opened={agreementForm !== null} onClose={() => setAgreementForm(null)} person={p} agreement={agreementForm?.agreement ?? null} />
    </>
  );
}
