import { Button, Group, Modal, Text, type ButtonProps, type MantineSize, type MantineSpacing, type StyleProp } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The buttons under a form in a dialog: Cancel, then the submit button. With `secondary`, that sits at the far left
 * (e.g. "Preview") and the two buttons at the right.
 */
export function FormActions({
  onCancel,
  submit,
  secondary,
  mt,
  ...submitProps
}: {
  onCancel(): void;
  submit: ReactNode;
  secondary?: ReactNode;
  mt?: StyleProp<MantineSpacing>;
  'data-testid'?: string;
} & ButtonProps) {
  const { t } = useTranslation();
  const buttons = (
    <>
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" {...submitProps}>
        {submit}
      </Button>
    </>
  );
  if (secondary === undefined)
    return (
      <Group justify="flex-end" mt={mt}>
        {buttons}
      </Group>
    );
  return (
    <Group justify="space-between" mt={mt}>
      {secondary}
      <Group gap="xs">{buttons}</Group>
    </Group>
  );
}

/** A dialog holding one form: its title, and `onSubmit` on Enter or the submit button (the page does not reload). */
export function FormModal({
  opened,
  onClose,
  title,
  size,
  onSubmit,
  noValidate,
  children,
}: {
  opened: boolean;
  onClose(): void;
  title: ReactNode;
  size?: MantineSize;
  onSubmit(): void;
  noValidate?: boolean;
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onClose} size={size} title={<Text fw={650}>{title}</Text>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        noValidate={noValidate}
      >
        {children}
      </form>
    </Modal>
  );
}
