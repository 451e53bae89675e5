import { Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFileCertificate, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useConfirmedAction } from '../components/Confirm';
import { PageHeader } from '../components/PageHeader';
import { AgreementCard } from '../components/person/AgreementCard';
import { AgreementForm } from '../components/person/AgreementForm';
import { ContactCard } from '../components/person/ContactCard';
import { PersonExport } from '../components/person/PersonExport';
import { PersonFiles } from '../components/person/PersonFiles';
import { PersonRequests } from '../components/person/PersonRequests';
import { PersonUsages } from '../components/person/PersonUsages';
import { PersonFace } from '../components/PersonFace';
import { PersonForm } from '../components/PersonForm';
import { EmptyState, Loading, QueryFallback, QueryView } from '../components/QueryState';
import { ConsentBadge, PersonBadges } from '../components/StatusBadge';
import { api, unwrap, type Agreement } from '../lib/api';
import { useCan } from '../lib/auth';
import { formatDate } from '../lib/format';
import { personRef } from '../lib/person';
import { useInvalidate, useSetSearchParam } from '../lib/query';

export default function PersonDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  const confirmed = useConfirmedAction();
  const canWrite = useCan('persons:write');
  const canUsages = useCan('usages:read');
  const canExport = useCan('persons:export');
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
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
      setParam('agreement', null);
    }
  }, [params, canWrite, person.data, setParam]);

  if (!person.isSuccess) return <QueryFallback query={person} loading={<Loading h="60vh" />} retry />;
  const p = person.data;

  const erase = () =>
    confirmed(
      {
        title: t('personDetail.eraseTitle'),
        message: t('personDetail.eraseText', { name: p.displayName }),
        confirmLabel: t('personDetail.erase'),
        danger: true,
      },
      async () => {
        await unwrap(api.DELETE('/api/v1/persons/{id}', { params: { path: { id } } }));
        queryClient.removeQueries({ queryKey: ['persons', 'detail', id] });
        invalidate('persons', 'assets', 'counts');
        void navigate('/persons');
      },
    );

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
            <PersonBadges person={p} size="sm" />
            <Text span size="sm" c="dimmed">
              · {t('personDetail.added', { date: formatDate(p.createdAt) })}
            </Text>
          </Group>
        }
        actions={
          (canWrite || canExport) && (
            <>
              {canWrite && (
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={editModal.open} data-testid="edit-person">
                  {t('common.edit')}
                </Button>
              )}
              {canExport && <PersonExport personId={p.id} />}
              {canWrite && (
                <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => void erase()}>
                  {t('personDetail.erase')}
                </Button>
              )}
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
              <QueryView
                query={agreements}
                loading={<Loading h={100} />}
                empty={
                  <EmptyState icon={<IconFileCertificate size={26} />} title={t('personDetail.noAgreements')}>
                    {t('personDetail.noAgreementsHint')}
                  </EmptyState>
                }
              >
                {() => (
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
              </QueryView>
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
