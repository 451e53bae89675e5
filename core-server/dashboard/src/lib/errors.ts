import { notifications } from '@mantine/notifications';
import i18n, { type TFunction } from 'i18next';
import { LikenessApiError } from './api';

const KNOWN = [
  'forbidden',
  'csrf_rejected',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'invalid_file',
  'image_too_large',
  'rate_limited',
  'invalid_credentials',
  'network_error',
  'person_in_use',
  'channel_unknown',
  'agreement_sealed',
] as const;
type Known = (typeof KNOWN)[number];

/** A message for the user: our own wording for the codes we know, else the server's message. */
export function errorMessage(err: unknown, t: TFunction = i18n.t): string {
  if (err instanceof LikenessApiError) {
    if ((KNOWN as readonly string[]).includes(err.code)) return t(`errors.codes.${err.code as Known}`);
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export function notifyError(err: unknown) {
  notifications.show({ color: 'red', title: i18n.t('errors.title'), message: errorMessage(err) });
}

export function notifySaved(message?: string) {
  notifications.show({ color: 'teal', message: message ?? i18n.t('common.saved'), autoClose: 2500 });
}

/** Field → message from a validation_failed answer, for showing next to the inputs. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof LikenessApiError) || err.code !== 'validation_failed') return {};
  const issues = (err.details as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path] ??= i.message;
  return out;
}

/** An onError for a form: validation errors go next to the inputs (through `setErrors`), any other error to a notification. */
export function showFieldErrors(setErrors: (errors: Record<string, string>) => void) {
  return (err: unknown) => {
    const f = fieldErrors(err);
    setErrors(f);
    if (Object.keys(f).length === 0) notifyError(err);
  };
}
