import { Button, Card, Group, Switch, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconListDetails, IconPlus, IconTrash, IconWebhook } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Webhook } from '../../../lib/api';
import { notifyError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useInvalidate } from '../../../lib/query';
import { useConfirmedAction } from '../../Confirm';
import { EmptyState, QueryView } from '../../QueryState';
import { SectionHeader } from '../../SectionHeader';
import { TooltipAction } from '../../TooltipAction';
import { DeliveryLog } from './DeliveryLog';
import { NewWebhookModal } from './NewWebhookModal';
import { SecretOnce } from './SecretOnce';

/** The organisation's webhooks: switch them on and off, see their delivery log, remove them. */
export function WebhooksPanel() {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const confirmed = useConfirmedAction();
  const [creating, createModal] = useDisclosure(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/api/v1/webhooks')) });
  const toggle = useMutation({
    mutationFn: (h: Webhook) => unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: h.id } }, body: { active: !h.active } })),
    onSuccess: () => invalidate('webhooks'),
    onError: notifyError,
  });
  const remove = (h: Webhook) =>
    confirmed(
      {
        title: t('integrations.hooks.removeTitle'),
        message: t('integrations.hooks.removeText', { name: h.name }),
        confirmLabel: t('integrations.hooks.remove'),
        danger: true,
      },
      async () => {
        await unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: h.id } } }));
        invalidate('webhooks');
      },
    );
  return (
    <Card padding="lg">
      <SectionHeader
        icon={<IconWebhook size={18} />}
        title={t('integrations.hooks.title')}
        help={t('integrations.hooks.help')}
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="new-webhook">
            {t('integrations.hooks.new')}
          </Button>
        }
      />
      <QueryView query={hooks} empty={<EmptyState icon={<IconWebhook size={26} />} title={t('integrations.hooks.empty')} />}>
        {(data) => (
          <Table.ScrollContainer minWidth={700}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('integrations.hooks.name')}</Table.Th>
                  <Table.Th>URL</Table.Th>
                  <Table.Th w={90}>{t('integrations.hooks.active')}</Table.Th>
                  <Table.Th w={110} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {h.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(h.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      <Text size="sm" ff="monospace" lineClamp={1}>
                        {h.url}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch aria-label={t('integrations.hooks.active')} checked={h.active} onChange={() => toggle.mutate(h)} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <TooltipAction
                          label={t('integrations.hooks.logButton')}
                          onClick={() => setLog(h)}
                          aria-label={`${t('integrations.hooks.logButton')}: ${h.name}`}
                          data-testid="webhook-log"
                        >
                          <IconListDetails size={16} />
                        </TooltipAction>
                        <TooltipAction
                          label={t('integrations.hooks.remove')}
                          color="red"
                          onClick={() => void remove(h)}
                          aria-label={`${t('integrations.hooks.remove')}: ${h.name}`}
                        >
                          <IconTrash size={16} />
                        </TooltipAction>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
      <NewWebhookModal opened={creating} onClose={createModal.close} onCreated={setSecret} />
      <SecretOnce
        opened={secret !== null}
        onClose={() => setSecret(null)}
        title={t('integrations.hooks.createdTitle')}
        secret={secret ?? ''}
        hint={t('integrations.hooks.createdHint')}
      />
      <DeliveryLog webhook={log} onClose={() => setLog(null)} />
    </Card>
  );
}
