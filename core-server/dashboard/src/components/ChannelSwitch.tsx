import { Group, SegmentedControl, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useChannel } from '../lib/channel';

/** Chooses the channel whose status the view shows. */
export function ChannelSwitch() {
  const { t } = useTranslation();
  const { channels, channel, setChannel } = useChannel();
  if (channels.length <= 1) return null;
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed" id="channel-switch-label">
        {t('common.channel')}
      </Text>
      {channels.length <= 6 ? (
        <SegmentedControl aria-labelledby="channel-switch-label" data-testid="channel-switch" size="sm" value={channel} onChange={setChannel} data={channels} />
      ) : (
        <Select
          aria-labelledby="channel-switch-label"
          data-testid="channel-switch"
          size="sm"
          w={160}
          value={channel}
          onChange={(v) => v && setChannel(v)}
          data={channels}
          allowDeselect={false}
        />
      )}
    </Group>
  );
}
