import { Card, Group, Text, ThemeIcon } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A numbered step of the approval workflow; the number turns into a check mark when the step is done. */
export function StepCard({
  n,
  title,
  done,
  children,
  testId,
  right,
}: {
  n: number;
  title: string;
  done: boolean;
  children: ReactNode;
  testId?: string;
  right?: ReactNode;
}) {
  return (
    <Card padding="lg" data-testid={testId} data-done={done}>
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon radius="xl" size={28} variant={done ? 'filled' : 'light'} color={done ? 'teal' : 'brand'} aria-hidden="true">
            {done ? (
              <IconCheck size={16} stroke={2.5} />
            ) : (
              <Text fw={700} size="sm">
                {n}
              </Text>
            )}
          </ThemeIcon>
          <Text fw={650} size="md" component="h2" m={0}>
            {title}
          </Text>
        </Group>
        {right}
      </Group>
      {children}
    </Card>
  );
}
