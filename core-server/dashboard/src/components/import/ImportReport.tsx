import { Alert, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PersonImport } from '../../lib/api';

const RUNNING = new Set(['queued', 'checking', 'writing']);

type RowError = PersonImport['errors'][number];
/** The problem in the user's language; a rule's own wording (English) where no code says more. */
const rowProblem = (t: TFunction, e: RowError): string => (e.code === 'invalid' ? e.message : String(t(`import.errors.${e.code}`, { ...e.params, defaultValue: e.message })));
export const isRunning = (i: PersonImport) => RUNNING.has(i.status);

/** The bad rows as a CSV the admin can fix the file from (semicolons: what Swedish Excel opens). */
function reportCsv(i: PersonImport, headings: string[], problem: (e: RowError) => string): string {
  const q = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\uFEFF' + [headings, ...i.errors.map((e) => [String(e.line), e.column ?? e.field ?? '', problem(e)])].map((r) => r.map(q).join(';')).join('\r\n');
}

/** Progress while a check or an import runs; then what happened, and every bad row with its line. */
export function ImportReport({ result }: { result: PersonImport }) {
  const { t } = useTranslation();
  if (isRunning(result)) {
    const writing = result.status === 'writing';
    const done = writing ? result.persons : result.checked;
    const total = writing ? Math.max(result.rows - result.invalidRows, 1) : Math.max(result.rows, 1);
    return (
      <Stack gap={6} data-testid="import-progress">
        <Text size="sm">{writing ? t('import.writing', { done: result.persons, total }) : t('import.checking', { done: result.checked, total: result.rows })}</Text>
        <Progress value={(100 * done) / total} animated aria-label={t('import.progress')} />
      </Stack>
    );
  }
  const download = () => {
    const url = URL.createObjectURL(new Blob([reportCsv(result, [t('import.line'), t('import.column'), t('import.problem')], (e) => rowProblem(t, e))], { type: 'text/csv;charset=utf-8' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `import-report-${result.id.slice(0, 8)}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  };
  const summary =
    result.status === 'failed'
      ? { color: 'red', title: t('import.failed'), text: result.error ?? '' }
      : result.status === 'rejected'
        ? { color: 'orange', title: t('import.rejected', { count: result.invalidRows }), text: t('import.rejectedHelp') }
        : result.dryRun
          ? { color: result.invalidRows ? 'orange' : 'teal', title: t('import.checked', { count: result.persons }), text: result.invalidRows ? t('import.checkedBad', { count: result.invalidRows }) : t('import.checkedGood') }
          : { color: 'teal', title: t('import.done', { persons: result.persons, agreements: result.agreements }), text: result.invalidRows ? t('import.skipped', { count: result.invalidRows }) : '' };
  return (
    <Stack gap="md" data-testid="import-result" data-status={result.status}>
      <Alert color={summary.color} icon={summary.color === 'teal' ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />} title={summary.title}>
        {summary.text}
      </Alert>
      {result.errors.length > 0 && (
        <>
          <Group justify="space-between">
            <Text fw={600}>{t('import.badRows', { count: result.invalidRows })}</Text>
            <Button variant="light" size="xs" leftSection={<IconDownload size={14} />} onClick={download}>
              {t('import.downloadReport')}
            </Button>
          </Group>
          <Table.ScrollContainer minWidth={600} mah={420}>
            <Table stickyHeader data-testid="import-errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('import.line')}</Table.Th>
                  <Table.Th w={180}>{t('import.column')}</Table.Th>
                  <Table.Th>{t('import.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.slice(0, 500).map((e, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{e.line}</Table.Td>
                    <Table.Td>{e.column ?? (e.field ? t(`import.fields.${e.field as 'name'}`, { defaultValue: e.field }) : '')}</Table.Td>
                    <Table.Td>{rowProblem(t, e)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {(result.errors.length > 500 || result.errorsTruncated) && (
            <Text size="xs" c="dimmed">
              {t('import.moreInReport')}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
