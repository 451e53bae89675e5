import { Collapse, Divider, Group, NumberInput, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, UnstyledButton } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Person, type PersonCreate } from '../lib/api';
import { customFieldVisible } from '@likeness/shared/access';
import { useMe } from '../lib/auth';
import { settingsQuery } from '../lib/channel';
import { notifySaved, showFieldErrors } from '../lib/errors';
import { ageOf } from '../lib/person';
import { useInvalidate } from '../lib/query';
import { FormActions, FormModal } from './FormModal';

type CustomValue = string | number | boolean | null;

interface FormState {
  name: string;
  email: string;
  phone: string;
  birthDate: string | null;
  deceased: boolean;
  guardianName: string;
  guardianEmail: string;
  guardianPhone: string;
  notes: string;
  customFields: Record<string, CustomValue>;
}

const fromPerson = (p: Person | null): FormState => ({
  name: p?.name ?? '',
  email: p?.email ?? '',
  phone: p?.phone ?? '',
  birthDate: p?.birthDate ?? null,
  deceased: p?.deceased ?? false,
  guardianName: p?.guardianName ?? '',
  guardianEmail: p?.guardianEmail ?? '',
  guardianPhone: p?.guardianPhone ?? '',
  notes: p?.notes ?? '',
  customFields: { ...(p?.customFields ?? {}) },
});

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Create or edit a person: contact details, birth date and guardian, notes, and the custom fields the role may see. */
export function PersonForm({ opened, onClose, person, onSaved }: { opened: boolean; onClose(): void; person: Person | null; onSaved?(p: Person): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  const settings = useQuery(settingsQuery);
  const [form, setForm] = useState<FormState>(fromPerson(person));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [guardianOpen, setGuardianOpen] = useState(false);
  useEffect(() => {
    if (opened) {
      setForm(fromPerson(person));
      setErrors({});
      setGuardianOpen(Boolean(person?.guardianName || person?.minor));
    }
  }, [opened, person]);

  const adultAge = settings.data?.adultAge ?? 18;
  const age = ageOf(form.birthDate);
  const minor = age !== null && age < adultAge;
  const fields = (settings.data?.customFields ?? []).filter((f) => customFieldVisible(f, me));
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const save = useMutation({
    mutationFn: (body: PersonCreate) =>
      person ? unwrap(api.PATCH('/api/v1/persons/{id}', { params: { path: { id: person.id } }, body })) : unwrap(api.POST('/api/v1/persons', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['persons', 'detail', saved.id], saved);
      invalidate('persons', 'counts', 'assets');
      notifySaved();
      onSaved?.(saved);
      onClose();
    },
    onError: showFieldErrors(setErrors),
  });

  const submit = () => {
    const local: Record<string, string> = {};
    if (!form.name.trim() && !settings.data?.pseudonymousIds) local.name = t('personForm.nameRequired');
    if (form.email.trim() && !EMAIL.test(form.email.trim())) local.email = t('personForm.invalidEmail');
    if (form.guardianEmail.trim() && !EMAIL.test(form.guardianEmail.trim())) local.guardianEmail = t('personForm.invalidEmail');
    setErrors(local);
    if (Object.keys(local).length) return;
    const customFields: Record<string, CustomValue> = {};
    for (const f of fields) {
      const v = form.customFields[f.key];
      customFields[f.key] = v === '' || v === undefined ? null : v;
    }
    save.mutate({
      name: orNull(form.name),
      email: orNull(form.email),
      phone: orNull(form.phone),
      birthDate: form.birthDate,
      deceased: form.deceased,
      guardianName: orNull(form.guardianName),
      guardianEmail: orNull(form.guardianEmail),
      guardianPhone: orNull(form.guardianPhone),
      notes: orNull(form.notes),
      ...(fields.length ? { customFields } : {}),
    });
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={person ? t('personForm.editTitle') : t('personForm.createTitle')}
      onSubmit={submit}
      noValidate
    >
      <Stack gap="sm">
        <TextInput
          label={t('personForm.name')}
          description={settings.data?.pseudonymousIds ? t('personForm.namePseudonymous') : undefined}
          value={form.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          withAsterisk={!settings.data?.pseudonymousIds}
          data-autofocus
          data-testid="person-name"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('personForm.email')} type="email" value={form.email} onChange={(e) => set('email', e.currentTarget.value)} error={errors.email} />
          <TextInput label={t('personForm.phone')} type="tel" value={form.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={errors.phone} />
          <DatePickerInput
            label={t('personForm.birthDate')}
            description={minor ? t('personForm.minorHint', { age: adultAge }) : undefined}
            leftSection={<IconCalendar size={16} />}
            value={form.birthDate}
            onChange={(v) => set('birthDate', v ? String(v).slice(0, 10) : null)}
            clearable
            valueFormat="D MMM YYYY"
            maxDate={new Date()}
            defaultLevel="decade"
            error={errors.birthDate}
          />
          <Switch mt={{ sm: 30 }} label={t('personForm.deceased')} checked={form.deceased} onChange={(e) => set('deceased', e.currentTarget.checked)} />
        </SimpleGrid>
        <UnstyledButton onClick={() => setGuardianOpen((o) => !o)} aria-expanded={guardianOpen || minor}>
          <Group gap={6}>
            {guardianOpen || minor ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            <Text size="sm" fw={600}>
              {t('personForm.guardian')}
            </Text>
            {minor && (
              <Text size="xs" c="orange">
                {t('personForm.guardianNeeded')}
              </Text>
            )}
          </Group>
        </UnstyledButton>
        <Collapse in={guardianOpen || minor}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label={t('personForm.guardianName')}
              value={form.guardianName}
              onChange={(e) => set('guardianName', e.currentTarget.value)}
              error={errors.guardianName}
            />
            <TextInput
              label={t('personForm.email')}
              type="email"
              value={form.guardianEmail}
              onChange={(e) => set('guardianEmail', e.currentTarget.value)}
              error={errors.guardianEmail}
            />
            <TextInput
              label={t('personForm.phone')}
              type="tel"
              value={form.guardianPhone}
              onChange={(e) => set('guardianPhone', e.currentTarget.value)}
              error={errors.guardianPhone}
            />
          </SimpleGrid>
        </Collapse>
        <Textarea
          label={t('personForm.notes')}
          autosize
          minRows={2}
          maxRows={6}
          value={form.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
          error={errors.notes}
        />
        {fields.length > 0 && (
          <>
            <Divider label={t('personForm.customFields')} labelPosition="left" />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {fields.map((f) => {
                const v = form.customFields[f.key];
                const setCustom = (value: CustomValue) => set('customFields', { ...form.customFields, [f.key]: value });
                if (f.type === 'boolean')
                  return <Switch key={f.key} mt={28} label={f.label} checked={v === true} onChange={(e) => setCustom(e.currentTarget.checked)} />;
                if (f.type === 'number')
                  return (
                    <NumberInput
                      key={f.key}
                      label={f.label}
                      value={typeof v === 'number' ? v : ''}
                      onChange={(n) => setCustom(typeof n === 'number' ? n : null)}
                    />
                  );
                return <TextInput key={f.key} label={f.label} value={typeof v === 'string' ? v : ''} onChange={(e) => setCustom(e.currentTarget.value)} />;
              })}
            </SimpleGrid>
          </>
        )}
        <FormActions
          onCancel={onClose}
          submit={person ? t('common.save') : t('personForm.create')}
          loading={save.isPending}
          data-testid="person-save"
          mt="sm"
        />
      </Stack>
    </FormModal>
  );
}
