import { Box, Breadcrumbs, Anchor, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function PageHeader({
  title,
  subtitle,
  actions,
  crumbs,
  badge,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  crumbs?: Array<{ label: string; to: string }>;
  badge?: ReactNode;
}) {
  return (
    <Box mb="lg">
      {crumbs && (
        <Breadcrumbs mb={6} separatorMargin={6} fz="sm">
          {crumbs.map((c) => (
            <Anchor key={c.to} component={Link} to={c.to} size="sm" c="dimmed">
              {c.label}
            </Anchor>
          ))}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" gap="md">
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Group gap="sm" align="center" wrap="nowrap">
            <Title order={1} style={{ overflowWrap: 'anywhere' }}>
              {title}
            </Title>
            {badge}
          </Group>
          {subtitle && (
            <Text c="dimmed" size="sm" mt={4}>
              {subtitle}
            </Text>
          )}
        </Box>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
    </Box>
  );
}
