import { useIntl } from 'react-intl';
import en from '../translations/en.json';
import { t } from '../pluginId';

type Key = keyof typeof en;

/** Plugin messages with the English text as fallback. */
export function useT() {
  const intl = useIntl();
  return (key: Key, values?: Record<string, string | number>) => intl.formatMessage({ id: t(key), defaultMessage: en[key] }, values);
}
