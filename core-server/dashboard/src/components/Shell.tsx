import { Anchor, AppShell, Avatar, Badge, Box, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconChevronDown,
  IconFileCertificate,
  IconLayoutDashboard,
  IconLogout,
  IconPhoto,
  IconSettings,
  IconShieldCheck,
  IconSignature,
  IconUsers,
  IconFileSearch,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { roleText } from '../lib/roles';
import { Link, useLocation } from 'react-router';
import { hasStoredLanguage } from '../i18n';
import { api } from '../lib/api';
import { useCan, useMe } from '../lib/auth';
import { useLive } from '../lib/live';
import { LanguageSwitch } from './LanguageSwitch';
import { LiveAnnouncer } from './LiveAnnouncer';
import { Logo } from './Logo';
import { NotificationBell } from './NotificationBell';

/** The server-rendered accessibility statement, in the dashboard's language and for this organisation. */
export function accessibilityHref(language: string, slug?: string): string {
  const lang = language === 'en' ? 'en' : 'sv';
  return `/accessibility?${slug ? `org=${encodeURIComponent(slug)}&` : ''}lang=${lang}`;
}

function LiveIndicator() {
  const { t } = useTranslation();
  const { state } = useLive();
  const color = state === 'live' ? 'teal' : state === 'connecting' ? 'gray' : 'red';
  return (
    <Tooltip label={t(`live.help.${state}`)}>
      <Badge
        variant="light"
        color={color}
        size="lg"
        radius="xl"
        data-testid="live-indicator"
        data-state={state}
        leftSection={<Box w={8} h={8} style={{ borderRadius: 8, background: `var(--mantine-color-${color}-6)` }} />}
        style={{ fontWeight: 600 }}
      >
        {t(`live.${state}`)}
      </Badge>
    </Tooltip>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const logout = async () => {
    await api.POST('/api/v1/auth/logout');
    queryClient.clear();
    queryClient.setQueryData(['me'], null);
  };
  const initials = me.name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const role = me.role ? roleText(t, { id: me.role, name: me.roleName ?? '', description: null }).name : '';
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        {/* The name contains the visible text (WCAG 2.5.3), led by what the button is for; the {' '} between name
            and role keeps them two words in that visible text. */}
        <UnstyledButton aria-label={`${t('shell.userMenu')}: ${me.name} ${role}`.trim()} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            {/* Initials drawn by CSS: decoration, so they stay out of the button's visible text and its name. */}
            <Avatar radius="xl" size={32} color="brand" variant="filled" aria-hidden>
              <span className="lk-initials" data-initials={initials} />
            </Avatar>
            <Box visibleFrom="md" style={{ lineHeight: 1.2 }}>
              <Text size="sm" fw={600} lineClamp={1}>
                {me.name}
              </Text>{' '}
              <Text size="xs" c="dimmed">
                {role}
              </Text>
            </Box>
            <IconChevronDown size={14} stroke={1.8} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.email}</Menu.Label>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
          {t('shell.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const canAudit = useCan('audit:read');
  const canSettings = useCan('settings:read');

  useEffect(() => {
    if (!hasStoredLanguage() && me.locale !== i18n.language) void i18n.changeLanguage(me.locale);
  }, [me.locale, i18n]);
  useEffect(close, [location.pathname, close]);

  const nav = [
    { to: '/', label: t('nav.overview'), icon: IconLayoutDashboard, exact: true },
    { to: '/files', label: t('nav.files'), icon: IconPhoto },
    { to: '/persons', label: t('nav.persons'), icon: IconUsers },
    { to: '/consent', label: t('nav.consent'), icon: IconSignature },
    { to: '/documents', label: t('nav.documents'), icon: IconFileSearch },
    ...(canAudit ? [{ to: '/audit', label: t('nav.audit'), icon: IconShieldCheck }] : []),
    ...(canSettings ? [{ to: '/settings', label: t('nav.settings'), icon: IconSettings }] : []),
  ];
  const isActive = (to: string, exact?: boolean) => (exact ? location.pathname === to : location.pathname === to || location.pathname.startsWith(`${to}/`));

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 236, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={0}>
      <a className="lk-skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <LiveAnnouncer />
      <AppShell.Header px="md" style={{ borderBottomColor: 'var(--mantine-color-gray-2)' }}>
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.menu')} />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }} aria-label="Likeness">
              <Logo />
            </Link>
            <Text c="dimmed" size="sm" visibleFrom="sm" lineClamp={1}>
              {me.organisation.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Box visibleFrom="xs">
              <LiveIndicator />
            </Box>
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" style={{ borderRightColor: 'var(--mantine-color-gray-2)' }}>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={4} component="nav" aria-label={t('shell.navigation')}>
            {nav.map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                leftSection={<item.icon size={19} stroke={1.7} />}
                active={isActive(item.to, item.exact)}
                aria-current={isActive(item.to, item.exact) ? 'page' : undefined}
                variant="light"
                style={{ borderRadius: 'var(--mantine-radius-md)', fontWeight: 500 }}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Group gap={6} px="xs" pb={4} c="dimmed">
            <IconFileCertificate size={14} />
            <Text size="xs">{t('shell.footer')}</Text>
          </Group>
          {/* A plain page outside the SPA: the statement must also open for people who cannot log in. */}
          <Anchor href={accessibilityHref(i18n.language, me.organisation.slug)} size="xs" px="xs" pb={4} display="block" data-testid="accessibility-link">
            {t('shell.accessibility')}
          </Anchor>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Box px={{ base: 'md', md: 'xl' }} py="lg" maw={1480} mx="auto">
          {children}
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
