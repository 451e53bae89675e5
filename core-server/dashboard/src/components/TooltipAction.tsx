import { ActionIcon, Tooltip, type ActionIconProps } from '@mantine/core';
import type { MouseEvent, ReactNode } from 'react';

/**
 * An icon button with its name as a tooltip. The accessible name is the tooltip's text unless `aria-label`
 * says more (e.g. "Remove: Anna").
 */
export function TooltipAction({
  label,
  children,
  variant = 'subtle',
  color = 'gray',
  ...props
}: {
  label: string;
  children: ReactNode;
  onClick(e: MouseEvent<HTMLButtonElement>): void;
  'aria-label'?: string;
  'data-testid'?: string;
} & ActionIconProps) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant={variant} color={color} aria-label={label} {...props}>
        {children}
      </ActionIcon>
    </Tooltip>
  );
}
