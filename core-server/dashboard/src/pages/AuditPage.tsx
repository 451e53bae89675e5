import { Alert, Card, Group, Loader, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AuditTable } from '../components/AuditTable';
import { PageHeader } from '../components/PageHeader';
import { EmptyState, LoadMore, QueryView } from '../components/QueryState';
import { api, unwrap, type AuditAction } from '../lib/api';
import { formatNumber } from '../lib/format';
import { useSetSearchParam } from '../lib/query';
import { actionLabel } from '../lib/reasons';
import { AUDIT_ACTIONS } from '../lib/status';

const ENTITY_TYPES = [
  'asset',
  'person',
  'agreement',
  'consent_request',
  'consent_template',
  'user',
  'api_key',
  'settings',
  'webhook',
  'usage',
  'notification',
] as const;

function ChainStatus() {
  const { t } = useTranslation();
  const verify = useQuery({ queryKey: ['audit', 'verify'], queryFn: () => unwrap(api.GET('/api/v1/audit/verify')), staleTime: 60_000 });
  return (
    <QueryView
      query={verify}
      loading={
        <Alert variant="light" color="gray" icon={<Loader size={16} />}>
          {t('audit.verifying')}
        </Alert>
      }
    >
      {(v) =>
        v.valid ? (
          <Alert variant="light" color="teal" icon={<IconShieldCheck size={20} />} title={t('audit.chainValid')} data-testid="chain-status" data-valid="true">
            {t('audit.chainValidText', { count: v.checked, checked: formatNumber(v.checked) })}
          </Alert>
        ) : (
          <Alert variant="light" color="red" icon={<IconShieldX size={20} />} title={t('audit.chainBroken')} data-testid="chain-status" data-valid="false">
            {t('audit.chainBrokenText', { seq: v.firstBrokenSeq ?? '?', checked: formatNumber(v.checked) })}
          </Alert>
        )
      }
    </QueryView>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const action = (params.get('action') as AuditAction | null) ?? null;
  const entityType = params.get('entityType');
  const [entityIdInput, setEntityIdInput] = useState(params.get('entityId') ?? '');
  const [entityId] = useDebouncedValue(entityIdInput.trim(), 300);
  const query = { action: action ?? undefined, entityType: entityType ?? undefined, entityId: entityId || undefined };
  const audit = useInfiniteQuery({
    queryKey: ['audit', 'list', query],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/audit', { params: { query: { ...query, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const sortedActions = [...AUDIT_ACTIONS].sort((a, b) => actionLabel(a, t).localeCompare(actionLabel(b, t)));
  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <Stack gap="lg">
        <ChainStatus />
        <Card padding="sm">
          <Group gap="sm" wrap="wrap">
            <Select
              aria-label={t('audit.filters.action')}
              placeholder={t('audit.filters.anyAction')}
              data={sortedActions.map((a) => ({ value: a, label: actionLabel(a, t) }))}
              value={action}
              onChange={(v) => setParam('action', v)}
              clearable
              searchable
              w={260}
            />
            <Select
              aria-label={t('audit.filters.entityType')}
              placeholder={t('audit.filters.anyEntity')}
              data={ENTITY_TYPES.map((e) => ({ value: e, label: t(`audit.entityTypes.${e}`) }))}
              value={entityType}
              onChange={(v) => setParam('entityType', v)}
              clearable
              w={200}
            />
            <TextInput
              aria-label={t('audit.filters.entityId')}
              placeholder={t('audit.filters.entityId')}
              value={entityIdInput}
              onChange={(e) => {
                setEntityIdInput(e.currentTarget.value);
                setParam('entityId', e.currentTarget.value.trim() || null);
              }}
              ff="monospace"
              style={{ flex: '1 1 260px' }}
            />
          </Group>
        </Card>
        <Card padding="md">
          <QueryView query={audit} retry empty={<EmptyState title={t('audit.empty')} />}>
            {(data) => <AuditTable events={data.pages.flatMap((p) => p.items)} />}
          </QueryView>
        </Card>
        <LoadMore query={audit} />
        <Text size="xs" c="dimmed" ta="center">
          {t('audit.footer')}
        </Text>
      </Stack>
    </>
  );
}
