import { Badge, Button, Card, Group, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type ApiKey } from '../../../lib/api';
import { notifySaved } from '../../../lib/errors';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useInvalidate } from '../../../lib/query';
import { useConfirmedAction } from '../../Confirm';
import { EmptyState, QueryView } from '../../QueryState';
import { SectionHeader } from '../../SectionHeader';
import { TooltipAction } from '../../TooltipAction';
import { NewKeyModal } from './NewKeyModal';
import { SecretOnce } from './SecretOnce';

function KeyRow({ apiKey: k, onRevoke }: { apiKey: ApiKey; onRevoke(): void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr style={k.revokedAt ? { opacity: 0.55 } : undefined}>
      <Table.Td>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {k.name}
          </Text>
          {k.public && (
            <Badge size="xs" variant="light" color="grape">
              {t('integrations.keys.browser')}
            </Badge>
          )}
          {k.revokedAt && (
            <Badge size="xs" variant="light" color="red">
              {t('integrations.keys.revokedBadge')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" ff="monospace">
          {k.prefix}…
        </Text>
      </Table.Td>
      <Table.Td maw={320}>
        <Text size="xs" ff="monospace" lineClamp={2}>
          {k.public ? k.origins.join(', ') : k.scopes.join(', ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {k.lastUsedAt ? formatRelative(k.lastUsedAt) : t('integrations.keys.neverUsed')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatDateTime(k.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        {!k.revokedAt && (
          <TooltipAction label={t('integrations.keys.revoke')} color="red" onClick={onRevoke} aria-label={`${t('integrations.keys.revoke')}: ${k.name}`}>
            <IconTrash size={16} />
          </TooltipAction>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The organisation's API keys; a new key's secret is shown once. */
export function ApiKeysPanel() {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const confirmed = useConfirmedAction();
  const [creating, createModal] = useDisclosure(false);
  const [secret, setSecret] = useState<string | null>(null);
  const keys = useQuery({ queryKey: ['apiKeys'], queryFn: () => unwrap(api.GET('/api/v1/api-keys')) });
  const revoke = (k: ApiKey) =>
    confirmed(
      {
        title: t('integrations.keys.revokeTitle'),
        message: t('integrations.keys.revokeText', { name: k.name }),
        confirmLabel: t('integrations.keys.revoke'),
        danger: true,
      },
      async () => {
        await unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: k.id } } }));
        invalidate('apiKeys');
        notifySaved(t('integrations.keys.revoked'));
      },
    );
  return (
    <Card padding="lg">
      <SectionHeader
        icon={<IconKey size={18} />}
        title={t('integrations.keys.title')}
        help={t('integrations.keys.help')}
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="new-key">
            {t('integrations.keys.new')}
          </Button>
        }
      />
      <QueryView query={keys} empty={<EmptyState icon={<IconKey size={26} />} title={t('integrations.keys.empty')} />}>
        {(data) => (
          <Table.ScrollContainer minWidth={760}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('integrations.keys.name')}</Table.Th>
                  <Table.Th>{t('integrations.keys.access')}</Table.Th>
                  <Table.Th>{t('integrations.keys.lastUsed')}</Table.Th>
                  <Table.Th>{t('integrations.keys.created')}</Table.Th>
                  <Table.Th w={60} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((k) => (
                  <KeyRow key={k.id} apiKey={k} onRevoke={() => void revoke(k)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
      <NewKeyModal opened={creating} onClose={createModal.close} onCreated={setSecret} />
      <SecretOnce
        opened={secret !== null}
        onClose={() => setSecret(null)}
        title={t('integrations.keys.createdTitle')}
        secret={secret ?? ''}
        hint={t('integrations.keys.createdHint')}
      />
    </Card>
  );
}
