import { Group, Text } from '@mantine/core';

export function Logo({ size = 30 }: { size?: number }) {
  return (
    <Group gap={9} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-brand-7)" />
        <circle cx="16" cy="13" r="5.5" fill="none" stroke="#fff" strokeWidth="2.5" />
        <path d="M7 26c1.8-4.2 5.2-6.3 9-6.3s7.2 2.1 9 6.3" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
        <path d="M21 8.5l2 2 4-4" fill="none" stroke="#b2f2bb" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <Text fw={700} size="lg" style={{ letterSpacing: '-0.01em' }}>
        Likeness
      </Text>
    </Group>
  );
}
