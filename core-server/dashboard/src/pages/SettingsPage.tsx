import { Stack, Tabs } from '@mantine/core';
import { IconAdjustments, IconForms, IconPlugConnected, IconShieldLock, IconSignature, IconUsersGroup } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import { ConsentSettingsTab } from '../components/settings/ConsentSettingsTab';
import { CustomFieldsSettings } from '../components/settings/CustomFieldsSettings';
import { GeneralSettings } from '../components/settings/GeneralSettings';
import { IntegrationsSettings } from '../components/settings/IntegrationsSettings';
import { SessionsPanel } from '../components/settings/SessionsPanel';
import { UsersSettings } from '../components/settings/UsersSettings';
import { RolesSettings } from '../components/settings/roles/RolesSettings';
import { useCan } from '../lib/auth';

export default function SettingsPage() {
  const { t } = useTranslation();
  const { tab = 'general' } = useParams();
  const navigate = useNavigate();
  const canUsers = useCan('users:manage');
  const canRoles = useCan('roles:manage');
  const canKeys = useCan('apikeys:manage');
  const tabs = [
    { value: 'general', label: t('settings.tabs.general'), icon: IconAdjustments, panel: <GeneralSettings /> },
    { value: 'fields', label: t('settings.tabs.fields'), icon: IconForms, panel: <CustomFieldsSettings /> },
    { value: 'consent', label: t('settings.tabs.consent'), icon: IconSignature, panel: <ConsentSettingsTab /> },
    ...(canUsers ? [{ value: 'users', label: t('settings.tabs.users'), icon: IconUsersGroup, panel: (
            <Stack gap="lg">
              <UsersSettings />
              <SessionsPanel />
            </Stack>
          ),
        }] : []),
    ...(canUsers || canRoles ? [{ value: 'roles', label: t('settings.tabs.roles'), icon: IconShieldLock, panel: <RolesSettings /> }] : []),
    ...(canKeys ? [{ value: 'integrations', label: t('settings.tabs.integrations'), icon: IconPlugConnected, panel: <IntegrationsSettings /> }] : []),
  ];
  if (!tabs.some((x) => x.value === tab)) return <Navigate to="/settings/general" replace />;
  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Tabs value={tab} onChange={(v) => v && void navigate(`/settings/${v}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          {tabs.map((x) => (
            <Tabs.Tab key={x.value} value={x.value} leftSection={<x.icon size={16} />}>
              {x.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((x) => (
          <Tabs.Panel key={x.value} value={x.value}>
            {x.panel}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
