import { Anchor, Button, Card, Group, SegmentedControl, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconFileImport, IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import { PersonFace } from '../components/PersonFace';
import { PersonForm } from '../components/PersonForm';
import { EmptyState, LoadMore, QueryView } from '../components/QueryState';
import { ConsentBadge, PersonBadges } from '../components/StatusBadge';
import { listPersons, PERSON_FILTERS, type PersonFilter } from '../lib/api';
import { useCan } from '../lib/auth';
import { formatDate } from '../lib/format';
import { personRef } from '../lib/person';
import { useSetSearchParam } from '../lib/query';

export default function PersonsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan('persons:write');
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const filterParam = params.get('filter');
  const filter = (PERSON_FILTERS as readonly string[]).includes(filterParam ?? '') ? (filterParam as PersonFilter) : null;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [creating, createModal] = useDisclosure(false);

  useEffect(() => {
    setParam('q', q);
  }, [q, setParam]);

  const query = { q: q || undefined, filter: filter ?? undefined };
  const list = useInfiniteQuery({
    queryKey: ['persons', 'list', query],
    queryFn: ({ pageParam }) => listPersons({ ...query, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  return (
    <>
      <PageHeader
        title={t('persons.title')}
        subtitle={t('persons.subtitle')}
        actions={
          canWrite && (
            <Group gap="sm">
              <Button component={Link} to="/persons/import" variant="default" leftSection={<IconFileImport size={18} />} data-testid="import-persons">
                {t('persons.import')}
              </Button>
              <Button leftSection={<IconUserPlus size={18} />} onClick={createModal.open} data-testid="new-person">
                {t('persons.new')}
              </Button>
            </Group>
          )
        }
      />
      <Card padding="sm" mb="lg">
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label={t('common.search')}
            placeholder={t('persons.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
            data-testid="person-search"
          />
          <SegmentedControl
            aria-label={t('persons.filterLabel')}
            value={filter ?? 'all'}
            onChange={(v) => setParam('filter', v === 'all' ? null : v)}
            data={[{ value: 'all', label: t('persons.filters.all') }, ...PERSON_FILTERS.map((f) => ({ value: f, label: t(`persons.filters.${f}`) }))]}
          />
        </Group>
      </Card>
      <Card padding={0}>
        <QueryView
          query={list}
          retry
          loading={
            <Stack p="md" gap="sm">
              {Array.from({ length: 8 }, (_, i) => (
                <Skeleton key={i} h={40} />
              ))}
            </Stack>
          }
          empty={<EmptyState icon={<IconUsers size={28} />} title={q || filter ? t('persons.emptyFiltered') : t('persons.empty')} />}
        >
          {(data) => (
            <Table.ScrollContainer minWidth={720}>
              <Table data-testid="person-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th pl="md">{t('persons.columns.person')}</Table.Th>
                    <Table.Th>{t('persons.columns.contact')}</Table.Th>
                    <Table.Th>{t('persons.columns.consent')}</Table.Th>
                    <Table.Th>{t('persons.columns.updated')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.pages
                    .flatMap((page) => page.items)
                    .map((p) => (
                      <Table.Tr
                        key={p.id}
                        className="lk-row-link"
                        onClick={() => void navigate(`/persons/${p.id}`)}
                        data-testid="person-row"
                        data-person-id={p.id}
                      >
                        <Table.Td pl="md">
                          <Group gap="sm" wrap="nowrap">
                            <PersonFace personId={p.id} name={p.displayName} size={38} />
                            <div>
                              <Anchor component={Link} to={`/persons/${p.id}`} fw={600} size="sm" c="dark" onClick={(e) => e.stopPropagation()}>
                                {p.displayName}
                              </Anchor>
                              <Group gap={6}>
                                <Text size="xs" c="dimmed" ff="monospace">
                                  {personRef(p)}
                                </Text>
                                <PersonBadges person={p} size="xs" />
                              </Group>
                            </div>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" lineClamp={1}>
                            {p.email ?? ''}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {p.phone ?? (p.minor && p.guardianName ? t('persons.guardianIs', { name: p.guardianName }) : '')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <ConsentBadge state={p.consentState} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {formatDate(p.updatedAt)}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
      </Card>
      <LoadMore query={list} display="block" mt="lg" />
      <PersonForm opened={creating} onClose={createModal.close} person={null} onSaved={(p) => void navigate(`/persons/${p.id}`)} />
    </>
  );
}
