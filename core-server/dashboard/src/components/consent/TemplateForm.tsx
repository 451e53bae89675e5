import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Textarea,
  TypographyStylesProvider,
} from '@mantine/core';
import { IconEye, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type ConsentMethod, type ConsentTemplate, type ConsentTemplateCreate } from '../../lib/api';
import { settingsQuery } from '../../lib/channel';
import { fieldErrors, notifyError, notifySaved } from '../../lib/errors';
import { CONSENT_METHODS } from '../../lib/status';
import { ChannelChips } from '../ChannelChips';
import { FormActions } from '../FormModal';

type Lang = 'sv' | 'en';
type Texts = ConsentTemplateCreate['texts'];
const VARIABLES = ['person.name', 'organisation', 'session', 'session.date', 'channels', 'validity', 'guardian.name'];

const emptyTexts = (): Texts => ({
  sv: { title: '', body: '', completionText: '' },
  en: { title: '', body: '', completionText: '' },
});

/** Write a consent template in Swedish and English: each save makes a new version; signed agreements keep theirs. */
export function TemplateForm({ opened, onClose, template }: { opened: boolean; onClose(): void; template: ConsentTemplate | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery(settingsQuery);
  const channels = settings.data?.channels ?? [];
  const consentSettings = useQuery({ queryKey: ['consent', 'settings'], queryFn: () => unwrap(api.GET('/api/v1/consent/settings')) });
  const initial = (): ConsentTemplateCreate => ({
    name: template?.name ?? '',
    purpose: template?.purpose ?? 'consent',
    texts: template ? { sv: { ...template.texts.sv }, en: { ...template.texts.en } } : emptyTexts(),
    validityDays: template ? template.validityDays : 730,
    channels: template?.channels ?? channels,
    methods: template?.methods ?? ['sms_code', 'email_code'],
    editableText: template?.editableText ?? false,
    editableFields: template?.editableFields ?? ['name', 'email', 'phone'],
  });
  const [f, setF] = useState<ConsentTemplateCreate>(initial);
  const [lang, setLang] = useState<Lang>('sv');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setF(initial());
      setErrors({});
      setLang('sv');
    }
  }, [opened]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = <K extends keyof ConsentTemplateCreate>(k: K, v: ConsentTemplateCreate[K]) => setF((x) => ({ ...x, [k]: v }));
  const setText = (l: Lang, k: 'title' | 'body' | 'completionText', v: string) =>
    setF((x) => ({ ...x, texts: { ...x.texts, [l]: { ...x.texts[l], [k]: v } } }));

  const save = useMutation({
    mutationFn: () =>
      template
        ? unwrap(api.PUT('/api/v1/consent/templates/{id}', { params: { path: { id: template.id } }, body: f }))
        : unwrap(api.POST('/api/v1/consent/templates', { body: f })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['consent', 'templates'] });
      notifySaved(template ? t('consentTemplates.newVersion') : t('consentTemplates.created'));
      onClose();
    },
    onError: (err) => {
      const e = fieldErrors(err);
      setErrors(e);
      notifyError(err);
    },
  });
  const showPreview = async () => {
    if (!template) return;
    try {
      const r = await unwrap(api.POST('/api/v1/consent/templates/{id}/preview', { params: { path: { id: template.id } }, body: { locale: lang } }));
      setPreview(r.html);
    } catch (err) {
      notifyError(err);
    }
  };

  const complete =
    f.name.trim() && f.channels.length && f.methods.length && (['sv', 'en'] as const).every((l) => f.texts[l].title.trim() && f.texts[l].body.trim());
  const bankidOff = f.methods.includes('bankid') && consentSettings.data && !consentSettings.data.bankid.enabled;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={<Text fw={650}>{template ? t('consentTemplates.editTitle', { version: template.version }) : t('consentTemplates.createTitle')}</Text>}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (complete) save.mutate();
        }}
      >
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('consentTemplates.name')}
              required
              value={f.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.name}
              data-autofocus
            />
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t('consentTemplates.purpose')}
              </Text>
              <SegmentedControl
                fullWidth
                value={f.purpose}
                onChange={(v) => set('purpose', v as ConsentTemplateCreate['purpose'])}
                data={[
                  { value: 'consent', label: t('consentTemplates.purposes.consent') },
                  { value: 'model_release', label: t('consentTemplates.purposes.model_release') },
                ]}
              />
            </div>
          </SimpleGrid>
          <ChannelChips channels={channels} value={f.channels} onChange={(v) => set('channels', v)} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Stack gap={6}>
              <NumberInput
                label={t('consentTemplates.validity')}
                description={t('consentTemplates.validityHelp')}
                min={1}
                max={36500}
                suffix={` ${t('settings.general.days')}`}
                value={f.validityDays ?? ''}
                disabled={f.validityDays === null}
                onChange={(v) => set('validityDays', typeof v === 'number' ? v : 365)}
              />
              <Checkbox
                size="xs"
                label={t('consentTemplates.untilWithdrawn')}
                checked={f.validityDays === null}
                onChange={(e) => set('validityDays', e.currentTarget.checked ? null : 730)}
              />
            </Stack>
            <Checkbox.Group
              label={t('consentTemplates.methods')}
              description={t('consentTemplates.methodsHelp')}
              value={f.methods}
              onChange={(v) => set('methods', v as ConsentMethod[])}
            >
              <Stack gap={6} mt={8}>
                {CONSENT_METHODS.map((m) => (
                  <Checkbox key={m} value={m} label={t(`consentMethods.${m}`)} />
                ))}
              </Stack>
            </Checkbox.Group>
          </SimpleGrid>
          {bankidOff && (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />}>
              {t('consentTemplates.bankidOff')}
            </Alert>
          )}
          <Tabs value={lang} onChange={(v) => setLang((v as Lang) ?? 'sv')}>
            <Tabs.List>
              <Tabs.Tab value="sv">Svenska</Tabs.Tab>
              <Tabs.Tab value="en">English</Tabs.Tab>
            </Tabs.List>
          </Tabs>
          <TextInput
            label={t('consentTemplates.title')}
            required
            value={f.texts[lang].title}
            onChange={(e) => setText(lang, 'title', e.currentTarget.value)}
            error={errors[`texts.${lang}.title`]}
          />
          <Textarea
            label={t('consentTemplates.body')}
            description={t('consentTemplates.bodyHelp', { variables: VARIABLES.map((v) => `{{${v}}}`).join(' ') })}
            required
            autosize
            minRows={6}
            maxRows={16}
            ff="monospace"
            value={f.texts[lang].body}
            onChange={(e) => setText(lang, 'body', e.currentTarget.value)}
            error={errors[`texts.${lang}.body`]}
          />
          <Textarea
            label={t('consentTemplates.completion')}
            autosize
            minRows={2}
            maxRows={6}
            value={f.texts[lang].completionText}
            onChange={(e) => setText(lang, 'completionText', e.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Switch
              label={t('consentTemplates.editableText')}
              description={t('consentTemplates.editableTextHelp')}
              checked={f.editableText}
              onChange={(e) => set('editableText', e.currentTarget.checked)}
            />
            <Checkbox.Group
              label={t('consentTemplates.editableFields')}
              value={f.editableFields}
              onChange={(v) => set('editableFields', v as ConsentTemplateCreate['editableFields'])}
            >
              <Group gap="md" mt={6}>
                {(['name', 'email', 'phone'] as const).map((k) => (
                  <Checkbox key={k} value={k} label={t(`consentTemplates.fields.${k}`)} />
                ))}
              </Group>
            </Checkbox.Group>
          </SimpleGrid>
          <FormActions
            secondary={
              template ? (
                <Button variant="subtle" leftSection={<IconEye size={16} />} onClick={() => void showPreview()}>
                  {t('consentTemplates.preview')}
                </Button>
              ) : (
                <span />
              )
            }
            onCancel={onClose}
            submit={template ? t('consentTemplates.saveVersion') : t('consentTemplates.create')}
            disabled={!complete}
            loading={save.isPending}
          />
        </Stack>
      </form>
      <Modal opened={preview !== null} onClose={() => setPreview(null)} size="lg" title={<Text fw={650}>{t('consentTemplates.preview')}</Text>}>
        <Text size="xs" c="dimmed" mb="sm">
          {t('consentTemplates.previewHint')}
        </Text>
        {/* Rendered from Markdown and sanitised by the server. */}
        <TypographyStylesProvider>
          <div dangerouslySetInnerHTML={{ __html: preview ?? '' }} />
        </TypographyStylesProvider>
      </Modal>
    </Modal>
  );
}
