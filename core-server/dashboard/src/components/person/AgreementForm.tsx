import { Alert, Checkbox, Chip, Group, Radio, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Agreement, type AgreementKind, type Person } from '../../lib/api';
import { settingsQuery } from '../../lib/channel';
import { notifySaved, showFieldErrors } from '../../lib/errors';
import { startOfDay, toDateInput } from '../../lib/format';
import { useInvalidate } from '../../lib/query';
import { AGREEMENT_KINDS } from '../../lib/status';
import { FormActions, FormModal } from '../FormModal';

interface State {
  kind: AgreementKind;
  channels: string[];
  validFrom: string | null;
  validUntil: string | null;
  openEnded: boolean;
  signedBy: 'subject' | 'guardian';
  guardianName: string;
  notes: string;
}

/** Record or edit an agreement: kind, channels it covers, validity, who signed, notes. */
export function AgreementForm({ opened, onClose, person, agreement }: { opened: boolean; onClose(): void; person: Person; agreement: Agreement | null }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const settings = useQuery(settingsQuery);
  const channels = settings.data?.channels ?? [];
  const initial = (): State => ({
    kind: agreement?.kind ?? 'written',
    channels: agreement?.channels ?? channels,
    validFrom: toDateInput(agreement?.validFrom ?? new Date().toISOString()),
    // A new agreement proposes two years, a common term; the user sees and can change it.
    validUntil: agreement ? toDateInput(agreement.validUntil) : toDateInput(new Date(Date.now() + 2 * 365.25 * 86_400_000).toISOString()),
    openEnded: agreement ? agreement.validUntil === null : false,
    signedBy: agreement?.signedBy ?? (person.minor ? 'guardian' : 'subject'),
    guardianName: agreement?.guardianName ?? person.guardianName ?? '',
    notes: agreement?.notes ?? '',
  });
  const [s, setS] = useState<State>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (opened) {
      setS(initial());
      setErrors({});
    }
  }, [opened]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = <K extends keyof State>(k: K, v: State[K]) => setS((x) => ({ ...x, [k]: v }));
  // A digitally signed (sealed) agreement keeps the terms the person signed; only its notes can change here.
  const sealed = agreement?.sealed ?? false;

  const save = useMutation({
    mutationFn: () => {
      const today = toDateInput(new Date().toISOString());
      // "From today" means from now, so that the agreement counts at once.
      const validFrom = s.validFrom === today && !agreement ? new Date().toISOString() : startOfDay(s.validFrom!);
      const body = {
        kind: s.kind,
        channels: s.channels,
        validFrom: agreement && toDateInput(agreement.validFrom) === s.validFrom ? agreement.validFrom : validFrom,
        validUntil: s.openEnded || !s.validUntil ? null : startOfDay(s.validUntil),
        signedBy: s.signedBy,
        guardianName: s.signedBy === 'guardian' ? s.guardianName.trim() || null : null,
        notes: s.notes.trim() || null,
      };
      return agreement
        ? unwrap(api.PATCH('/api/v1/agreements/{id}', { params: { path: { id: agreement.id } }, body: sealed ? { notes: body.notes } : body }))
        : unwrap(api.POST('/api/v1/persons/{id}/agreements', { params: { path: { id: person.id } }, body }));
    },
    onSuccess: () => {
      invalidate('persons', 'assets', 'counts');
      notifySaved(agreement ? undefined : t('agreements.created'));
      onClose();
    },
    onError: showFieldErrors(setErrors),
  });

  const submit = () => {
    const local: Record<string, string> = {};
    if (s.channels.length === 0) local.channels = t('agreementForm.channelsRequired');
    if (!s.validFrom) local.validFrom = t('agreementForm.fromRequired');
    if (!s.openEnded && !s.validUntil) local.validUntil = t('agreementForm.untilRequired');
    if (!s.openEnded && s.validFrom && s.validUntil && s.validUntil <= s.validFrom) local.validUntil = t('agreementForm.untilAfterFrom');
    if (s.signedBy === 'guardian' && !s.guardianName.trim()) local.guardianName = t('agreementForm.guardianRequired');
    setErrors(local);
    if (Object.keys(local).length === 0) save.mutate();
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={agreement ? t('agreementForm.editTitle') : t('agreementForm.createTitle', { name: person.displayName })}
      onSubmit={submit}
      noValidate
    >
      <Stack gap="md">
        {sealed && (
          <Alert color="blue" variant="light" icon={<IconLock size={18} />} title={t('agreementForm.sealedTitle')} data-testid="agreement-sealed">
            {t('agreementForm.sealedText')}
          </Alert>
        )}
        <fieldset disabled={sealed} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }} data-testid="agreement-terms">
          <Stack gap="md">
            <div>
              <Text size="sm" fw={500} mb={6} id="agreement-kind-label">
                {t('agreementForm.kind')}
              </Text>
              <SegmentedControl
                fullWidth
                aria-labelledby="agreement-kind-label"
                value={s.kind}
                onChange={(v) => set('kind', v as AgreementKind)}
                // Digital agreements come only from a person signing a consent request, never from this form.
                data={AGREEMENT_KINDS.filter((k) => k !== 'digital' || s.kind === 'digital').map((k) => ({ value: k, label: t(`agreementKind.${k}`) }))}
                data-testid="agreement-kind"
              />
              {!sealed && (
                <Text size="xs" c="dimmed" mt={4}>
                  {t('agreementForm.digitalByRequest')}
                </Text>
              )}
            </div>
            <div>
              <Group justify="space-between" mb={6}>
                <Text size="sm" fw={500} id="agreement-channels-label">
                  {t('agreementForm.channels')}
                </Text>
                <Checkbox
                  size="xs"
                  label={t('agreementForm.allChannels')}
                  checked={s.channels.length === channels.length}
                  indeterminate={s.channels.length > 0 && s.channels.length < channels.length}
                  onChange={(e) => set('channels', e.currentTarget.checked ? channels : [])}
                />
              </Group>
              <Chip.Group multiple value={s.channels} onChange={(v) => set('channels', v)}>
                <Group gap="xs" role="group" aria-labelledby="agreement-channels-label">
                  {channels.map((c) => (
                    <Chip key={c} value={c} variant="light" data-testid={`agreement-channel-${c}`}>
                      {c}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
              {errors.channels && (
                <Text c="red" size="xs" mt={4}>
                  {errors.channels}
                </Text>
              )}
            </div>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <DatePickerInput
                label={t('agreementForm.validFrom')}
                leftSection={<IconCalendar size={16} />}
                value={s.validFrom}
                onChange={(v) => set('validFrom', v ? String(v).slice(0, 10) : null)}
                valueFormat="D MMM YYYY"
                error={errors.validFrom}
                withAsterisk
              />
              <Stack gap={6}>
                <DatePickerInput
                  label={t('agreementForm.validUntil')}
                  leftSection={<IconCalendar size={16} />}
                  value={s.openEnded ? null : s.validUntil}
                  onChange={(v) => set('validUntil', v ? String(v).slice(0, 10) : null)}
                  valueFormat="D MMM YYYY"
                  disabled={s.openEnded}
                  placeholder={s.openEnded ? t('agreementForm.noEnd') : undefined}
                  minDate={s.validFrom ?? undefined}
                  error={errors.validUntil}
                  data-testid="agreement-until"
                />
                <Checkbox
                  size="xs"
                  label={t('agreementForm.openEnded')}
                  checked={s.openEnded}
                  onChange={(e) => set('openEnded', e.currentTarget.checked)}
                  data-testid="agreement-open-ended"
                />
              </Stack>
            </SimpleGrid>
            <Radio.Group label={t('agreementForm.signedBy')} value={s.signedBy} onChange={(v) => set('signedBy', v as 'subject' | 'guardian')}>
              <Group mt={6}>
                <Radio value="subject" label={t('agreementForm.subject')} />
                <Radio value="guardian" label={t('agreementForm.guardian')} />
              </Group>
            </Radio.Group>
            {person.minor && s.signedBy === 'subject' && (
              <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} />}>
                {t('agreementForm.minorWarning')}
              </Alert>
            )}
            {s.signedBy === 'guardian' && (
              <TextInput
                label={t('agreementForm.guardianName')}
                value={s.guardianName}
                onChange={(e) => set('guardianName', e.currentTarget.value)}
                error={errors.guardianName}
                withAsterisk
              />
            )}
          </Stack>
        </fieldset>
        <Textarea
          label={t('agreementForm.notes')}
          autosize
          minRows={2}
          maxRows={6}
          value={s.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
          error={errors.notes}
        />
        <FormActions
          onCancel={onClose}
          submit={agreement ? t('common.save') : t('agreementForm.create')}
          loading={save.isPending}
          data-testid="agreement-save"
        />
      </Stack>
    </FormModal>
  );
}
