import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Usage } from '../lib/api';
import { formatDate } from '../lib/format';
import { EmptyState } from './QueryState';

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Where files are (and were) published, as reported by the integrations. */
export function UsageTable({ items, showAsset }: { items: Usage[]; showAsset?: (assetId: string) => ReactNode }) {
  const { t } = useTranslation();
  if (items.length === 0)
    return (
      <EmptyState icon={<IconExternalLink size={26} />} title={t('usages.empty')}>
        {t('usages.emptyHint')}
      </EmptyState>
    );
  const sorted = [...items].sort((a, b) => Number(a.removedAt !== null) - Number(b.removedAt !== null) || b.lastSeenAt.localeCompare(a.lastSeenAt));
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table data-testid="usage-table">
        <Table.Thead>
          <Table.Tr>
            {showAsset && <Table.Th w={170}>{t('usages.file')}</Table.Th>}
            <Table.Th>{t('usages.location')}</Table.Th>
            <Table.Th w={80}>{t('common.channel')}</Table.Th>
            <Table.Th w={150}>{t('usages.period')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((u) => (
            <Table.Tr key={u.id} style={u.removedAt ? { opacity: 0.65 } : undefined}>
              {showAsset && <Table.Td>{showAsset(u.assetId)}</Table.Td>}
              <Table.Td>
                <Text size="sm" fw={500} lineClamp={1}>
                  {u.title ?? u.location}
                </Text>
                {isUrl(u.location) ? (
                  <Anchor href={u.location} target="_blank" rel="noopener noreferrer" size="xs" lineClamp={1} style={{ wordBreak: 'break-all' }}>
                    {u.location}
                  </Anchor>
                ) : (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {u.location}
                  </Text>
                )}
                <Text size="xs" c="dimmed" lineClamp={2} style={{ wordBreak: 'break-all' }}>
                  {t('usages.via', { integration: u.integration })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{u.channel}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Badge variant="light" color={u.removedAt ? 'gray' : 'teal'} style={{ flexShrink: 0 }}>
                    {u.removedAt ? t('usages.removed') : t('usages.active')}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed" mt={4} style={{ whiteSpace: 'nowrap' }}>
                  {u.removedAt ? `${formatDate(u.firstSeenAt)} – ${formatDate(u.removedAt)}` : t('usages.since', { date: formatDate(u.firstSeenAt) })}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
