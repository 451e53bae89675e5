import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      radius="xl"
      aria-label={t('shell.language')}
      data-testid="language-switch"
      value={i18n.language}
      onChange={(v) => setLanguage(v as Language)}
      data={[
        { value: 'sv', label: 'SV' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}
