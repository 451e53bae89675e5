import { Badge, Button, Card, Group, PasswordInput, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type User } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { notifyError, notifySaved, showFieldErrors } from '../../lib/errors';
import { formatRelative } from '../../lib/format';
import { useRoleOptions } from '../../lib/roles';
import { FormActions, FormModal } from '../FormModal';
import { QueryFallback } from '../QueryState';
import { SectionHeader } from '../SectionHeader';

const LANGUAGES = [
  { value: 'sv', label: 'Svenska' },
  { value: 'en', label: 'English' },
];

function NewUserModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', role: 'editor' as string, password: '', locale: 'sv' as 'sv' | 'en' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users', { body: { ...form, name: form.name.trim(), email: form.email.trim() } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      notifySaved(t('settings.users.created'));
      setForm({ name: '', email: '', role: 'editor', password: '', locale: 'sv' });
      onClose();
    },
    onError: showFieldErrors(setErrors),
  });
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t('settings.users.new')}
      onSubmit={() => {
        if (form.password.length < 10) return setErrors({ password: t('settings.users.passwordShort') });
        create.mutate();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('settings.users.name')}
          required
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          error={errors.name}
          data-autofocus
        />
        <TextInput
          label={t('personForm.email')}
          type="email"
          required
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          error={errors.email}
        />
        <Select
          label={t('settings.users.role')}
          value={form.role}
          allowDeselect={false}
          onChange={(v) => v && setForm({ ...form, role: v })}
          data={roleOptions.map((r) => ({ value: r.value, label: r.label, disabled: !r.within }))}
          description={roleOptions.find((r) => r.value === form.role)?.description}
        />
        <Select
          label={t('settings.users.language')}
          value={form.locale}
          allowDeselect={false}
          onChange={(v) => v && setForm({ ...form, locale: v as 'sv' | 'en' })}
          data={LANGUAGES}
        />
        <PasswordInput
          label={t('settings.users.password')}
          description={t('settings.users.passwordHelp')}
          required
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
          error={errors.password}
        />
        <FormActions onCancel={onClose} submit={t('settings.users.create')} loading={create.isPending} mt="xs" />
      </Stack>
    </FormModal>
  );
}

/** The organisation's users: role, language, disable. */
export function UsersSettings() {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const me = useMe();
  const queryClient = useQueryClient();
  const [creating, createModal] = useDisclosure(false);
  const users = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/api/v1/users')) });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string; role?: string; disabled?: boolean; locale?: 'sv' | 'en' }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      notifySaved();
    },
    onError: notifyError,
  });
  if (!users.isSuccess) return <QueryFallback query={users} />;
  return (
    <Card padding="lg">
      <SectionHeader
        title={t('settings.users.title')}
        help={t('settings.users.help')}
        action={
          <Button leftSection={<IconUserPlus size={16} />} onClick={createModal.open}>
            {t('settings.users.new')}
          </Button>
        }
      />
      <Table.ScrollContainer minWidth={760}>
        <Table data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.users.name')}</Table.Th>
              <Table.Th w={200}>{t('settings.users.role')}</Table.Th>
              <Table.Th w={130}>{t('settings.users.language')}</Table.Th>
              <Table.Th>{t('settings.users.lastLogin')}</Table.Th>
              <Table.Th w={110}>{t('settings.users.active')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.items.map((u: User) => {
              const self = u.id === me.id;
              // A user whose role holds more than you do is managed by someone who holds it all (the server says so too).
              const manageable = roleOptions.find((r) => r.value === u.role)?.within ?? false;
              return (
                <Table.Tr key={u.id} style={u.disabled ? { opacity: 0.6 } : undefined}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm" fw={600}>
                        {u.name}
                      </Text>
                      {self && (
                        <Badge size="xs" variant="light">
                          {t('settings.users.you')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('settings.users.role')}
                      size="xs"
                      value={u.role}
                      allowDeselect={false}
                      disabled={self || !manageable}
                      onChange={(v) => v && v !== u.role && update.mutate({ id: u.id, role: v })}
                      data={roleOptions.map((r) => ({ value: r.value, label: r.label, disabled: !r.within }))}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('settings.users.language')}
                      size="xs"
                      value={u.locale}
                      allowDeselect={false}
                      disabled={!manageable}
                      onChange={(v) => v && v !== u.locale && update.mutate({ id: u.id, locale: v as 'sv' | 'en' })}
                      data={LANGUAGES}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {u.lastLoginAt ? formatRelative(u.lastLoginAt) : t('settings.users.never')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={t('settings.users.active')}
                      checked={!u.disabled}
                      disabled={self || !manageable}
                      onChange={(e) => update.mutate({ id: u.id, disabled: !e.currentTarget.checked })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <NewUserModal opened={creating} onClose={createModal.close} />
    </Card>
  );
}
