import { Stack } from '@mantine/core';
import { ApiKeysPanel } from './integrations/ApiKeysPanel';
import { OfficePanel } from './integrations/OfficePanel';
import { WebhooksPanel } from './integrations/WebhooksPanel';

/** API keys (shown once; server keys with scopes, browser keys with origins) and webhooks with their delivery log. */
export function IntegrationsSettings() {
  return (
    <Stack gap="lg">
      <ApiKeysPanel />
      <WebhooksPanel />
      <OfficePanel />
    </Stack>
  );
}
