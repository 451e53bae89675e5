import { Chip, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Pick channels as chips, under the label "Channels". */
export function ChannelChips({ channels, value, onChange }: { channels: string[]; value: string[]; onChange(value: string[]): void }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="sm" fw={500} mb={6}>
        {t('agreementForm.channels')}
      </Text>
      <Chip.Group multiple value={value} onChange={onChange}>
        <Group gap="xs">
          {channels.map((c) => (
            <Chip key={c} value={c} variant="light">
              {c}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </div>
  );
}
