import { Alert, Anchor, Badge, Card, Code, Group, Select, Stack, Tabs, Text } from '@mantine/core';
import { IconFlask, IconInbox, IconMail, IconMessage, IconSignature } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { RequestTable } from '../components/consent/RequestTable';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, LoadMore, QueryView } from '../components/QueryState';
import { api, unwrap, type ConsentRequestStatus } from '../lib/api';
import { useCan } from '../lib/auth';
import { formatDateTime } from '../lib/format';
import { useSetSearchParam } from '../lib/query';
import { REQUEST_STATUSES } from '../lib/status';

function Requests() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const status = (params.get('status') as ConsentRequestStatus | null) ?? null;
  const list = useInfiniteQuery({
    queryKey: ['consent', 'requests', { status }],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/consent/requests', { params: { query: { status: status ?? undefined, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
  return (
    <Stack gap="md">
      <Group>
        <Select
          aria-label={t('consentRequests.state')}
          placeholder={t('consentRequests.anyState')}
          data={REQUEST_STATUSES.map((s) => ({ value: s, label: t(`consentRequests.statuses.${s}`) }))}
          value={status}
          onChange={(v) => setParam('status', v)}
          clearable
          w={220}
        />
      </Group>
      <Card padding="md">
        <QueryView
          query={list}
          empty={
            <EmptyState icon={<IconSignature size={26} />} title={t('consentRequests.empty')}>
              {t('consentRequests.emptyHint')}
            </EmptyState>
          }
        >
          {(data) => <RequestTable items={data.pages.flatMap((p) => p.items)} />}
        </QueryView>
      </Card>
      <LoadMore query={list} />
    </Stack>
  );
}

/** The development outbox: messages kept instead of sent while no SMS/email provider is configured. */
function Outbox() {
  const { t } = useTranslation();
  const outbox = useInfiniteQuery({
    queryKey: ['consent', 'outbox'],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/consent/outbox', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5000,
  });
  const linkify = (text: string) =>
    text.split(/(https?:\/\/\S+)/g).map((part, i) =>
      /^https?:\/\//.test(part) ? (
        <Anchor key={i} href={part} target="_blank" rel="noopener noreferrer">
          {part}
        </Anchor>
      ) : (
        part
      ),
    );
  return (
    <Stack gap="md">
      <Alert color="grape" variant="light" icon={<IconFlask size={18} />}>
        {t('outbox.help')}
      </Alert>
      <QueryView
        query={outbox}
        empty={
          <Card>
            <EmptyState icon={<IconInbox size={26} />} title={t('outbox.empty')} />
          </Card>
        }
      >
        {(data) =>
          data.pages
            .flatMap((p) => p.items)
            .map((m) => (
              <Card key={m.id} padding="md" data-testid="outbox-message">
                <Group justify="space-between" mb={6}>
                  <Group gap="xs">
                    {m.channel === 'sms' ? <IconMessage size={16} /> : <IconMail size={16} />}
                    <Text size="sm" fw={600}>
                      {m.to}
                    </Text>
                    <Badge size="sm" variant="light" color="gray">
                      {t(`outbox.kinds.${m.kind}` as 'outbox.kinds.invite', { defaultValue: m.kind })}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(m.createdAt)}
                  </Text>
                </Group>
                {m.subject && (
                  <Text size="sm" fw={500} mb={4}>
                    {m.subject}
                  </Text>
                )}
                <Code block style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>
                  {linkify(m.body)}
                </Code>
              </Card>
            ))
        }
      </QueryView>
      <LoadMore query={outbox} />
    </Stack>
  );
}

export default function ConsentPage() {
  const { t } = useTranslation();
  const { tab = 'requests' } = useParams();
  const navigate = useNavigate();
  // The outbox is read with requests:send, the providers with settings:read.
  const canSend = useCan('requests:send');
  const canSettings = useCan('settings:read');
  const settings = useQuery({ queryKey: ['consent', 'settings'], queryFn: () => unwrap(api.GET('/api/v1/consent/settings')), enabled: canSend && canSettings, retry: false });
  // The outbox only matters while SMS or email is not configured (development, or a fresh install).
  const outbox = canSend && settings.data && (settings.data.sms.provider === 'outbox' || settings.data.email.provider === 'outbox');
  return (
    <>
      <PageHeader
        title={t('consentRequests.title')}
        subtitle={t('consentRequests.subtitle')}
        actions={
          <Anchor component={Link} to="/settings/consent" size="sm">
            {t('consentRequests.templatesLink')}
          </Anchor>
        }
      />
      <Tabs value={outbox ? tab : 'requests'} onChange={(v) => v && void navigate(v === 'requests' ? '/consent' : `/consent/${v}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="requests" leftSection={<IconSignature size={16} />}>
            {t('consentRequests.tab')}
          </Tabs.Tab>
          {outbox && (
            <Tabs.Tab value="outbox" leftSection={<IconInbox size={16} />} data-testid="tab-outbox">
              {t('outbox.tab')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="requests">
          <Requests />
        </Tabs.Panel>
        {outbox && (
          <Tabs.Panel value="outbox">
            <Outbox />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
