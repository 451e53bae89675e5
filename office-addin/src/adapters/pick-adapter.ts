import type { HostAdapter } from './host-adapter';
import { PowerPointAdapter } from './powerpoint.adapter';
import { WordAdapter } from './word.adapter';

/** The adapter for the host the pane runs in, or null for a host this add-in does not serve. */
export function pickAdapter(host: Office.HostType | string | null | undefined): HostAdapter | null {
  if (host === Office.HostType.Word || host === 'Word') return new WordAdapter();
  if (host === Office.HostType.PowerPoint || host === 'PowerPoint') return new PowerPointAdapter();
  return null;
}
