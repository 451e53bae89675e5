import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Drawer,
  Group,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconListDetails, IconPlus, IconTrash, IconWebhook } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type ApiKey, type Permission, type Webhook } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { fieldErrors, notifyError, notifySaved } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useConfirm } from '../Confirm';
import { EmptyState, ErrorAlert, Loading } from '../QueryState';

const ORIGIN = /^https?:\/\/[^/\s]+$/;
const DEFAULT_SCOPES: Permission[] = ['status:read', 'usages:write', 'assets:read'];

/** A secret shown once, with a copy button and a clear warning. */
function SecretOnce({ opened, onClose, title, secret, hint }: { opened: boolean; onClose(): void; title: string; secret: string; hint: string }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} size="lg" closeOnClickOutside={false}>
      <Stack gap="md">
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          {hint}
        </Alert>
        <Group gap="xs" wrap="nowrap" align="stretch">
          <Code block style={{ flex: 1, fontSize: 13, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="secret-value">
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                color={copied ? 'teal' : undefined}
                onClick={copy}
                leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                style={{ height: 'auto' }}
              >
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('integrations.stored')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function NewKeyModal({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(key: string): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'server' | 'browser'>('server');
  const [scopes, setScopes] = useState<Permission[]>(DEFAULT_SCOPES.filter((s) => me.permissions.includes(s)));
  const [origins, setOrigins] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const badOrigin = origins.find((o) => !ORIGIN.test(o));
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/api-keys', {
          body: kind === 'browser' ? { name: name.trim(), scopes: ['status:read'], public: true, origins } : { name: name.trim(), scopes, public: false },
        }),
      ),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['apiKeys'] });
      setName('');
      setOrigins([]);
      onClose();
      onCreated(created.key);
    },
    onError: (err) => {
      const f = fieldErrors(err);
      setErrors(f);
      if (!Object.keys(f).length) notifyError(err);
    },
  });
  const valid = name.trim() !== '' && (kind === 'server' ? scopes.length > 0 : origins.length > 0 && !badOrigin);
  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={<Text fw={650}>{t('integrations.keys.new')}</Text>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) create.mutate();
        }}
      >
        <Stack gap="md">
          <TextInput
            label={t('integrations.keys.name')}
            description={t('integrations.keys.nameHelp')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-autofocus
            required
          />
          <SegmentedControl
            fullWidth
            value={kind}
            onChange={(v) => setKind(v as 'server' | 'browser')}
            data={[
              { value: 'server', label: t('integrations.keys.server') },
              { value: 'browser', label: t('integrations.keys.browser') },
            ]}
            data-testid="key-kind"
          />
          <Text size="sm" c="dimmed">
            {kind === 'server' ? t('integrations.keys.serverHelp') : t('integrations.keys.browserHelp')}
          </Text>
          {kind === 'server' ? (
            <Checkbox.Group label={t('integrations.keys.scopes')} value={scopes} onChange={(v) => setScopes(v as Permission[])} error={errors.scopes}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing={6}>
                {me.permissions.map((p) => (
                  <Checkbox
                    key={p}
                    value={p}
                    label={
                      <Text size="sm" ff="monospace">
                        {p}
                      </Text>
                    }
                  />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
          ) : (
            <TagsInput
              label={t('integrations.keys.origins')}
              description={t('integrations.keys.originsHelp')}
              placeholder="https://www.example.se"
              value={origins}
              onChange={(v) => setOrigins(v.map((o) => o.trim().replace(/\/$/, '')))}
              error={badOrigin ? t('integrations.keys.badOrigin', { origin: badOrigin }) : errors.origins}
              data-testid="key-origins"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!valid} loading={create.isPending} data-testid="key-create">
              {t('integrations.keys.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ApiKeys() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const [creating, createModal] = useDisclosure(false);
  const [secret, setSecret] = useState<string | null>(null);
  const keys = useQuery({ queryKey: ['apiKeys'], queryFn: () => unwrap(api.GET('/api/v1/api-keys')) });
  const revoke = async (k: ApiKey) => {
    if (
      !(await confirm({
        title: t('integrations.keys.revokeTitle'),
        message: t('integrations.keys.revokeText', { name: k.name }),
        confirmLabel: t('integrations.keys.revoke'),
        danger: true,
      }))
    )
      return;
    try {
      await unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: k.id } } }));
      void queryClient.invalidateQueries({ queryKey: ['apiKeys'] });
      notifySaved(t('integrations.keys.revoked'));
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Group gap="xs">
            <IconKey size={18} />
            <Text fw={600}>{t('integrations.keys.title')}</Text>
          </Group>
          <Text size="sm" c="dimmed" maw={640}>
            {t('integrations.keys.help')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="new-key">
          {t('integrations.keys.new')}
        </Button>
      </Group>
      {keys.isPending ? (
        <Loading />
      ) : keys.isError ? (
        <ErrorAlert error={keys.error} />
      ) : keys.data.items.length === 0 ? (
        <EmptyState icon={<IconKey size={26} />} title={t('integrations.keys.empty')} />
      ) : (
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
              {keys.data.items.map((k) => (
                <Table.Tr key={k.id} style={k.revokedAt ? { opacity: 0.55 } : undefined}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm" fw={600}>
                        {k.name}
                      </Text>
                      {k.public && (
                        <Badge size="xs" variant="light" color="grape" style={{ textTransform: 'none' }}>
                          {t('integrations.keys.browser')}
                        </Badge>
                      )}
                      {k.revokedAt && (
                        <Badge size="xs" variant="light" color="red" style={{ textTransform: 'none' }}>
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
                      <Tooltip label={t('integrations.keys.revoke')}>
                        <ActionIcon variant="subtle" color="red" onClick={() => void revoke(k)} aria-label={`${t('integrations.keys.revoke')}: ${k.name}`}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
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

const DELIVERY_COLOR = { pending: 'yellow', delivered: 'teal', failed: 'red' } as const;

function Deliveries({ webhook, onClose }: { webhook: Webhook | null; onClose(): void }) {
  const { t } = useTranslation();
  const deliveries = useQuery({
    queryKey: ['webhooks', 'deliveries', webhook?.id],
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: webhook!.id } } })),
    enabled: webhook !== null,
    refetchInterval: 5000,
  });
  return (
    <Drawer
      opened={webhook !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Text fw={650}>{t('integrations.hooks.log', { name: webhook?.name ?? '' })}</Text>}
    >
      {deliveries.isPending ? (
        <Loading />
      ) : deliveries.isError ? (
        <ErrorAlert error={deliveries.error} />
      ) : deliveries.data.items.length === 0 ? (
        <EmptyState title={t('integrations.hooks.noDeliveries')}>{t('integrations.hooks.noDeliveriesHint')}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table data-testid="delivery-table" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('integrations.hooks.state')}</Table.Th>
                <Table.Th>{t('integrations.hooks.attempts')}</Table.Th>
                <Table.Th>HTTP</Table.Th>
                <Table.Th>{t('integrations.hooks.time')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td ff="monospace">{d.eventSeq}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={DELIVERY_COLOR[d.status]} style={{ textTransform: 'none' }}>
                      {t(`integrations.hooks.states.${d.status}`)}
                    </Badge>
                    {d.lastError && (
                      <Text size="xs" c="red.8" lineClamp={2} mt={2}>
                        {d.lastError}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>{d.responseStatus ?? '–'}</Table.Td>
                  <Table.Td>
                    <Text size="xs">{formatDateTime(d.deliveredAt ?? d.createdAt)}</Text>
                    {d.status === 'pending' && d.nextAttemptAt && (
                      <Text size="xs" c="dimmed">
                        {t('integrations.hooks.nextAttempt', { when: formatRelative(d.nextAttemptAt) })}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Drawer>
  );
}

function Webhooks() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const [creating, createModal] = useDisclosure(false);
  const [form, setForm] = useState({ name: '', url: '' });
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/api/v1/webhooks')) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks', { body: { name: form.name.trim(), url: form.url.trim() } })),
    onSuccess: (created) => {
      refresh();
      setForm({ name: '', url: '' });
      createModal.close();
      setSecret(created.secret);
    },
    onError: notifyError,
  });
  const toggle = useMutation({
    mutationFn: (h: Webhook) => unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: h.id } }, body: { active: !h.active } })),
    onSuccess: refresh,
    onError: notifyError,
  });
  const remove = async (h: Webhook) => {
    if (
      !(await confirm({
        title: t('integrations.hooks.removeTitle'),
        message: t('integrations.hooks.removeText', { name: h.name }),
        confirmLabel: t('integrations.hooks.remove'),
        danger: true,
      }))
    )
      return;
    try {
      await unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: h.id } } }));
      refresh();
    } catch (err) {
      notifyError(err);
    }
  };
  const urlValid = /^https?:\/\/\S+$/.test(form.url.trim());
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Group gap="xs">
            <IconWebhook size={18} />
            <Text fw={600}>{t('integrations.hooks.title')}</Text>
          </Group>
          <Text size="sm" c="dimmed" maw={640}>
            {t('integrations.hooks.help')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="new-webhook">
          {t('integrations.hooks.new')}
        </Button>
      </Group>
      {hooks.isPending ? (
        <Loading />
      ) : hooks.isError ? (
        <ErrorAlert error={hooks.error} />
      ) : hooks.data.items.length === 0 ? (
        <EmptyState icon={<IconWebhook size={26} />} title={t('integrations.hooks.empty')} />
      ) : (
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
              {hooks.data.items.map((h) => (
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
                      <Tooltip label={t('integrations.hooks.logButton')}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => setLog(h)}
                          aria-label={`${t('integrations.hooks.logButton')}: ${h.name}`}
                          data-testid="webhook-log"
                        >
                          <IconListDetails size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('integrations.hooks.remove')}>
                        <ActionIcon variant="subtle" color="red" onClick={() => void remove(h)} aria-label={`${t('integrations.hooks.remove')}: ${h.name}`}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={createModal.close} title={<Text fw={650}>{t('integrations.hooks.new')}</Text>}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (form.name.trim() && urlValid) create.mutate();
          }}
        >
          <Stack gap="sm">
            <TextInput
              label={t('integrations.hooks.name')}
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              data-autofocus
            />
            <TextInput
              label="URL"
              required
              placeholder="https://example.se/likeness-hook"
              value={form.url}
              onChange={(e) => setForm({ ...form, url: e.currentTarget.value })}
              error={form.url && !urlValid ? t('integrations.hooks.badUrl') : undefined}
            />
            <Text size="xs" c="dimmed">
              {t('integrations.hooks.signingHelp')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={createModal.close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" disabled={!form.name.trim() || !urlValid} loading={create.isPending}>
                {t('integrations.hooks.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <SecretOnce
        opened={secret !== null}
        onClose={() => setSecret(null)}
        title={t('integrations.hooks.createdTitle')}
        secret={secret ?? ''}
        hint={t('integrations.hooks.createdHint')}
      />
      <Deliveries webhook={log} onClose={() => setLog(null)} />
    </Card>
  );
}

/** API keys (shown once; server keys with scopes, browser keys with origins) and webhooks with their delivery log. */
export function IntegrationsSettings() {
  return (
    <Stack gap="lg">
      <ApiKeys />
      <Webhooks />
    </Stack>
  );
}
