import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { frameUrl, type Box } from '../../lib/api';
import { formatDuration } from '../../lib/format';

/** A face found in a video: the frame where it is clearest, with its box, and when it is on screen. */
export function VideoFrameThumb({ box }: { box: Box }) {
  const { t } = useTranslation();
  if (box.frameMs == null) return null;
  const span = `${formatDuration(box.startMs ?? box.frameMs)}–${formatDuration(box.endMs ?? box.frameMs)}`;
  return (
    <Stack gap={2} align="center" style={{ flexShrink: 0 }} data-testid="box-frame">
      <div className="lk-frame">
        <img src={frameUrl(box.assetId, box.frameMs)} alt={t('faces.frameAt', { time: formatDuration(box.frameMs) })} loading="lazy" />
        <span className="lk-frame__box" style={{ left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.w * 100}%`, height: `${box.h * 100}%` }} />
      </div>
      <Text size="xs" c="dimmed">
        {t('faces.onScreen', { span })}
      </Text>
    </Stack>
  );
}
