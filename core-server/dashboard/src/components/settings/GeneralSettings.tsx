import { Anchor, Button, Card, Chip, Grid, Group, NumberInput, Radio, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Settings, type SettingsUpdate } from '../../lib/api';
import { useCan, useMe } from '../../lib/auth';
import { settingsQuery } from '../../lib/channel';
import { fieldErrors, notifyError, notifySaved } from '../../lib/errors';
import { useInvalidate } from '../../lib/query';
import { ROLES } from '../../lib/status';
import { useConfirm } from '../Confirm';
import { Loading } from '../QueryState';
import { accessibilityHref } from '../Shell';
import { FaceReindex } from './FaceReindex';

type Editable = Omit<Settings, 'customFields'>;

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Card padding="lg">
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Title order={2} size="h3">
            {title}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {description}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">{children}</Stack>
        </Grid.Col>
      </Grid>
    </Card>
  );
}

const CHANNEL = /^[a-z0-9][a-z0-9_-]*$/;

/** Organisation, lead time, channels, policies, pseudonymous IDs, face matching, warning recipients. */
export function GeneralSettings() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  const confirm = useConfirm();
  const canWrite = useCan('settings:write');
  const settings = useQuery(settingsQuery);
  // How many files switching face matching on could index at once.
  const bank = useQuery({ queryKey: ['counts', 'assets'], queryFn: () => unwrap(api.GET('/api/v1/assets/counts')), staleTime: 30_000 });
  const [s, setS] = useState<Editable | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (settings.data) setS(settings.data);
  }, [settings.data]);

  const save = useMutation({
    mutationFn: (body: SettingsUpdate) => unwrap(api.PATCH('/api/v1/settings', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['settings'], saved);
      invalidate('assets', 'counts', 'persons', 'me');
      setErrors({});
      notifySaved();
    },
    onError: (err) => {
      const f = fieldErrors(err);
      setErrors(f);
      notifyError(err);
    },
  });

  if (!s || !settings.data) return <Loading />;
  const original = settings.data;
  const set = <K extends keyof Editable>(k: K, v: Editable[K]) => setS((x) => (x ? { ...x, [k]: v } : x));
  const changed = (Object.keys(s) as Array<keyof Editable>).filter((k) => JSON.stringify(s[k]) !== JSON.stringify(original[k]));
  const badChannel = s.channels.find((c) => !CHANNEL.test(c));

  const submit = async () => {
    const removed = original.channels.filter((c) => !s.channels.includes(c));
    if (
      removed.length &&
      !(await confirm({
        title: t('settings.general.removeChannelsTitle'),
        message: t('settings.general.removeChannelsText', { channels: removed.join(', ') }),
        confirmLabel: t('common.save'),
        danger: true,
      }))
    )
      return;
    const body: Record<string, unknown> = {};
    for (const k of changed) body[k] = s[k];
    // Switching face matching off erases every face embedding: asked first, and the server wants it confirmed.
    if (original.faceMatching && !s.faceMatching) {
      const ok = await confirm({
        title: t('settings.general.faceOffTitle'),
        message: t('settings.general.faceOffText'),
        confirmLabel: t('settings.general.faceOffConfirm'),
        danger: true,
      });
      if (!ok) return;
      body.confirmEraseFaceData = true;
    }
    // Switching it on: offer to index the images already in the bank (otherwise only new uploads are).
    if (!original.faceMatching && s.faceMatching && (bank.data?.total ?? 0) > 0) {
      body.indexExistingFiles = await confirm({
        title: t('settings.general.faceOnTitle'),
        message: t('settings.general.faceOnText', { count: bank.data!.total }),
        confirmLabel: t('settings.general.faceOnConfirm'),
        cancelLabel: t('settings.general.faceOnLater'),
      }) || undefined;
    }
    save.mutate(body as SettingsUpdate);
  };

  const disabled = !canWrite;
  return (
    <Stack gap="lg">
      <Section title={t('settings.general.organisation')} description={t('settings.general.organisationHelp')}>
        <TextInput
          label={t('settings.general.name')}
          value={s.organisationName}
          onChange={(e) => set('organisationName', e.currentTarget.value)}
          disabled={disabled}
          error={errors.organisationName}
        />
        <TagsInput
          label={t('settings.general.channels')}
          description={t('settings.general.channelsHelp')}
          value={s.channels}
          onChange={(v) =>
            set(
              'channels',
              v.map((c) => c.trim().toLowerCase()),
            )
          }
          disabled={disabled}
          error={badChannel ? t('settings.general.badChannel', { channel: badChannel }) : errors.channels}
          data-testid="settings-channels"
        />
      </Section>
      <Section title={t('settings.general.warnings')} description={t('settings.general.warningsHelp')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('settings.general.leadDays')}
            description={t('settings.general.leadDaysHelp')}
            min={0}
            max={365}
            value={s.warningLeadDays}
            onChange={(v) => set('warningLeadDays', typeof v === 'number' ? v : 0)}
            suffix={` ${t('settings.general.days')}`}
            disabled={disabled}
            data-testid="settings-lead-days"
          />
          <NumberInput
            label={t('settings.general.adultAge')}
            description={t('settings.general.adultAgeHelp')}
            min={13}
            max={21}
            value={s.adultAge}
            onChange={(v) => set('adultAge', typeof v === 'number' ? v : 18)}
            disabled={disabled}
          />
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500}>
            {t('settings.general.recipients')}
          </Text>
          <Text size="xs" c="dimmed" mb={8}>
            {t('settings.general.recipientsHelp')}
          </Text>
          <Chip.Group multiple value={s.warningRecipients} onChange={(v) => set('warningRecipients', v as Editable['warningRecipients'])}>
            <Group gap="xs">
              {ROLES.map((r) => (
                <Chip key={r} value={r} disabled={disabled} variant="light">
                  {t(`roles.${r}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
      </Section>
      <Section title={t('settings.general.delivery')} description={t('settings.general.deliveryHelp')}>
        <div>
          <Text size="sm" fw={500}>
            {t('settings.general.deliveryChannels')}
          </Text>
          <Text size="xs" c="dimmed" mb={8}>
            {t('settings.general.deliveryChannelsHelp')}
          </Text>
          <Chip.Group multiple value={s.deliveryChannels.filter((c) => s.channels.includes(c))} onChange={(v) => set('deliveryChannels', v)}>
            <Group gap="xs" data-testid="settings-delivery-channels">
              {s.channels.map((c) => (
                <Chip key={c} value={c} disabled={disabled} variant="light">
                  {c}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </div>
      </Section>
      <Section title={t('settings.general.publishing')} description={t('settings.general.publishingHelp')}>
        <Radio.Group
          label={t('settings.general.policy')}
          value={s.unapprovedPolicy}
          onChange={(v) => set('unapprovedPolicy', v as Editable['unapprovedPolicy'])}
        >
          <Stack gap="xs" mt={8}>
            {(['hide', 'warn'] as const).map((p) => (
              <Radio.Card
                key={p}
                value={p}
                p="sm"
                radius="md"
                disabled={disabled}
                style={{
                  ...(s.unapprovedPolicy === p ? { borderColor: 'var(--mantine-color-brand-6)' } : {}),
                  ...(disabled ? { pointerEvents: 'none', opacity: 0.7 } : {}),
                }}
              >
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator mt={2} />
                  <div>
                    <Text size="sm" fw={600}>
                      {t(`settings.general.policies.${p}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`settings.general.policies.${p}Help`)}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
        <Switch
          label={t('settings.general.hideUnhandled')}
          description={t('settings.general.hideUnhandledHelp')}
          checked={s.hideUnhandled}
          onChange={(e) => set('hideUnhandled', e.currentTarget.checked)}
          disabled={disabled}
        />
      </Section>
      <Section title={t('settings.general.privacy')} description={t('settings.general.privacyHelp')}>
        <Switch
          label={t('settings.general.pseudonymous')}
          description={t('settings.general.pseudonymousHelp')}
          checked={s.pseudonymousIds}
          onChange={(e) => set('pseudonymousIds', e.currentTarget.checked)}
          disabled={disabled}
        />
        <Switch
          label={t('settings.general.downloadNeedsUsage')}
          description={t('settings.general.downloadNeedsUsageHelp')}
          checked={s.downloadNeedsUsage}
          onChange={(e) => set('downloadNeedsUsage', e.currentTarget.checked)}
          disabled={disabled}
          data-testid="settings-download-usage"
        />
        <Switch
          label={t('settings.general.faceMatching')}
          description={t('settings.general.faceMatchingHelp')}
          checked={s.faceMatching}
          onChange={(e) => set('faceMatching', e.currentTarget.checked)}
          disabled={disabled}
          data-testid="settings-face-matching"
        />
        {s.faceMatching && (
          <Stack gap="sm" pl={54}>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput
                label={t('settings.general.faceThreshold')}
                description={t('settings.general.faceThresholdHelp')}
                min={0.3}
                max={0.99}
                step={0.01}
                decimalScale={2}
                value={s.faceMatchThreshold}
                onChange={(v) => set('faceMatchThreshold', typeof v === 'number' ? v : 0.5)}
                disabled={disabled}
              />
              <NumberInput
                label={t('settings.general.faceMinSize')}
                description={t('settings.general.faceMinSizeHelp')}
                min={0}
                max={4000}
                suffix=" px"
                value={s.faceMinSizePx}
                onChange={(v) => set('faceMinSizePx', typeof v === 'number' ? v : 0)}
                disabled={disabled}
              />
              <NumberInput
                label={t('settings.general.faceMinScore')}
                description={t('settings.general.faceMinScoreHelp')}
                min={0}
                max={1}
                step={0.05}
                decimalScale={2}
                value={s.faceMinScore}
                onChange={(v) => set('faceMinScore', typeof v === 'number' ? v : 0)}
                disabled={disabled}
              />
            </SimpleGrid>
            <Switch
              label={t('settings.general.faceMinors')}
              description={t('settings.general.faceMinorsHelp')}
              checked={s.faceMatchMinors}
              onChange={(e) => set('faceMatchMinors', e.currentTarget.checked)}
              disabled={disabled}
            />
            {original.faceMatching && <FaceReindex />}
          </Stack>
        )}
      </Section>
      <Section title={t('settings.general.accessibility')} description={t('settings.general.accessibilityHelp')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('settings.general.accessibilityEmail')}
            type="email"
            autoComplete="email"
            value={s.accessibilityEmail ?? ''}
            // Empty means "no contact": the statement then names only the organisation.
            onChange={(e) => set('accessibilityEmail', e.currentTarget.value.trim() || null)}
            disabled={disabled}
            error={errors.accessibilityEmail}
            data-testid="settings-accessibility-email"
          />
          <TextInput
            label={t('settings.general.accessibilityUrl')}
            type="url"
            autoComplete="url"
            placeholder="https://"
            value={s.accessibilityUrl ?? ''}
            onChange={(e) => set('accessibilityUrl', e.currentTarget.value.trim() || null)}
            disabled={disabled}
            error={errors.accessibilityUrl}
            data-testid="settings-accessibility-url"
          />
        </SimpleGrid>
        <Text size="sm">
          <Anchor href={accessibilityHref(i18n.language, me.organisation.slug)}>
            {t('settings.general.accessibilityOpen')}
          </Anchor>
        </Text>
      </Section>
      {canWrite && (
        <Card padding="sm" style={changed.length ? { position: 'sticky', bottom: 12, zIndex: 5 } : undefined} shadow={changed.length ? 'md' : undefined}>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {changed.length ? t('settings.unsaved', { count: changed.length }) : t('settings.allSaved')}
            </Text>
            <Group gap="xs">
              <Button variant="default" disabled={!changed.length} onClick={() => setS(original)}>
                {t('common.reset')}
              </Button>
              <Button
                disabled={!changed.length || Boolean(badChannel) || s.channels.length === 0}
                loading={save.isPending}
                onClick={() => void submit()}
                data-testid="settings-save"
              >
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Card>
      )}
    </Stack>
  );
}
