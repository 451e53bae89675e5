import type { TFunction } from 'i18next';
import type { StatusReason } from './api';
import { formatDate } from './format';

/** One sentence for a status reason, e.g. "Sara Ek: consent withdrawn". */
export function reasonText(reason: StatusReason, t: TFunction, personName: (id: string) => string): string {
  const person = reason.personId ? personName(reason.personId) : '';
  const date = formatDate(reason.until ?? null);
  return t(`reasons.${reason.code}`, { person, date });
}

/** The reasons worth showing for a channel: what blocks approval, or (when approved) what it rests on. */
export function headlineReasons(reasons: StatusReason[]): StatusReason[] {
  const blocking = reasons.filter((r) => !['consent_valid', 'person_deceased', 'basis_without_consent', 'basis_outside_gdpr'].includes(r.code));
  return blocking.length ? blocking : reasons;
}

/** The label of an audit action, or its code when it has none (yet). */
export function actionLabel(action: string, t: TFunction): string {
  return t(`audit.actions.${action}` as 'audit.actions.auth.login', { defaultValue: action });
}
