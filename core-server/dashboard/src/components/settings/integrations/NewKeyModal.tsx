import { Checkbox, SegmentedControl, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Permission } from '../../../lib/api';
import { useMe } from '../../../lib/auth';
import { showFieldErrors } from '../../../lib/errors';
import { useInvalidate } from '../../../lib/query';
import { FormActions, FormModal } from '../../FormModal';

const ORIGIN = /^https?:\/\/[^/\s]+$/;
const DEFAULT_SCOPES: Permission[] = ['status:read', 'usages:write', 'assets:read'];

/** A new API key: a server key with the scopes it may use, or a browser key (status only) for the listed origins. */
export function NewKeyModal({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(key: string): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const invalidate = useInvalidate();
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
      invalidate('apiKeys');
      setName('');
      setOrigins([]);
      onClose();
      onCreated(created.key);
    },
    onError: showFieldErrors(setErrors),
  });
  const valid = name.trim() !== '' && (kind === 'server' ? scopes.length > 0 : origins.length > 0 && !badOrigin);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={t('integrations.keys.new')}
      onSubmit={() => {
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
        <FormActions onCancel={onClose} submit={t('integrations.keys.create')} disabled={!valid} loading={create.isPending} data-testid="key-create" />
      </Stack>
    </FormModal>
  );
}
