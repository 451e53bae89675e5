import { Badge, Tooltip, type BadgeProps, type MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgreementState, ConsentState, GdprStatus } from '../lib/api';
import { AGREEMENT_COLOR, CONSENT_COLOR, STATUS_COLOR } from '../lib/status';

const dot = (color: string) => (
  <span aria-hidden="true" style={{ display: 'inline-block', width: 7, height: 7, borderRadius: 7, background: `var(--mantine-color-${color}-6)` }} />
);

/** A file's GDPR status in one channel. The label carries the meaning; the colour only helps. */
export function StatusBadge({ status, withTooltip = true, ...props }: { status: GdprStatus | 'unknown'; withTooltip?: boolean } & BadgeProps) {
  const { t } = useTranslation();
  const color = status === 'unknown' ? 'gray' : STATUS_COLOR[status];
  const badge = (
    <Badge variant="light" color={color} leftSection={dot(color)} data-status={status} {...props}>
      {t(`status.${status}`)}
    </Badge>
  );
  if (!withTooltip || status === 'unknown') return badge;
  return <Tooltip label={t(`statusHelp.${status}`)}>{badge}</Tooltip>;
}

/** A person's consent summary over all their agreements. */
export function ConsentBadge({ state, ...props }: { state: ConsentState } & BadgeProps) {
  const { t } = useTranslation();
  const color = CONSENT_COLOR[state];
  return (
    <Badge variant="light" color={color} leftSection={dot(color)} data-consent={state} {...props}>
      {t(`consent.${state}`)}
    </Badge>
  );
}

export function AgreementStateBadge({ state, ...props }: { state: AgreementState } & BadgeProps) {
  const { t } = useTranslation();
  const color = AGREEMENT_COLOR[state];
  return (
    <Badge variant="light" color={color} leftSection={dot(color)} data-agreement-state={state} {...props}>
      {t(`agreementState.${state}`)}
    </Badge>
  );
}

/** "Minor" and "Deceased", where they apply to a person. */
export function PersonBadges({ person, size }: { person: { minor: boolean; deceased: boolean }; size: MantineSize }) {
  const { t } = useTranslation();
  return (
    <>
      {person.minor && (
        <Badge size={size} variant="light" color="blue">
          {t('persons.minor')}
        </Badge>
      )}
      {person.deceased && (
        <Badge size={size} variant="light" color="gray">
          {t('persons.deceased')}
        </Badge>
      )}
    </>
  );
}
