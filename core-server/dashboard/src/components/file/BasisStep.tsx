import { Button, Group, Radio, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, LikenessApiError, unwrap, type Asset, type LegalBasis } from '../../lib/api';
import { notifyError, notifySaved } from '../../lib/errors';
import { formatDate, startOfDay, toDateInput } from '../../lib/format';
import { BASES_WITH_END, BASIS_GROUPS } from '../../lib/status';
import { OverrideWithdrawalModal } from './OverrideWithdrawalModal';
import { StepCard } from './StepCard';
import { useAssetRefresh } from './useAssetMutations';

/** Step 1: the guided choice of legal basis, each with its explanation. */
export function BasisStep({ asset, editable }: { asset: Asset; editable: boolean }) {
  const { t } = useTranslation();
  const refresh = useAssetRefresh(asset.id);
  const [basis, setBasis] = useState<LegalBasis | null>(asset.basis);
  const [note, setNote] = useState(asset.basisNote ?? '');
  const [until, setUntil] = useState<string | null>(toDateInput(asset.basisValidUntil));
  // With a basis chosen, the step shows a summary; "Change" opens the guided choice again.
  const [editing, setEditing] = useState(asset.basis === null);
  useEffect(() => {
    setBasis(asset.basis);
    setNote(asset.basisNote ?? '');
    setUntil(toDateInput(asset.basisValidUntil));
  }, [asset.basis, asset.basisNote, asset.basisValidUntil]);

  // Set when the server answered that this basis would override a withdrawal: who withdrew, and the basis to confirm.
  const [override, setOverride] = useState<{ basis: LegalBasis; names: string[] } | null>(null);
  const save = useMutation({
    mutationFn: ({ b, reason }: { b: LegalBasis | null; reason?: string }) =>
      unwrap(
        api.PUT('/api/v1/assets/{id}/basis', {
          params: { path: { id: asset.id } },
          body: {
            basis: b,
            note: b ? note.trim() || null : null,
            validUntil: b && BASES_WITH_END.includes(b) && until ? startOfDay(until) : null,
            ...(reason ? { overrideWithdrawal: { reason } } : {}),
          },
        }),
      ),
    onSuccess: (updated) => {
      setOverride(null);
      refresh(updated);
      notifySaved(t('basisStep.saved'));
      setEditing(updated.basis === null);
    },
    onError: (err, { b }) => {
      if (err instanceof LikenessApiError && err.code === 'withdrawal_override_required' && b) {
        const ids = ((err.details as { withdrawals?: Array<{ personId: string }> } | undefined)?.withdrawals ?? []).map((w) => w.personId);
        const names = [...new Set(ids)].map((pid) => asset.boxes.find((x) => x.personId === pid)?.personName ?? t('boxes.unknown'));
        setOverride({ basis: b, names });
        return;
      }
      notifyError(err);
    },
  });
  const overrideModal = (
    <OverrideWithdrawalModal
      opened={override !== null}
      names={override?.names ?? []}
      loading={save.isPending}
      onClose={() => setOverride(null)}
      onConfirm={(reason) => override && save.mutate({ b: override.basis, reason })}
    />
  );

  const dirty =
    basis !== asset.basis ||
    (note.trim() || null) !== (asset.basisNote ?? null) ||
    (basis !== null && BASES_WITH_END.includes(basis) && until !== toDateInput(asset.basisValidUntil));

  const summary = asset.basis ? (
    <Stack gap={4} data-testid="basis-summary" data-basis={asset.basis}>
      <Text fw={600}>{t(`basis.${asset.basis}.title`)}</Text>
      <Text size="sm" c="dimmed">
        {t(`basis.${asset.basis}.help`)}
      </Text>
      {asset.basisValidUntil && <Text size="sm">{t('basisStep.endsOn', { date: formatDate(asset.basisValidUntil) })}</Text>}
      {asset.basisNote && (
        <Text size="sm" fs="italic">
          “{asset.basisNote}”
        </Text>
      )}
    </Stack>
  ) : (
    <Text size="sm" c="dimmed">
      {t('basisStep.none')}
    </Text>
  );

  if (!editable || !editing) {
    return (
      <StepCard
        n={1}
        title={t('basisStep.title')}
        done={asset.basis !== null}
        testId="step-basis"
        right={
          editable && (
            <Button size="compact-sm" variant="light" onClick={() => setEditing(true)} data-testid="change-basis">
              {t('basisStep.change')}
            </Button>
          )
        }
      >
        {summary}
        {!editable && (
          <Text size="xs" c="dimmed" mt="sm" data-testid="basis-read-only">
            {t('basisStep.readOnly')}
          </Text>
        )}
      </StepCard>
    );
  }

  return (
    <StepCard n={1} title={t('basisStep.title')} done={asset.basis !== null} testId="step-basis">
      <Text size="sm" c="dimmed" mb="md">
        {t('basisStep.intro')}
      </Text>
      <Radio.Group value={basis} onChange={(v) => setBasis(v as LegalBasis)} aria-label={t('basisStep.title')}>
        <Stack gap="md">
          {BASIS_GROUPS.map((group) => (
            <div key={group.key}>
              <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={6} style={{ letterSpacing: '0.04em' }}>
                {t(`basisStep.groups.${group.key}`)}
              </Text>
              <SimpleGrid cols={1} spacing={6}>
                {group.bases.map((b) => (
                  <Radio.Card
                    key={b}
                    value={b}
                    radius="md"
                    p="sm"
                    data-testid={`basis-${b}`}
                    style={basis === b ? { borderColor: 'var(--mantine-color-brand-6)', background: 'var(--mantine-color-brand-0)' } : undefined}
                  >
                    <Group wrap="nowrap" align="flex-start" gap="sm">
                      <Radio.Indicator mt={2} />
                      <div>
                        <Text fw={600} size="sm">
                          {t(`basis.${b}.title`)}
                        </Text>
                        <Text size="xs" c="dimmed" mt={2}>
                          {t(`basis.${b}.help`)}
                        </Text>
                      </div>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            </div>
          ))}
        </Stack>
      </Radio.Group>
      {basis && BASES_WITH_END.includes(basis) && (
        <DatePickerInput
          mt="md"
          label={t('basisStep.validUntil')}
          description={t('basisStep.validUntilHelp')}
          leftSection={<IconCalendar size={16} />}
          value={until}
          onChange={(v) => setUntil(v ? String(v).slice(0, 10) : null)}
          clearable
          valueFormat="D MMM YYYY"
        />
      )}
      {basis && (
        <Textarea
          mt="md"
          label={t('basisStep.note')}
          description={t('basisStep.noteHelp')}
          autosize
          minRows={2}
          maxRows={6}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
      )}
      <Group justify="space-between" mt="md">
        {asset.basis ? (
          <Button variant="subtle" color="gray" size="xs" onClick={() => save.mutate({ b: null })} loading={save.isPending && save.variables?.b === null}>
            {t('basisStep.clear')}
          </Button>
        ) : (
          <span />
        )}
        <Group gap="xs">
          {asset.basis && (
            <Button
              variant="default"
              onClick={() => {
                setBasis(asset.basis);
                setEditing(false);
              }}
            >
              {t('common.cancel')}
            </Button>
          )}
          <Button
            onClick={() => save.mutate({ b: basis })}
            disabled={!dirty || !basis}
            loading={save.isPending && save.variables?.b !== null}
            data-testid="save-basis"
          >
            {t('basisStep.save')}
          </Button>
        </Group>
      </Group>
      {overrideModal}
    </StepCard>
  );
}
