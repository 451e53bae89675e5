import {
  IconAlertCircle,
  IconBan,
  IconCircleCheck,
  IconClockExclamation,
  IconFileUnknown,
  IconHourglassEmpty,
  IconUserQuestion,
  type Icon,
} from '@tabler/icons-react';
import type { GdprStatus } from './api';

/**
 * A shape for each GDPR status, so that where a status is shown small (a file card's channel strip) it is told
 * apart without its colour (WCAG 1.4.1). The same icons as the overview's tiles.
 */
export const STATUS_ICON: Record<GdprStatus, Icon> = {
  unhandled: IconFileUnknown,
  persons_missing: IconUserQuestion,
  consent_missing: IconAlertCircle,
  expiring: IconClockExclamation,
  approved: IconCircleCheck,
  expired: IconHourglassEmpty,
  withdrawn: IconBan,
};
