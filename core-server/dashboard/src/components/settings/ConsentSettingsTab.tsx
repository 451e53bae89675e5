import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArchive, IconCircleCheck, IconCircleDashed, IconMail, IconMessage, IconPencil, IconPlus, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type ConsentSettings, type ConsentTemplate } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { fieldErrors, notifyError, notifySaved } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useConfirmedAction } from '../Confirm';
import { TemplateForm } from '../consent/TemplateForm';
import { EmptyState, QueryView } from '../QueryState';
import { SectionHeader } from '../SectionHeader';
import { TooltipAction } from '../TooltipAction';

function Provider({ icon, label, ok, text }: { icon: ReactNode; label: string; ok: boolean; text: string }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <ThemeIcon variant="light" color={ok ? 'teal' : 'gray'} size={34} radius="md">
        {icon}
      </ThemeIcon>
      <div>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {label}
          </Text>
          {ok ? <IconCircleCheck size={15} color="var(--mantine-color-teal-7)" /> : <IconCircleDashed size={15} color="var(--mantine-color-gray-6)" />}
        </Group>
        <Text size="xs" c="dimmed">
          {text}
        </Text>
      </div>
    </Group>
  );
}

/** How requests are delivered (Twilio, SMTP or the development outbox), BankID, link lifetime and reminders. */
function Delivery({ settings }: { settings: ConsentSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('settings:write');
  const [form, setForm] = useState({ sid: '', token: '', from: '', linkDays: 14, remind: null as number | null });
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(
    () =>
      setForm({
        sid: settings.sms.twilioAccountSid ?? '',
        token: '',
        from: settings.sms.twilioFrom ?? '',
        linkDays: settings.linkValidityDays,
        remind: settings.reminderAfterDays,
      }),
    [settings],
  );
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/consent/settings', {
          body: {
            twilioAccountSid: form.sid.trim() || null,
            twilioFrom: form.from.trim() || null,
            ...(form.token.trim() ? { twilioAuthToken: form.token.trim() } : {}),
            linkValidityDays: form.linkDays,
            reminderAfterDays: form.remind,
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(['consent', 'settings'], saved);
      setErrors({});
      notifySaved();
    },
    onError: (err) => {
      setErrors(fieldErrors(err));
      notifyError(err);
    },
  });
  return (
    <Card padding="lg">
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Title order={2} size="h3">
            {t('consentSettings.delivery')}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('consentSettings.deliveryHelp')}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Provider
                icon={<IconMessage size={18} />}
                label="SMS"
                ok={settings.sms.provider === 'twilio'}
                text={settings.sms.provider === 'twilio' ? t('consentSettings.viaTwilio') : t('consentSettings.outbox')}
              />
              <Provider
                icon={<IconMail size={18} />}
                label={t('consentSettings.email')}
                ok={settings.email.provider === 'smtp'}
                text={settings.email.provider === 'smtp' ? t('consentSettings.viaSmtp') : t('consentSettings.outbox')}
              />
              <Provider
                icon={<IconShieldLock size={18} />}
                label="BankID"
                ok={settings.bankid.enabled}
                text={settings.bankid.enabled ? t('consentSettings.bankidOn', { env: settings.bankid.environment ?? '' }) : t('consentSettings.bankidOff')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('consentSettings.twilioSid')}
                placeholder="AC…"
                value={form.sid}
                onChange={(e) => setForm({ ...form, sid: e.currentTarget.value })}
                disabled={!canWrite}
                error={errors.twilioAccountSid}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <PasswordInput
                label={t('consentSettings.twilioToken')}
                placeholder={settings.sms.twilioAuthTokenSet ? t('consentSettings.tokenSet') : ''}
                value={form.token}
                onChange={(e) => setForm({ ...form, token: e.currentTarget.value })}
                disabled={!canWrite}
                error={errors.twilioAuthToken}
              />
              <TextInput
                label={t('consentSettings.twilioFrom')}
                placeholder="+4670… / Kommunen"
                value={form.from}
                onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
                disabled={!canWrite}
                error={errors.twilioFrom}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('consentSettings.linkDays')}
                description={t('consentSettings.linkDaysHelp')}
                min={1}
                max={90}
                suffix={` ${t('settings.general.days')}`}
                value={form.linkDays}
                onChange={(v) => setForm({ ...form, linkDays: typeof v === 'number' ? v : 14 })}
                disabled={!canWrite}
              />
              <Stack gap={6}>
                <NumberInput
                  label={t('consentSettings.remind')}
                  description={t('consentSettings.remindHelp')}
                  min={1}
                  max={60}
                  suffix={` ${t('settings.general.days')}`}
                  value={form.remind ?? ''}
                  disabled={!canWrite || form.remind === null}
                  onChange={(v) => setForm({ ...form, remind: typeof v === 'number' ? v : 3 })}
                />
                <Switch
                  size="xs"
                  label={t('consentSettings.remindOn')}
                  checked={form.remind !== null}
                  disabled={!canWrite}
                  onChange={(e) => setForm({ ...form, remind: e.currentTarget.checked ? 3 : null })}
                />
              </Stack>
            </SimpleGrid>
            {canWrite && (
              <Group justify="flex-end">
                <Button onClick={() => save.mutate()} loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Card>
  );
}

function Templates() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const confirmed = useConfirmedAction();
  const canWrite = useCan('templates:manage');
  const [editing, setEditing] = useState<ConsentTemplate | null>(null);
  const [opened, modal] = useDisclosure(false);
  const templates = useQuery({ queryKey: ['consent', 'templates'], queryFn: () => unwrap(api.GET('/api/v1/consent/templates')) });
  const edit = (tpl: ConsentTemplate | null) => {
    setEditing(tpl);
    modal.open();
  };
  const archive = (tpl: ConsentTemplate) =>
    confirmed(
      {
        title: t('consentTemplates.archiveTitle'),
        message: t('consentTemplates.archiveText', { name: tpl.name }),
        confirmLabel: t('consentTemplates.archive'),
        danger: true,
      },
      async () => {
        await unwrap(api.DELETE('/api/v1/consent/templates/{id}', { params: { path: { id: tpl.id } } }));
        void queryClient.invalidateQueries({ queryKey: ['consent', 'templates'] });
      },
    );
  return (
    <Card padding="lg">
      <SectionHeader
        title={t('consentTemplates.heading')}
        help={t('consentTemplates.help')}
        action={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => edit(null)} data-testid="new-template">
              {t('consentTemplates.new')}
            </Button>
          )
        }
      />
      <QueryView query={templates} empty={<EmptyState title={t('consentTemplates.empty')}>{t('consentTemplates.emptyHint')}</EmptyState>}>
        {(data) => (
          <Table.ScrollContainer minWidth={680}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('consentTemplates.name')}</Table.Th>
                  <Table.Th>{t('consentTemplates.methods')}</Table.Th>
                  <Table.Th>{t('common.channels')}</Table.Th>
                  <Table.Th>{t('consentTemplates.version')}</Table.Th>
                  <Table.Th w={90} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((tpl) => (
                  <Table.Tr key={tpl.id} style={tpl.archived ? { opacity: 0.55 } : undefined}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm" fw={600}>
                          {tpl.name}
                        </Text>
                        {tpl.archived && (
                          <Badge size="xs" color="gray" variant="light">
                            {t('consentTemplates.archived')}
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed">
                        {tpl.texts.sv.title}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{tpl.methods.map((m) => t(`consentMethods.${m}`)).join(', ')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{tpl.channels.join(', ')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        v{tpl.version} · {formatDate(tpl.updatedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {canWrite && !tpl.archived && (
                        <Group gap={2} justify="flex-end" wrap="nowrap">
                          <TooltipAction label={t('common.edit')} aria-label={`${t('common.edit')}: ${tpl.name}`} onClick={() => edit(tpl)}>
                            <IconPencil size={16} />
                          </TooltipAction>
                          <TooltipAction
                            label={t('consentTemplates.archive')}
                            color="red"
                            aria-label={`${t('consentTemplates.archive')}: ${tpl.name}`}
                            onClick={() => void archive(tpl)}
                          >
                            <IconArchive size={16} />
                          </TooltipAction>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
      <TemplateForm opened={opened} onClose={modal.close} template={editing} />
    </Card>
  );
}

/** Settings for digital consent: templates and how requests are delivered. */
export function ConsentSettingsTab() {
  const settings = useQuery({ queryKey: ['consent', 'settings'], queryFn: () => unwrap(api.GET('/api/v1/consent/settings')) });
  return (
    <Stack gap="lg">
      <Templates />
      <QueryView query={settings}>{(data) => <Delivery settings={data} />}</QueryView>
    </Stack>
  );
}
