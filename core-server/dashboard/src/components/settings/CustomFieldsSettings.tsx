import { Button, Card, Group, MultiSelect, Select, Stack, Table, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type CustomFieldDefinition } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { settingsQuery } from '../../lib/channel';
import { notifyError, notifySaved } from '../../lib/errors';
import { useRoleOptions } from '../../lib/roles';
import { EmptyState, Loading } from '../QueryState';
import { SectionHeader } from '../SectionHeader';
import { TooltipAction } from '../TooltipAction';

const KEY = /^[a-z][a-zA-Z0-9_]{0,59}$/;

/** Turns a label into a key: "Avdelning / enhet" → "avdelningEnhet". */
function keyFromLabel(label: string): string {
  const words = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const key = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[a-z]/.test(key) ? key.slice(0, 60) : `f${key}`.slice(0, 60);
}

/** Custom fields on persons, each visible to (and editable by) chosen roles. */
export function CustomFieldsSettings() {
  const roleOptions = useRoleOptions();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('settings:write');
  const settings = useQuery(settingsQuery);
  const [fields, setFields] = useState<Array<CustomFieldDefinition & { isNew?: boolean }>>([]);
  useEffect(() => {
    if (settings.data) setFields(settings.data.customFields);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/settings', { body: { customFields: fields.map(({ isNew: _n, ...f }) => f) } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['settings'], saved);
      void queryClient.invalidateQueries({ queryKey: ['persons'] });
      notifySaved();
    },
    onError: notifyError,
  });
  if (!settings.data) return <Loading />;
  const update = (i: number, patch: Partial<CustomFieldDefinition>) => setFields((all) => all.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const dirty = JSON.stringify(fields.map(({ isNew: _n, ...f }) => f)) !== JSON.stringify(settings.data.customFields);
  const keys = fields.map((f) => f.key);
  const invalid = fields.some((f) => !KEY.test(f.key) || !f.label.trim() || f.visibleTo.length === 0) || new Set(keys).size !== keys.length;

  return (
    <Card padding="lg">
      <SectionHeader
        title={t('settings.fields.title')}
        help={t('settings.fields.help')}
        action={
          canWrite && (
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => setFields((f) => [...f, { key: '', label: '', type: 'text', visibleTo: ['owner', 'gdpr-admin'], isNew: true }])}
            >
              {t('settings.fields.add')}
            </Button>
          )
        }
      />
      {fields.length === 0 ? (
        <EmptyState title={t('settings.fields.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.fields.label')}</Table.Th>
                <Table.Th>{t('settings.fields.key')}</Table.Th>
                <Table.Th w={140}>{t('settings.fields.type')}</Table.Th>
                <Table.Th>{t('settings.fields.visibleTo')}</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((f, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <TextInput
                      aria-label={t('settings.fields.label')}
                      value={f.label}
                      disabled={!canWrite}
                      onChange={(e) => {
                        const label = e.currentTarget.value;
                        update(i, f.isNew ? { label, key: keyFromLabel(label) } : { label });
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={t('settings.fields.key')}
                      value={f.key}
                      ff="monospace"
                      disabled={!canWrite || !f.isNew}
                      onChange={(e) => update(i, { key: e.currentTarget.value })}
                      error={f.key && !KEY.test(f.key) ? t('settings.fields.badKey') : undefined}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('settings.fields.type')}
                      value={f.type}
                      disabled={!canWrite || !f.isNew}
                      allowDeselect={false}
                      onChange={(v) => v && update(i, { type: v as CustomFieldDefinition['type'] })}
                      data={(['text', 'number', 'boolean'] as const).map((ty) => ({ value: ty, label: t(`settings.fields.types.${ty}`) }))}
                    />
                  </Table.Td>
                  <Table.Td>
                    <MultiSelect
                      aria-label={t('settings.fields.visibleTo')}
                      value={f.visibleTo}
                      disabled={!canWrite}
                      onChange={(v) => update(i, { visibleTo: v })}
                      data={roleOptions}
                    />
                  </Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <TooltipAction label={t('settings.fields.remove')} color="red" onClick={() => setFields((all) => all.filter((_, j) => j !== i))}>
                        <IconTrash size={16} />
                      </TooltipAction>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canWrite && (
        <Stack align="flex-end" mt="md">
          <Group gap="xs">
            <Button variant="default" disabled={!dirty} onClick={() => setFields(settings.data!.customFields)}>
              {t('common.reset')}
            </Button>
            <Button disabled={!dirty || invalid} loading={save.isPending} onClick={() => save.mutate()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
