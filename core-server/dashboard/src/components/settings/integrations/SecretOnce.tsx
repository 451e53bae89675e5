import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A secret shown once, with a copy button and a clear warning. */
export function SecretOnce({ opened, onClose, title, secret, hint }: { opened: boolean; onClose(): void; title: string; secret: string; hint: string }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} size="lg" closeOnClickOutside={false}>
      <Stack gap="md">
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          {hint}
        </Alert>
        <Group gap="xs" wrap="nowrap" align="stretch">
          <Code block style={{ flex: 1, fontSize: 13, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="secret-value">
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                color={copied ? 'teal' : undefined}
                onClick={copy}
                leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                style={{ height: 'auto' }}
              >
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('integrations.stored')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
