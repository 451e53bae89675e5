import { Checkbox, Fieldset, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { PERMISSION_GROUPS, ROLE_BASELINE } from '@likeness/shared/access';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Permission } from '../../../lib/api';
import { useMe } from '../../../lib/auth';
import { notifySaved, showFieldErrors } from '../../../lib/errors';
import { useInvalidate } from '../../../lib/query';
import { permissionKey } from '../../../lib/roles';
import { FormActions, FormModal } from '../../FormModal';

/** What the modal edits: a custom role (id), or a new one, perhaps copied from another role. */
export interface RoleDraft {
  id: string | null;
  name: string;
  description: string;
  permissions: Permission[];
}

/** Name, description and permissions of one of the organisation's own roles. */
export function RoleModal({ draft, onClose }: { draft: RoleDraft | null; onClose(): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const invalidate = useInvalidate();
  const [form, setForm] = useState<RoleDraft>({ id: null, name: '', description: '', permissions: [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (draft) {
      setForm({ ...draft, permissions: [...new Set([...ROLE_BASELINE, ...draft.permissions])] });
      setErrors({});
    }
  }, [draft]);
  const save = useMutation({
    mutationFn: () => {
      const body = { name: form.name.trim(), description: form.description.trim() || null, permissions: form.permissions };
      return form.id
        ? unwrap(api.PATCH('/api/v1/roles/{id}', { params: { path: { id: form.id } }, body }))
        : unwrap(api.POST('/api/v1/roles', { body }));
    },
    onSuccess: () => {
      // Your own permissions change at once if you hold the role.
      invalidate('roles', 'users', 'me');
      notifySaved(form.id ? t('settings.roles.saved') : t('settings.roles.created'));
      onClose();
    },
    onError: showFieldErrors(setErrors),
  });
  const valid = form.name.trim() !== '' && form.permissions.some((p) => !ROLE_BASELINE.includes(p));
  return (
    <FormModal
      opened={draft !== null}
      onClose={onClose}
      size="xl"
      title={form.id ? t('settings.roles.edit') : t('settings.roles.new')}
      onSubmit={() => {
        if (valid) save.mutate();
      }}
    >
      <Stack gap="md">
        <TextInput
          label={t('settings.roles.name')}
          required
          maxLength={60}
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          error={errors.name}
          data-autofocus
          data-testid="role-name"
        />
        <Textarea
          label={t('settings.roles.description')}
          maxLength={300}
          autosize
          minRows={2}
          value={form.description}
          onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
          error={errors.description}
        />
        <Checkbox.Group
          label={t('settings.roles.permissions')}
          description={t('settings.roles.permissionsHelp')}
          value={form.permissions}
          onChange={(v) => setForm({ ...form, permissions: v as Permission[] })}
          error={errors.permissions}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs" spacing="md">
            {(Object.keys(PERMISSION_GROUPS) as (keyof typeof PERMISSION_GROUPS)[]).map((group) => (
              <Fieldset key={group} legend={t(`settings.roles.groups.${group}`)} variant="filled" p="sm">
                <Stack gap={10}>
                  {PERMISSION_GROUPS[group].map((p) => {
                    const held = me.permissions.includes(p);
                    const baseline = ROLE_BASELINE.includes(p);
                    const help = baseline ? t('settings.roles.baseline') : held ? t(`permissions.${permissionKey(p)}.help`) : t('settings.roles.notHeld');
                    return (
                      <Checkbox
                        key={p}
                        value={p}
                        disabled={!held || baseline}
                        label={t(`permissions.${permissionKey(p)}.label`)}
                        description={help}
                        data-testid={`permission-${p}`}
                      />
                    );
                  })}
                </Stack>
              </Fieldset>
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <FormActions onCancel={onClose} submit={t('common.save')} disabled={!valid} loading={save.isPending} data-testid="role-save" />
      </Stack>
    </FormModal>
  );
}
