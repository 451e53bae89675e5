import { Anchor, Badge, Code, Group, Table, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconRobot, IconUser, IconKey } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEvent } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { actionLabel } from '../lib/reasons';

const ACTION_COLOR: Record<string, string> = {
  created: 'teal',
  uploaded: 'teal',
  attached: 'teal',
  withdrawn: 'pink',
  deleted: 'red',
  revoked: 'red',
  login_failed: 'red',
  basis_set: 'brand',
};

function actionColor(action: string): string {
  const verb = action.split('.')[1] ?? '';
  return ACTION_COLOR[verb] ?? 'gray';
}

const show = (v: unknown): string => {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v.length > 60 ? `${v.slice(0, 57)}…` : v;
  const json = JSON.stringify(v);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
};

/** "field: old → new" for each field the event touched. */
export function auditChanges(e: AuditEvent): Array<{ key: string; before?: unknown; after?: unknown }> {
  const before = (e.before && typeof e.before === 'object' ? e.before : {}) as Record<string, unknown>;
  const after = (e.after && typeof e.after === 'object' ? e.after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) || !(k in before))
    .map((k) => ({ key: k, ...(k in before ? { before: before[k] } : {}), ...(k in after ? { after: after[k] } : {}) }));
}

function entityLink(e: AuditEvent): string | null {
  if (!e.entityId) return null;
  if (e.entityType === 'asset') return `/files/${e.entityId}`;
  if (e.entityType === 'person') return `/persons/${e.entityId}`;
  return null;
}

/** Audit events as a table; each row expands to show the full before/after. */
export function AuditTable({ events, showEntity = true }: { events: AuditEvent[]; showEntity?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table data-testid="audit-table" highlightOnHover={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={28}>
              <VisuallyHidden>{t('audit.details')}</VisuallyHidden>
            </Table.Th>
            <Table.Th w={70}>#</Table.Th>
            <Table.Th w={170}>{t('audit.when')}</Table.Th>
            <Table.Th w={200}>{t('audit.who')}</Table.Th>
            <Table.Th w={210}>{t('audit.what')}</Table.Th>
            {showEntity && <Table.Th w={120}>{t('audit.entity')}</Table.Th>}
            <Table.Th>{t('audit.changes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => {
            const changes = auditChanges(e);
            const link = entityLink(e);
            const expanded = open === e.id;
            const ActorIcon = e.actorType === 'user' ? IconUser : e.actorType === 'api_key' ? IconKey : IconRobot;
            return (
              <Fragment key={e.id}>
                <Table.Tr data-action={e.action}>
                  <Table.Td>
                    <UnstyledButton onClick={() => setOpen(expanded ? null : e.id)} aria-expanded={expanded} aria-label={t('audit.details')}>
                      {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {e.seq}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(e.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <ActorIcon size={15} color="var(--mantine-color-gray-6)" aria-label={t(`audit.actor.${e.actorType}`)} />
                      <Text size="sm" lineClamp={1}>
                        {e.actorLabel ?? t(`audit.actor.${e.actorType}`)}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={actionColor(e.action)} maw="none">
                      {actionLabel(e.action, t)}
                    </Badge>
                  </Table.Td>
                  {showEntity && (
                    <Table.Td>
                      {link ? (
                        <Anchor component={Link} to={link} size="sm">
                          {t(`audit.entityTypes.${e.entityType}`, { defaultValue: e.entityType })}
                        </Anchor>
                      ) : (
                        <Text size="sm">{t(`audit.entityTypes.${e.entityType}`, { defaultValue: e.entityType })}</Text>
                      )}
                    </Table.Td>
                  )}
                  <Table.Td maw={380}>
                    <Tooltip label={changes.map((c) => c.key).join(', ')} disabled={changes.length < 3}>
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {changes
                          .map((c) =>
                            c.before !== undefined && c.after !== undefined
                              ? `${c.key}: ${show(c.before)} → ${show(c.after)}`
                              : `${c.key}: ${show(c.after ?? c.before)}`,
                          )
                          .join(' · ') || '–'}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr>
                    <Table.Td colSpan={showEntity ? 7 : 6} bg="gray.0">
                      <Group align="flex-start" grow gap="md">
                        <div>
                          <Text size="xs" fw={600} mb={4}>
                            {t('audit.before')}
                          </Text>
                          <Code block>{JSON.stringify(e.before, null, 2) ?? 'null'}</Code>
                        </div>
                        <div>
                          <Text size="xs" fw={600} mb={4}>
                            {t('audit.after')}
                          </Text>
                          <Code block>{JSON.stringify(e.after, null, 2) ?? 'null'}</Code>
                        </div>
                      </Group>
                      <Text size="xs" c="dimmed" mt="xs" ff="monospace">
                        {e.entityType} {e.entityId ?? ''} · {e.ip ?? ''} · {t('audit.hash')} {e.hash.slice(0, 16)}…
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
