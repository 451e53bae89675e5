import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type ConsentRequest } from '../../lib/api';
import { notifyError, notifySaved } from '../../lib/errors';

const CHECK = {
  personal_number: { color: 'teal', key: 'consentRequests.signerPersonalNumber' },
  name_match: { color: 'teal', key: 'consentRequests.signerNameMatch' },
  name_mismatch: { color: 'orange', key: 'consentRequests.signerNameMismatch' },
} as const;

/** Who signed (how BankID tied them to the person) and corrections waiting for staff, on one request. */
export function SignerReview({ request, canWrite }: { request: ConsentRequest; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const check = request.signerCheck ? CHECK[request.signerCheck] : null;
  const c = request.correction;
  const review = async (decision: 'accept' | 'reject') => {
    try {
      await unwrap(api.POST('/api/v1/consent/requests/{id}/correction', { params: { path: { id: request.id } }, body: { decision } }));
      void queryClient.invalidateQueries({ queryKey: ['consent'] });
      void queryClient.invalidateQueries({ queryKey: ['persons'] });
      notifySaved(decision === 'accept' ? t('consentRequests.correctionAccepted') : t('consentRequests.correctionRejected'));
    } catch (err) {
      notifyError(err);
    }
  };
  if (!check && !c) return null;
  return (
    <Stack gap={4} mt={4}>
      {check && (
        <Badge variant="light" color={check.color} size="sm" style={{ whiteSpace: 'normal', height: 'auto' }} data-testid="signer-check">
          {t(check.key)}
        </Badge>
      )}
      {c?.status === 'pending' && (
        <>
          <Text size="xs" c="orange" data-testid="correction-pending">
            {t('consentRequests.correctionPending', { fields: c.fields.map((f) => t(`consentRequests.correctionFields.${f}`)).join(', ') })}
          </Text>
          {canWrite && (
            <Group gap={4}>
              <Button size="compact-xs" variant="light" onClick={() => void review('accept')}>
                {t('consentRequests.correctionAccept')}
              </Button>
              <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void review('reject')}>
                {t('consentRequests.correctionReject')}
              </Button>
            </Group>
          )}
        </>
      )}
      {c && c.status !== 'pending' && (
        <Text size="xs" c="dimmed">
          {t(c.status === 'accepted' ? 'consentRequests.correctionAccepted' : 'consentRequests.correctionRejected')}
        </Text>
      )}
    </Stack>
  );
}
