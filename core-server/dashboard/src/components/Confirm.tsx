import { Button, Group, Modal, Text } from '@mantine/core';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../lib/errors';

interface ConfirmOptions {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** When declining still goes ahead, just without the offered part (e.g. "Later"). */
  cancelLabel?: string;
  danger?: boolean;
}

type Confirm = (options: ConfirmOptions) => Promise<boolean>;
const ConfirmContext = createContext<Confirm | null>(null);

/** One confirmation dialog for the app: `if (await confirm({...})) …`. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<ConfirmOptions | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const confirm = useCallback<Confirm>(
    (o) =>
      new Promise<boolean>((resolve) => {
        resolver.current?.(false);
        resolver.current = resolve;
        setOptions(o);
      }),
    [],
  );
  const settle = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setOptions(null);
  };
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <Modal opened={options !== null} onClose={() => settle(false)} title={<Text fw={650}>{options?.title}</Text>} size="md">
        <Text size="sm" component="div">
          {options?.message}
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => settle(false)}>
            {options?.cancelLabel ?? t('common.cancel')}
          </Button>
          <Button color={options?.danger ? 'red' : undefined} onClick={() => settle(true)} data-testid="confirm-button" data-autofocus>
            {options?.confirmLabel}
          </Button>
        </Group>
      </Modal>
    </ConfirmContext.Provider>
  );
}

export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm outside ConfirmProvider');
  return confirm;
}

/** Asks first; once confirmed runs `action`, and shows an error it throws as a notification. */
export function useConfirmedAction(): (options: ConfirmOptions, action: () => Promise<unknown>) => Promise<void> {
  const confirm = useConfirm();
  return async (options, action) => {
    if (!(await confirm(options))) return;
    try {
      await action();
    } catch (err) {
      notifyError(err);
    }
  };
}
