import { MultiSelect, Select, SimpleGrid, Table, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { PERSON_IMPORT_FIELDS } from '@likeness/shared/import';
import { customFieldVisible } from '@likeness/shared/access';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ImportInspection, PersonImportMapping } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { settingsQuery } from '../../lib/channel';

export type Defaults = NonNullable<PersonImportMapping['defaults']>;

/** Each column of the file with a few of its values, and what it becomes in the register; defaults for the agreement below. */
export function ColumnMapping({
  inspection,
  columns,
  onColumns,
  defaults,
  onDefaults,
}: {
  inspection: ImportInspection;
  columns: Record<string, number>;
  onColumns(columns: Record<string, number>): void;
  defaults: Defaults;
  onDefaults(defaults: Defaults): void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const settings = useQuery(settingsQuery);
  const custom = (settings.data?.customFields ?? []).filter((f) => customFieldVisible(f, me));
  const targets = [
    { group: t('import.groups.person'), items: PERSON_IMPORT_FIELDS.filter((f) => !f.startsWith('agreement')).map((f) => ({ value: f, label: t(`import.fields.${f}`) })) },
    { group: t('import.groups.agreement'), items: PERSON_IMPORT_FIELDS.filter((f) => f.startsWith('agreement')).map((f) => ({ value: f, label: t(`import.fields.${f}`) })) },
    ...(custom.length ? [{ group: t('import.groups.custom'), items: custom.map((f) => ({ value: `custom.${f.key}`, label: f.label })) }] : []),
  ];
  const fieldOf = new Map(Object.entries(columns).map(([field, index]) => [index, field]));
  const setColumn = (index: number, field: string | null) => {
    const next = Object.fromEntries(Object.entries(columns).filter(([f, i]) => i !== index && f !== field));
    if (field) next[field] = index;
    onColumns(next);
  };
  const channels = settings.data?.channels ?? [];
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table data-testid="import-mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('import.column')}</Table.Th>
              <Table.Th>{t('import.samples')}</Table.Th>
              <Table.Th w={280}>{t('import.importAs')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inspection.columns.map((c) => (
              <Table.Tr key={c.index}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {c.header || t('import.unnamed', { n: c.index + 1 })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {c.samples.filter(Boolean).join(' · ') || '–'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`${t('import.importAs')}: ${c.header}`}
                    size="xs"
                    placeholder={t('import.ignore')}
                    clearable
                    searchable
                    value={fieldOf.get(c.index) ?? null}
                    onChange={(v) => setColumn(c.index, v)}
                    data={targets}
                    data-testid={`map-column-${c.index}`}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text fw={600} mt="lg" mb={4}>
        {t('import.defaults')}
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        {t('import.defaultsHelp')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label={t('import.fields.agreementKind')}
          clearable
          value={defaults.agreementKind ?? null}
          onChange={(v) => onDefaults({ ...defaults, agreementKind: (v ?? undefined) as Defaults['agreementKind'] })}
          data={(['written', 'oral', 'model_release'] as const).map((k) => ({ value: k, label: t(`agreementKind.${k}`) }))}
        />
        <MultiSelect
          label={t('import.fields.agreementChannels')}
          value={defaults.agreementChannels ?? []}
          onChange={(v) => onDefaults({ ...defaults, agreementChannels: v.length ? v : undefined })}
          data={channels}
        />
        <DatePickerInput
          label={t('import.fields.agreementValidFrom')}
          clearable
          valueFormat="YYYY-MM-DD"
          value={defaults.agreementValidFrom ?? null}
          onChange={(v) => onDefaults({ ...defaults, agreementValidFrom: v ? String(v).slice(0, 10) : undefined })}
        />
      </SimpleGrid>
    </>
  );
}
