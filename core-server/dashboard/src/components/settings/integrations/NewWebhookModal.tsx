import { Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api';
import { notifyError } from '../../../lib/errors';
import { useInvalidate } from '../../../lib/query';
import { FormActions, FormModal } from '../../FormModal';

/** A new webhook: a name and the URL to POST to; `onCreated` gets its signing secret. */
export function NewWebhookModal({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(secret: string): void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [form, setForm] = useState({ name: '', url: '' });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks', { body: { name: form.name.trim(), url: form.url.trim() } })),
    onSuccess: (created) => {
      invalidate('webhooks');
      setForm({ name: '', url: '' });
      onClose();
      onCreated(created.secret);
    },
    onError: notifyError,
  });
  const urlValid = /^https?:\/\/\S+$/.test(form.url.trim());
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t('integrations.hooks.new')}
      onSubmit={() => {
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
        <FormActions onCancel={onClose} submit={t('integrations.hooks.create')} disabled={!form.name.trim() || !urlValid} loading={create.isPending} />
      </Stack>
    </FormModal>
  );
}
