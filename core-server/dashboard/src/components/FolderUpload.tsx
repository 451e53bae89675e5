import { Button, Select, Stack, Text, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconFolderUp } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegalBasis } from '../lib/api';
import { useCan } from '../lib/auth';
import { startOfDay } from '../lib/format';
import { BASES_WITH_END, LEGAL_BASES } from '../lib/status';
import { FormActions, FormModal } from './FormModal';
import { isMedia, useUploads } from './Uploads';

/** A whole folder at once (its subfolders too), with one legal basis for every new file in it. */
export function FolderUpload() {
  const { t } = useTranslation();
  const uploads = useUploads();
  const canBasis = useCan('assets:basis');
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[] | null>(null);
  const [skipped, setSkipped] = useState(0);
  const [basis, setBasis] = useState<LegalBasis | null>(null);
  const [note, setNote] = useState('');
  const [until, setUntil] = useState<string | null>(null);
  const close = () => {
    setFiles(null);
    if (input.current) input.current.value = '';
  };
  const chosen = (list: FileList | null) => {
    const all = Array.from(list ?? []);
    const media = all.filter(isMedia);
    setSkipped(all.length - media.length);
    setFiles(media);
  };
  const start = () => {
    if (!files?.length) return;
    const withEnd = basis !== null && BASES_WITH_END.includes(basis);
    uploads.add(files, basis ? { basis: { basis, note: note.trim() || null, ...(withEnd ? { validUntil: until ? startOfDay(until) : null } : {}) } } : {});
    close();
  };
  return (
    <>
      {/* webkitdirectory is how every current browser lets a page take a folder. */}
      <input ref={input} type="file" hidden multiple {...{ webkitdirectory: '' }} onChange={(e) => chosen(e.currentTarget.files)} data-testid="folder-input" />
      <Button variant="default" leftSection={<IconFolderUp size={18} />} onClick={() => input.current?.click()} data-testid="folder-upload">
        {t('files.folder.button')}
      </Button>
      <FormModal opened={files !== null} onClose={close} title={t('files.folder.title')} onSubmit={start}>
        <Stack gap="md">
          <Text size="sm" data-testid="folder-count">
            {t('files.folder.found', { count: files?.length ?? 0 })}
            {skipped > 0 ? ` ${t('files.folder.skipped', { count: skipped })}` : ''}
          </Text>
          {canBasis ? (
            <>
              <Select
                label={t('files.folder.basis')}
                description={t('files.folder.basisHelp')}
                placeholder={t('files.folder.noBasis')}
                clearable
                value={basis}
                onChange={(v) => setBasis(v as LegalBasis | null)}
                data={LEGAL_BASES.map((b) => ({ value: b, label: t(`basis.${b}.title`) }))}
                data-testid="folder-basis"
              />
              {basis && <Text size="xs" c="dimmed">{t(`basis.${basis}.help`)}</Text>}
              {basis && basis !== 'consent' && <Textarea label={t('files.folder.note')} autosize minRows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />}
              {basis && BASES_WITH_END.includes(basis) && (
                <DatePickerInput label={t('files.folder.until')} clearable valueFormat="D MMM YYYY" value={until} onChange={(v) => setUntil(v ? String(v).slice(0, 10) : null)} />
              )}
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('files.folder.basisLater')}
            </Text>
          )}
          <FormActions onCancel={close} submit={t('files.folder.start', { count: files?.length ?? 0 })} disabled={!files?.length} data-testid="folder-start" />
        </Stack>
      </FormModal>
    </>
  );
}
