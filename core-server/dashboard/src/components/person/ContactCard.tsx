import { Anchor, Card, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Person } from '../../lib/api';
import { customFieldVisible } from '@likeness/shared/access';
import { useMe } from '../../lib/auth';
import { settingsQuery } from '../../lib/channel';
import { formatDate } from '../../lib/format';
import { ageOf } from '../../lib/person';

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

/** Contact details, guardian, the custom fields the role may see, and notes. */
export function ContactCard({ person }: { person: Person }) {
  const { t } = useTranslation();
  const me = useMe();
  const settings = useQuery(settingsQuery);
  const age = ageOf(person.birthDate);
  const fields = (settings.data?.customFields ?? []).filter((f) => customFieldVisible(f, me));
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
                <Text size="sm" c="orange">
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
