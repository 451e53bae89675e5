import { Button } from '@mantine/core';
import { IconCompass } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components/QueryState';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <EmptyState icon={<IconCompass size={28} />} title={t('notFound.title')} heading={1}>
        {t('notFound.text')}
      </EmptyState>
      <Button component={Link} to="/" variant="light" display="block" mx="auto" w="fit-content">
        {t('notFound.back')}
      </Button>
    </>
  );
}
