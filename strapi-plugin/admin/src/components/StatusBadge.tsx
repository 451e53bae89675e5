import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useT } from './useT';

export interface ImageStatus {
  status: string;
  approvedUntil: string | null;
  allowed: boolean;
  warning?: boolean;
  stale?: boolean;
}

/** One image's GDPR status for the channel: approved, expiring with date, not approved, unknown. */
export function StatusBadge({ image }: { image: ImageStatus }) {
  const tr = useT();
  const { formatDate } = useIntl();
  let text: string;
  let tone: { backgroundColor: string; textColor: string };
  if (image.stale) {
    text = tr('status.stale');
    tone = { backgroundColor: 'neutral150', textColor: 'neutral800' };
  } else if (image.status === 'unlinked') {
    text = tr('status.unlinked');
    tone = { backgroundColor: 'neutral150', textColor: 'neutral800' };
  } else if (image.status === 'unknown') {
    text = tr('status.unknown');
    tone = { backgroundColor: 'danger100', textColor: 'danger700' };
  } else if (image.allowed && !image.warning && (image.status === 'approved' || image.status === 'expiring')) {
    text = image.status === 'expiring' && image.approvedUntil ? tr('status.expiring', { date: formatDate(image.approvedUntil, { dateStyle: 'medium' }) }) : tr('status.approved');
    tone = image.status === 'expiring' ? { backgroundColor: 'warning100', textColor: 'warning700' } : { backgroundColor: 'success100', textColor: 'success700' };
  } else {
    text = tr('status.not-approved', { status: image.status.replace(/_/g, ' ') });
    tone = image.allowed ? { backgroundColor: 'warning100', textColor: 'warning700' } : { backgroundColor: 'danger100', textColor: 'danger700' };
  }
  return (
    <Badge {...tone} data-likeness-status={image.status}>
      {text}
    </Badge>
  );
}
