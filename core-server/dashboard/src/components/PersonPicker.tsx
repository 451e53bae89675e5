import { Group, Select, Text, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, listPersons, unwrap, type Person } from '../lib/api';
import { ConsentBadge } from './StatusBadge';

/** A searchable select over the register (server-side search, debounced). */
export function PersonPicker({
  value,
  onChange,
  exclude = [],
  ...props
}: { value: string | null; onChange: (personId: string | null, person: Person | null) => void; exclude?: string[] } & Omit<
  SelectProps,
  'value' | 'onChange' | 'data'
>) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const results = useQuery({
    queryKey: ['persons', 'list', { q: debounced, limit: 20 }],
    queryFn: () => listPersons({ q: debounced || undefined, limit: 20 }),
    staleTime: 30_000,
  });
  const selected = useQuery({
    queryKey: ['persons', 'detail', value],
    queryFn: () => unwrap(api.GET('/api/v1/persons/{id}', { params: { path: { id: value! } } })),
    enabled: Boolean(value),
  });
  const byId = useMemo(() => {
    const map = new Map<string, Person>();
    for (const p of results.data?.items ?? []) map.set(p.id, p);
    if (selected.data) map.set(selected.data.id, selected.data);
    return map;
  }, [results.data, selected.data]);
  const data = [...byId.values()]
    .filter((p) => !exclude.includes(p.id) || p.id === value)
    .map((p) => ({ value: p.id, label: p.name ? `${p.displayName} (P-${String(p.ref).padStart(4, '0')})` : p.displayName }));
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(id) => onChange(id, id ? (byId.get(id) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={results.isFetching ? t('common.searching') : t('persons.noneFound')}
      placeholder={t('persons.searchPlaceholder')}
      renderOption={({ option }) => {
        const p = byId.get(option.value);
        return (
          <Group justify="space-between" wrap="nowrap" w="100%">
            <Text size="sm" lineClamp={1}>
              {option.label}
            </Text>
            {p && <ConsentBadge state={p.consentState} size="xs" />}
          </Group>
        );
      }}
      {...props}
    />
  );
}
