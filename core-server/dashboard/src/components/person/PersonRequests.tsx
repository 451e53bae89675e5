import { Button, Card, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconSend } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Person } from '../../lib/api';
import { useCan } from '../../lib/auth';
import { RequestModal } from '../consent/RequestModal';
import { RequestTable } from '../consent/RequestTable';
import { Loading, QueryView } from '../QueryState';

/** Digital consent requests sent to the person (or their guardian); send a new one. */
export function PersonRequests({ person }: { person: Person }) {
  const { t } = useTranslation();
  const canWrite = useCan('requests:send');
  const [opened, modal] = useDisclosure(false);
  const requests = useQuery({
    queryKey: ['consent', 'requests', { personId: person.id }],
    queryFn: () => unwrap(api.GET('/api/v1/consent/requests', { params: { query: { personId: person.id, limit: 20 } } })),
    refetchInterval: 15_000,
  });
  const items = requests.data?.items ?? [];
  if (!canWrite && items.length === 0) return null;
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('personDetail.requests')}</Text>
        {canWrite && (
          <Button size="sm" variant="light" leftSection={<IconSend size={16} />} onClick={modal.open} data-testid="request-consent">
            {t('personDetail.requestConsent')}
          </Button>
        )}
      </Group>
      <QueryView
        query={requests}
        loading={<Loading h={80} />}
        empty={
          <Text size="sm" c="dimmed">
            {t('personDetail.noRequests')}
          </Text>
        }
      >
        {(data) => <RequestTable items={data.items} showPerson={false} />}
      </QueryView>
      {canWrite && <RequestModal opened={opened} onClose={modal.close} person={person} />}
    </Card>
  );
}
