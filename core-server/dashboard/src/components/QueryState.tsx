import { Alert, Button, Center, Loader, Stack, Text, ThemeIcon, Title, type ButtonProps } from '@mantine/core';
import { IconAlertTriangle, IconMoodEmpty } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

export function Loading({ h = 200 }: { h?: number | string }) {
  return (
    <Center h={h}>
      <Loader size="sm" />
    </Center>
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('errors.title')}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error, t)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ icon, title, children, heading }: { icon?: ReactNode; title: string; children?: ReactNode; heading?: 1 | 2 | 3 }) {
  return (
    <Stack align="center" gap="xs" py={48} px="md" ta="center">
      <ThemeIcon size={52} radius="xl" variant="light" color="gray">
        {icon ?? <IconMoodEmpty size={28} stroke={1.5} />}
      </ThemeIcon>
      {/* A page made of nothing but this state (not found) gives its title as the page's heading. */}
      {heading ? (
        <Title order={heading} size="h3">
          {title}
        </Title>
      ) : (
        <Text fw={600}>{title}</Text>
      )}
      {children && (
        <Text c="dimmed" size="sm" maw={440}>
          {children}
        </Text>
      )}
    </Stack>
  );
}

/** What these components read of a TanStack query, plain or infinite. */
interface QueryLike<T> {
  status: 'pending' | 'error' | 'success';
  error: unknown;
  data: T | undefined;
  refetch(): unknown;
}

interface FallbackProps {
  /** Shown while the query loads (default: a spinner). */
  loading?: ReactNode;
  /** Offer a retry button with the error. */
  retry?: boolean;
}

/**
 * What to show instead of the data while a query loads or after it failed. For an early return:
 * `if (!query.isSuccess) return <QueryFallback query={query} />;` (TypeScript then knows the data is there).
 */
export function QueryFallback({ query, loading = <Loading />, retry = false }: { query: QueryLike<unknown> } & FallbackProps) {
  if (query.status === 'pending') return loading;
  if (query.status === 'success') return null;
  return <ErrorAlert error={query.error} onRetry={retry ? () => void query.refetch() : undefined} />;
}

/** True for a list answer (`{ items }`, or every page of an infinite query) that holds nothing. */
function isEmptyList(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  if ('items' in data && Array.isArray(data.items)) return data.items.length === 0;
  if ('pages' in data && Array.isArray(data.pages)) return data.pages.every(isEmptyList);
  return false;
}

/**
 * A query's usual rendering: the loading state, the error, `empty` when the answer holds nothing (by default:
 * a list without items), else `children(data)`.
 */
export function QueryView<T>({
  query,
  empty,
  isEmpty = isEmptyList,
  children,
  ...fallback
}: {
  query: QueryLike<T>;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
} & FallbackProps) {
  if (query.status !== 'success') return <QueryFallback query={query} {...fallback} />;
  const data = query.data as T;
  if (empty !== undefined && isEmpty(data)) return empty;
  return children(data);
}

/** "Load more" under an infinite list, while it has another page. */
export function LoadMore({ query, ...props }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): unknown } } & ButtonProps) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <Button variant="default" mx="auto" {...props} onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
      {t('common.loadMore')}
    </Button>
  );
}
