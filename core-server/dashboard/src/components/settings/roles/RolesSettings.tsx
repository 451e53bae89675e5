import { Badge, Button, Card, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconCopy, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { permissionsBeyond } from '@likeness/shared/access';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api';
import { useCan, useMe } from '../../../lib/auth';
import { useInvalidate } from '../../../lib/query';
import { permissionKey, roleText, rolesQuery } from '../../../lib/roles';
import { useConfirmedAction } from '../../Confirm';
import { QueryView } from '../../QueryState';
import { SectionHeader } from '../../SectionHeader';
import { TooltipAction } from '../../TooltipAction';
import { RoleModal, type RoleDraft } from './RoleModal';

/** The four presets and the organisation's own roles; owners define roles as sets of permissions. */
export function RolesSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const canManage = useCan('roles:manage');
  const invalidate = useInvalidate();
  const confirmed = useConfirmedAction();
  const roles = useQuery(rolesQuery);
  const [draft, setDraft] = useState<RoleDraft | null>(null);
  const remove = (id: string, name: string) =>
    confirmed({ title: t('settings.roles.deleteTitle'), message: t('settings.roles.deleteText', { name }), confirmLabel: t('settings.roles.delete'), danger: true }, async () => {
      await unwrap(api.DELETE('/api/v1/roles/{id}', { params: { path: { id } } }));
      invalidate('roles', 'settings');
    });
  return (
    <Card padding="lg">
      <SectionHeader
        title={t('settings.roles.title')}
        help={t('settings.roles.help')}
        action={
          canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDraft({ id: null, name: '', description: '', permissions: [] })} data-testid="new-role">
              {t('settings.roles.new')}
            </Button>
          )
        }
      />
      <QueryView query={roles}>
        {(data) => (
          <Table.ScrollContainer minWidth={720}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.roles.name')}</Table.Th>
                  <Table.Th>{t('settings.roles.permissions')}</Table.Th>
                  <Table.Th w={90}>{t('settings.roles.users')}</Table.Th>
                  <Table.Th w={120} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((r) => {
                  const { name, description } = roleText(t, r);
                  const mine = permissionsBeyond(me.permissions, r.permissions).length === 0;
                  return (
                    <Table.Tr key={r.id} data-testid="role-row">
                      <Table.Td>
                        <Group gap="xs">
                          <Text size="sm" fw={600}>
                            {name}
                          </Text>
                          {r.builtIn && (
                            <Badge size="xs" variant="light" color="gray">
                              {t('settings.roles.builtIn')}
                            </Badge>
                          )}
                        </Group>
                        {description && (
                          <Text size="xs" c="dimmed">
                            {description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Tooltip multiline w={320} label={r.permissions.map((p) => t(`permissions.${permissionKey(p)}.label`)).join(', ')}>
                          <Text size="sm" tabIndex={0}>
                            {t('settings.roles.permissionCount', { count: r.permissions.length })}
                          </Text>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.users}</Text>
                      </Table.Td>
                      <Table.Td>
                        {canManage && (
                          <Group gap={4} justify="flex-end" wrap="nowrap">
                            <TooltipAction
                              label={t('settings.roles.copy')}
                              aria-label={`${t('settings.roles.copy')}: ${name}`}
                              onClick={() =>
                                setDraft({ id: null, name: t('settings.roles.copyName', { name }), description: description ?? '', permissions: r.permissions.filter((p) => me.permissions.includes(p)) })
                              }
                            >
                              <IconCopy size={16} />
                            </TooltipAction>
                            {!r.builtIn && mine && (
                              <>
                                <TooltipAction
                                  label={t('settings.roles.edit')}
                                  aria-label={`${t('settings.roles.edit')}: ${name}`}
                                  onClick={() => setDraft({ id: r.id, name: r.name, description: r.description ?? '', permissions: r.permissions })}
                                >
                                  <IconPencil size={16} />
                                </TooltipAction>
                                <TooltipAction
                                  label={r.users > 0 ? t('settings.roles.inUse', { count: r.users }) : t('settings.roles.delete')}
                                  aria-label={`${t('settings.roles.delete')}: ${name}`}
                                  color="red"
                                  disabled={r.users > 0}
                                  onClick={() => void remove(r.id, name)}
                                >
                                  <IconTrash size={16} />
                                </TooltipAction>
                              </>
                            )}
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
      <RoleModal draft={draft} onClose={() => setDraft(null)} />
    </Card>
  );
}
