import { ActionIcon, Indicator, Popover, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNotifications } from '../lib/notifications';
import { NotificationList } from './NotificationList';

export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, { close, toggle }] = useDisclosure(false);
  const { data } = useNotifications();
  const unread = data?.unread ?? 0;
  return (
    // The badge wraps the popover, not the other way round: the popover's target must be the button itself,
    // or its aria-haspopup/aria-expanded land on the badge's div, where they are not allowed.
    <Indicator label={unread > 99 ? '99+' : unread} size={17} disabled={unread === 0} color="red" offset={5}>
      <Popover opened={opened} onChange={(o) => (o ? undefined : close())} width={360} position="bottom-end" shadow="lg" trapFocus>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray" size="lg" onClick={toggle} aria-label={t('notifications.title') + (unread ? ` (${unread})` : '')}>
            <IconBell size={20} stroke={1.7} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs">
          <Text fw={600} size="sm" px="xs" pb={4}>
            {t('notifications.title')}
          </Text>
          <ScrollArea.Autosize mah={420}>
            <NotificationList items={data?.items ?? []} onOpen={close} />
          </ScrollArea.Autosize>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
