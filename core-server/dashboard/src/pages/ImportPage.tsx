import { Alert, Anchor, Button, Card, Checkbox, FileButton, Group, Stack, Stepper, Text } from '@mantine/core';
import { IconFileSpreadsheet, IconInfoCircle, IconPlayerPlay, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ColumnMapping, type Defaults } from '../components/import/ColumnMapping';
import { ImportReport, isRunning } from '../components/import/ImportReport';
import { PageHeader } from '../components/PageHeader';
import { api, unwrap, uploadWithProgress, type ImportInspection, type PersonImport } from '../lib/api';
import { errorMessage } from '../lib/errors';
import { useInvalidate } from '../lib/query';

/** Bringing an existing register in: choose a file, say what its columns are, check it, then import it. */
export default function ImportPage() {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [file, setFile] = useState<File | null>(null);
  const [inspection, setInspection] = useState<ImportInspection | null>(null);
  const [columns, setColumns] = useState<Record<string, number>>({});
  const [defaults, setDefaults] = useState<Defaults>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const job = useQuery({
    queryKey: ['imports', importId],
    queryFn: () => unwrap(api.GET('/api/v1/imports/persons/{id}', { params: { path: { id: importId! } } })),
    enabled: importId !== null,
    refetchInterval: (q) => (q.state.data && !isRunning(q.state.data) ? false : 500),
  });
  const result = job.data ?? null;
  const finishedImport = result && !isRunning(result) && !result.dryRun ? result.id : null;
  useEffect(() => {
    if (finishedImport) invalidate('persons');
  }, [finishedImport, invalidate]);
  // A check speaks for the mapping it was run with: changing the mapping asks for a new one.
  const remap = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setImportId(null);
  };

  const choose = async (f: File | null) => {
    if (!f) return;
    setFile(f);
    setInspection(null);
    setImportId(null);
    setError(null);
    setBusy(true);
    try {
      const found = await uploadWithProgress<ImportInspection>('/api/v1/imports/persons/inspect', f, () => undefined).promise;
      setInspection(found);
      setColumns(found.suggested);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const start = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const mapping = { columns, ...(Object.values(defaults).some((v) => v !== undefined) ? { defaults } : {}) };
      const started = await uploadWithProgress<PersonImport>('/api/v1/imports/persons', file, () => undefined, {
        mapping: JSON.stringify(mapping),
        dryRun: String(dryRun),
        // The check always reports every row; the import itself does what the admin chose.
        skipInvalid: String(dryRun || skipInvalid),
      }).promise;
      setImportId(started.id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const mapped = Object.keys(columns).length > 0;
  const running = result !== null && isRunning(result);
  const imported = result !== null && !result.dryRun && result.status === 'done';
  const step = imported ? 3 : result ? 2 : inspection ? 1 : 0;
  return (
    <>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <Card padding="lg">
        <Stepper active={step} size="sm" mb="lg" allowNextStepsSelect={false}>
          <Stepper.Step label={t('import.steps.file')} />
          <Stepper.Step label={t('import.steps.columns')} />
          <Stepper.Step label={t('import.steps.check')} />
          <Stepper.Step label={t('import.steps.done')} />
        </Stepper>
        <Stack gap="lg">
          <Group>
            <FileButton onChange={(f) => void choose(f)} accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
              {(props) => (
                <Button {...props} variant={inspection ? 'default' : 'filled'} leftSection={<IconFileSpreadsheet size={18} />} loading={busy && !inspection} data-testid="import-choose">
                  {inspection ? t('import.otherFile') : t('import.chooseFile')}
                </Button>
              )}
            </FileButton>
            {file && inspection && (
              <Text size="sm" c="dimmed" data-testid="import-file">
                {t('import.fileFacts', { name: file.name, rows: inspection.rows, columns: inspection.columns.length })}
                {inspection.sheet ? ` · ${t('import.sheet', { sheet: inspection.sheet })}` : ''}
              </Text>
            )}
          </Group>
          {!inspection && (
            <Alert icon={<IconInfoCircle size={18} />} color="blue" variant="light">
              {t('import.fileHelp')}
            </Alert>
          )}
          {error && (
            <Alert color="red" data-testid="import-error">
              {error}
            </Alert>
          )}
          {inspection && !imported && (
            <>
              <ColumnMapping inspection={inspection} columns={columns} onColumns={remap(setColumns)} defaults={defaults} onDefaults={remap(setDefaults)} />
              <Checkbox
                label={t('import.skipInvalid')}
                description={t('import.skipInvalidHelp')}
                checked={skipInvalid}
                onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
                data-testid="import-skip-invalid"
              />
              <Group>
                <Button variant="light" leftSection={<IconSearch size={16} />} disabled={!mapped || running} loading={busy} onClick={() => void start(true)} data-testid="import-check">
                  {t('import.check')}
                </Button>
                <Button
                  leftSection={<IconPlayerPlay size={16} />}
                  disabled={!mapped || running || !result || !result.dryRun || result.status !== 'done' || (result.invalidRows > 0 && !skipInvalid)}
                  onClick={() => void start(false)}
                  data-testid="import-run"
                >
                  {result?.dryRun && result.status === 'done' ? t('import.run', { count: result.persons }) : t('import.runAfterCheck')}
                </Button>
              </Group>
            </>
          )}
          {result && <ImportReport result={result} />}
          {imported && (
            <Anchor component={Link} to="/persons">
              {t('import.toRegister')}
            </Anchor>
          )}
        </Stack>
      </Card>
    </>
  );
}
