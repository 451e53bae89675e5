import { Box, Group, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notification } from '../lib/api';
import { formatDate, formatRelative } from '../lib/format';
import { useMarkRead } from '../lib/notifications';

/** Warnings, e.g. agreements about to expire; opening one marks it read and shows the person. */
export function NotificationList({ items, onOpen }: { items: Notification[]; onOpen?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const markRead = useMarkRead();
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm" py="sm">
        {t('notifications.empty')}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {items.map((n) => (
        <UnstyledButton
          key={n.id}
          onClick={() => {
            if (!n.read) markRead.mutate(n.id);
            onOpen?.();
            if (n.personId) void navigate(`/persons/${n.personId}`);
          }}
          p="xs"
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
          className="lk-notification"
        >
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon variant="light" color={n.read ? 'gray' : 'yellow'} radius="xl" size={30}>
              <IconClockExclamation size={17} />
            </ThemeIcon>
            <Box style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" fw={n.read ? 400 : 600}>
                {t('notifications.expiring', { name: n.data.personName, date: formatDate(n.data.validUntil) })}
              </Text>
              <Text size="xs" c="dimmed">
                {n.data.channels.join(', ')} · {formatRelative(n.createdAt)}
              </Text>
            </Box>
            {!n.read && (
              <Box w={8} h={8} mt={6} style={{ borderRadius: 8, background: 'var(--mantine-color-brand-6)' }} aria-label={t('notifications.unread')} />
            )}
          </Group>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
