import { Alert, Badge, Button, FileButton, Group, Progress, Select, Stack, Table, Text } from '@mantine/core';
import { IconFileSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import type { Schemas } from '@likeness/sdk';
import type { TFunction } from 'i18next';
import { LikenessApiError, uploadWithProgress } from '../lib/api';
import { useChannel } from '../lib/channel';
import { formatDate } from '../lib/format';

type Report = Schemas['DocumentCheckReport'];
type Checked = Report['images'][number];

/** Where an image sits: "Bild 3", "Sida 2", "Sidhuvud" … */
function where(image: Checked, t: TFunction): string {
  return image.locations.map((l) => t(`documentCheck.location.${l.kind}`, { n: l.number ?? '' }).trim()).join(', ') || '–';
}

/** Upload a .docx or .pptx made with or without the add-in: every image it holds, with its asset and status. Nothing is stored. */
export default function DocumentCheckPage() {
  const { t } = useTranslation();
  const { channels, channel: primary } = useChannel();
  const [channel, setChannel] = useState(primary);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const check = (file: File | null) => {
    if (!file) return;
    setReport(null);
    setError(null);
    setProgress(0);
    const { promise } = uploadWithProgress<Report>(`/api/v1/office/documents/check?channel=${encodeURIComponent(channel)}`, file, setProgress);
    promise
      .then(setReport)
      .catch((e: unknown) => setError(e instanceof LikenessApiError ? e.message : String(e)))
      .finally(() => setProgress(null));
  };

  const problems = report?.images.filter((i) => !i.approved || i.status === 'expiring') ?? [];
  return (
    <>
      <PageHeader title={t('documentCheck.title')} subtitle={t('documentCheck.subtitle')} />
      <Stack gap="md">
        <Group align="flex-end">
          <Select label={t('documentCheck.channel')} data={channels} value={channel} onChange={(v) => v && setChannel(v)} allowDeselect={false} w={200} />
          <FileButton onChange={check} accept=".docx,.pptx,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.presentationml.presentation">
            {(props) => (
              <Button {...props} leftSection={<IconFileSearch size={18} aria-hidden />} loading={progress !== null} data-testid="document-check-upload">
                {t('documentCheck.choose')}
              </Button>
            )}
          </FileButton>
        </Group>
        {progress !== null && <Progress value={progress * 100} aria-label={t('documentCheck.uploading')} />}
        {error && (
          <Alert color="red" title={t('documentCheck.failed')} role="alert">
            {error}
          </Alert>
        )}
        {report && (
          <Stack gap="sm" data-testid="document-check-report">
            <Alert color={problems.length ? 'orange' : 'teal'} title={report.fileName} role="status">
              {t('documentCheck.summary', { ...report.summary, channel: report.channel })}
            </Alert>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('documentCheck.where')}</Table.Th>
                  <Table.Th>{t('documentCheck.image')}</Table.Th>
                  <Table.Th>{t('documentCheck.match')}</Table.Th>
                  <Table.Th>{t('documentCheck.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.images.map((image) => (
                  <Table.Tr key={image.part} data-status={image.status}>
                    <Table.Td>{where(image, t)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{image.title ?? (image.status === 'foreign' ? t('documentCheck.foreign') : image.part)}</Text>
                    </Table.Td>
                    <Table.Td>{image.match ? t(`documentCheck.matchedBy.${image.match}`) : '–'}</Table.Td>
                    <Table.Td>
                      {image.status === 'foreign' ? (
                        <Badge variant="light" color="gray">
                          {t('documentCheck.foreign')}
                        </Badge>
                      ) : (
                        <Group gap={6}>
                          <StatusBadge status={image.status} />
                          {image.approvedUntil && <Text size="xs">{t('documentCheck.until', { date: formatDate(image.approvedUntil) })}</Text>}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </Stack>
    </>
  );
}
