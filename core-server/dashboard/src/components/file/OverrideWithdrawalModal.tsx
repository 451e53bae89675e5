import { Alert, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions, FormModal } from '../FormModal';

/**
 * The server refused a basis other than consent because a tagged person withdrew (409
 * withdrawal_override_required): asks for the reason that confirms the override, kept in the audit log.
 */
export function OverrideWithdrawalModal({
  opened,
  names,
  loading,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  names: string[];
  loading: boolean;
  onClose(): void;
  onConfirm(reason: string): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const valid = reason.trim().length >= 3;
  return (
    <FormModal opened={opened} onClose={onClose} title={t('basisStep.override.title')} onSubmit={() => valid && onConfirm(reason.trim())}>
      <Stack gap="md" data-testid="override-withdrawal">
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          <Text size="sm">{t('basisStep.override.text', { names: names.join(', ') })}</Text>
        </Alert>
        <Textarea
          label={t('basisStep.override.reason')}
          description={t('basisStep.override.reasonHelp')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          required
          data-autofocus
          data-testid="override-reason"
        />
        <FormActions
          onCancel={onClose}
          submit={t('basisStep.override.confirm')}
          color="red"
          disabled={!valid}
          loading={loading}
          data-testid="override-confirm"
        />
      </Stack>
    </FormModal>
  );
}
