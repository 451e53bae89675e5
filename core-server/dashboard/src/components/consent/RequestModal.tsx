import { Alert, Checkbox, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, listAssets, unwrap, type ConsentDelivery, type Person } from '../../lib/api';
import { errorMessage, notifySaved } from '../../lib/errors';
import { ChannelChips } from '../ChannelChips';
import { FormActions, FormModal } from '../FormModal';

/** Send a person (or a minor's guardian) a link to sign a consent template, by SMS and/or email. */
export function RequestModal({ opened, onClose, person }: { opened: boolean; onClose(): void; person: Person }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: ['consent', 'templates'], queryFn: () => unwrap(api.GET('/api/v1/consent/templates')), enabled: opened });
  const files = useQuery({
    queryKey: ['assets', 'list', { personId: person.id, limit: 50 }],
    queryFn: () => listAssets({ personId: person.id, limit: 50 }),
    enabled: opened,
  });
  const active = (templates.data?.items ?? []).filter((x) => !x.archived);
  const guardian = person.minor;
  const phone = guardian ? person.guardianPhone : person.phone;
  const email = guardian ? person.guardianEmail : person.email;
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [via, setVia] = useState<ConsentDelivery[]>([]);
  const [locale, setLocale] = useState<'sv' | 'en'>('sv');
  const [channels, setChannels] = useState<string[]>([]);
  const [session, setSession] = useState('');
  const [withFiles, setWithFiles] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const template = active.find((x) => x.id === templateId);

  useEffect(() => {
    if (!opened) return;
    setVia([...(phone ? ['sms' as const] : []), ...(email ? ['email' as const] : [])]);
    setLocale(i18n.language === 'en' ? 'en' : 'sv');
    setSession('');
    setError(null);
    setWithFiles(true);
  }, [opened, phone, email, i18n.language]);
  useEffect(() => {
    if (opened && !templateId && active[0]) setTemplateId(active[0].id);
  }, [opened, templateId, active]);
  useEffect(() => setChannels(template?.channels ?? []), [template]);

  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/consent/requests', {
          body: {
            personId: person.id,
            templateId: templateId!,
            via,
            locale,
            channels,
            session: session.trim() || null,
            assetIds: withFiles ? (files.data?.items ?? []).map((a) => a.id) : [],
          },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['consent'] });
      notifySaved(t('consentRequests.sent'));
      onClose();
    },
    onError: (err) => setError(errorMessage(err, t)),
  });

  const fileCount = files.data?.items.length ?? 0;
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={t('consentRequests.newTitle', { name: person.displayName })}
      onSubmit={() => {
        if (templateId && via.length && channels.length) send.mutate();
      }}
    >
      <Stack gap="md">
        {active.length === 0 && !templates.isPending ? (
          <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />}>
            {t('consentRequests.noTemplates')}
          </Alert>
        ) : (
          <Select
            label={t('consentRequests.template')}
            data={active.map((x) => ({ value: x.id, label: x.name }))}
            value={templateId}
            onChange={setTemplateId}
            allowDeselect={false}
            data-testid="request-template"
          />
        )}
        {guardian && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
            {t('consentRequests.toGuardian', { name: person.guardianName ?? '?' })}
          </Alert>
        )}
        <Checkbox.Group label={t('consentRequests.via')} value={via} onChange={(v) => setVia(v as ConsentDelivery[])}>
          <Group mt={6}>
            <Checkbox value="sms" label={phone ? t('consentRequests.smsTo', { to: phone }) : t('consentRequests.noPhone')} disabled={!phone} />
            <Checkbox value="email" label={email ? t('consentRequests.emailTo', { to: email }) : t('consentRequests.noEmail')} disabled={!email} />
          </Group>
        </Checkbox.Group>
        <ChannelChips channels={template?.channels ?? []} value={channels} onChange={setChannels} />
        <Group grow align="flex-start">
          <TextInput
            label={t('consentRequests.session')}
            description={t('consentRequests.sessionHelp')}
            value={session}
            onChange={(e) => setSession(e.currentTarget.value)}
          />
          <div>
            <Text size="sm" fw={500} mb={6}>
              {t('consentRequests.language')}
            </Text>
            <SegmentedControl
              value={locale}
              onChange={(v) => setLocale(v as 'sv' | 'en')}
              data={[
                { value: 'sv', label: 'Svenska' },
                { value: 'en', label: 'English' },
              ]}
            />
          </div>
        </Group>
        {fileCount > 0 && (
          <Checkbox label={t('consentRequests.withFiles', { count: fileCount })} checked={withFiles} onChange={(e) => setWithFiles(e.currentTarget.checked)} />
        )}
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        <FormActions
          onCancel={onClose}
          submit={t('consentRequests.send')}
          disabled={!templateId || via.length === 0 || channels.length === 0}
          loading={send.isPending}
          data-testid="request-send"
        />
      </Stack>
    </FormModal>
  );
}
