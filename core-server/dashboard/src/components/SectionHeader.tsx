import { Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** The heading of a settings card: a title (with an optional icon), a line of help below, an action on the right. */
export function SectionHeader({ icon, title, help, action }: { icon?: ReactNode; title: string; help: string; action?: ReactNode }) {
  const heading = <Text fw={600}>{title}</Text>;
  return (
    <Group justify="space-between" mb="md" align="flex-start">
      <div>
        {icon ? (
          <Group gap="xs">
            {icon}
            {heading}
          </Group>
        ) : (
          heading
        )}
        <Text size="sm" c="dimmed" maw={640}>
          {help}
        </Text>
      </div>
      {action}
    </Group>
  );
}
