import { Alert, Anchor, Badge, Box, Button, Center, FileButton, Group, Loader, Modal, Paper, Progress, Radio, Stack, Text, Textarea } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBan,
  IconCalendar,
  IconDownload,
  IconEye,
  IconFile,
  IconFileTypePdf,
  IconMicrophone,
  IconPaperclip,
  IconPencil,
  IconPhoto,
  IconShieldCheck,
  IconShieldX,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, documentBlob, LikenessApiError, unwrap, uploadWithProgress, type Agreement, type AgreementDocument } from '../../lib/api';
import { errorMessage, notifyError, notifySaved } from '../../lib/errors';
import { formatBytes, formatDate, formatDateTime, startOfDay, toDateInput } from '../../lib/format';
import { useInvalidate } from '../../lib/query';
import { useConfirmedAction } from '../Confirm';
import { FormActions, FormModal } from '../FormModal';
import { AgreementStateBadge } from '../StatusBadge';
import { TooltipAction } from '../TooltipAction';

function docIcon(type: string) {
  if (type === 'application/pdf') return <IconFileTypePdf size={18} />;
  if (type.startsWith('image/')) return <IconPhoto size={18} />;
  if (type.startsWith('audio/')) return <IconMicrophone size={18} />;
  return <IconFile size={18} />;
}

interface PreviewFile {
  key: string;
  name: string;
  type: string;
  load(): Promise<Blob>;
}

/** Shows a document in the page: fetched through the API as a blob (downloads are attachments). */
function DocumentPreview({ file, onClose }: { file: PreviewFile | null; onClose(): void }) {
  const { t } = useTranslation();
  const blob = useQuery({
    queryKey: ['documents', file?.key],
    queryFn: () => file!.load(),
    enabled: file !== null,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob.data || !file) return;
    const u = URL.createObjectURL(new Blob([blob.data], { type: file.type }));
    setUrl(u);
    return () => {
      URL.revokeObjectURL(u);
      setUrl(null);
    };
  }, [blob.data, file]);
  const type = file?.type ?? '';
  return (
    <Modal opened={file !== null} onClose={onClose} size="xl" title={<Text fw={650}>{file?.name}</Text>}>
      {blob.isError ? (
        <Alert color="red">{errorMessage(blob.error, t)}</Alert>
      ) : !url ? (
        <Center h={300}>
          <Loader size="sm" />
        </Center>
      ) : type.startsWith('image/') ? (
        <img src={url} alt={file?.name} style={{ maxWidth: '100%', maxHeight: '70vh', display: 'block', margin: '0 auto', borderRadius: 8 }} />
      ) : type === 'application/pdf' ? (
        <iframe src={url} title={file?.name} style={{ width: '100%', height: '70vh', border: 0, borderRadius: 8 }} />
      ) : type.startsWith('audio/') ? (
        <audio src={url} controls style={{ width: '100%' }} />
      ) : (
        <Text c="dimmed">{t('documents.noPreview')}</Text>
      )}
      {url && file && (
        <Group justify="flex-end" mt="md">
          <Button component="a" href={url} download={file.name} variant="default" leftSection={<IconDownload size={16} />}>
            {t('documents.download')}
          </Button>
        </Group>
      )}
    </Modal>
  );
}

const docPreview = (d: AgreementDocument): PreviewFile => ({ key: d.id, name: d.fileName, type: d.contentType, load: () => documentBlob(d.id) });

async function receiptBlob(agreementId: string): Promise<Blob> {
  const { data, response } = await api.GET('/api/v1/agreements/{id}/receipt', { params: { path: { id: agreementId } }, parseAs: 'blob' });
  if (!response.ok || !data) throw new LikenessApiError(response.status, response.status === 404 ? 'not_found' : 'http_error', `HTTP ${response.status}`);
  return data as Blob;
}

/** A digitally signed agreement: its sealed evidence, checked, and the PDF receipt. */
function Evidence({ agreement, onReceipt }: { agreement: Agreement; onReceipt(): void }) {
  const { t } = useTranslation();
  const evidence = useQuery({
    queryKey: ['persons', 'evidence', agreement.id],
    queryFn: () => unwrap(api.GET('/api/v1/agreements/{id}/evidence', { params: { path: { id: agreement.id } } })),
    retry: false,
    staleTime: 5 * 60_000,
  });
  if (!evidence.data) return null;
  const ok = evidence.data.integrity.valid;
  return (
    <Group gap="xs" mt="sm" data-testid="agreement-evidence" data-valid={ok}>
      {ok ? <IconShieldCheck size={16} color="var(--mantine-color-teal-7)" /> : <IconShieldX size={16} color="var(--mantine-color-red-7)" />}
      <Text size="sm" c={ok ? undefined : 'red'}>
        {ok ? t('evidence.intact') : t('evidence.broken')}
      </Text>
      <Button size="compact-xs" variant="light" leftSection={<IconFileTypePdf size={14} />} onClick={onReceipt}>
        {t('evidence.receipt')}
      </Button>
    </Group>
  );
}

function WithdrawModal({ agreement, opened, onClose }: { agreement: Agreement; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [reason, setReason] = useState('');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [date, setDate] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setReason('');
      setWhen('now');
      setDate(null);
    }
  }, [opened]);
  const withdraw = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/agreements/{id}/withdraw', {
          params: { path: { id: agreement.id } },
          body: { reason: reason.trim() || null, ...(when === 'later' && date ? { at: startOfDay(date) } : {}) },
        }),
      ),
    onSuccess: () => {
      invalidate('persons', 'assets', 'counts');
      notifySaved(t('agreements.withdrawn'));
      onClose();
    },
    onError: notifyError,
  });
  const tomorrow = toDateInput(new Date(Date.now() + 86_400_000).toISOString());
  return (
    <FormModal opened={opened} onClose={onClose} title={t('withdraw.title')} onSubmit={() => withdraw.mutate()}>
      <Stack gap="md">
        <Text size="sm">{t('withdraw.text')}</Text>
        <Radio.Group value={when} onChange={(v) => setWhen(v as 'now' | 'later')} label={t('withdraw.when')}>
          <Stack gap={6} mt={6}>
            <Radio value="now" label={t('withdraw.now')} />
            <Radio value="later" label={t('withdraw.later')} />
          </Stack>
        </Radio.Group>
        {when === 'later' && (
          <DatePickerInput
            label={t('withdraw.date')}
            leftSection={<IconCalendar size={16} />}
            value={date}
            onChange={(v) => setDate(v ? String(v).slice(0, 10) : null)}
            minDate={tomorrow ?? undefined}
            valueFormat="D MMM YYYY"
          />
        )}
        <Textarea label={t('withdraw.reason')} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        <FormActions
          onCancel={onClose}
          submit={t('withdraw.confirm')}
          color="red"
          loading={withdraw.isPending}
          disabled={when === 'later' && !date}
          data-testid="withdraw-confirm"
        />
      </Stack>
    </FormModal>
  );
}

/** One agreement: its terms and state, its documents (attach, preview, remove), edit and withdraw. */
export function AgreementCard({ agreement, editable, onEdit }: { agreement: Agreement; editable: boolean; onEdit(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const confirmed = useConfirmedAction();
  const [withdrawing, withdrawModal] = useDisclosure(false);
  const [preview, setPreview] = useState<PreviewFile | null>(null);
  const [upload, setUpload] = useState<{ name: string; progress: number } | null>(null);
  const withdrawn = agreement.state === 'withdrawn' || agreement.withdrawnAt !== null;

  const attach = async (file: File | null) => {
    if (!file) return;
    setUpload({ name: file.name, progress: 0 });
    try {
      await uploadWithProgress<AgreementDocument>(`/api/v1/agreements/${agreement.id}/documents`, file, (p) => setUpload({ name: file.name, progress: p }))
        .promise;
      void queryClient.invalidateQueries({ queryKey: ['persons', 'agreements', agreement.personId] });
      notifySaved(t('documents.attached'));
    } catch (err) {
      notifyError(err);
    } finally {
      setUpload(null);
    }
  };

  const removeDoc = (doc: AgreementDocument) =>
    confirmed(
      { title: t('documents.removeTitle'), message: t('documents.removeText', { name: doc.fileName }), confirmLabel: t('documents.remove'), danger: true },
      async () => {
        await unwrap(api.DELETE('/api/v1/documents/{id}', { params: { path: { id: doc.id } } }));
        void queryClient.invalidateQueries({ queryKey: ['persons', 'agreements', agreement.personId] });
      },
    );

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="agreement"
      data-agreement-id={agreement.id}
      data-state={agreement.state}
      style={withdrawn ? { background: 'var(--mantine-color-gray-0)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Box style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={650}>{t(`agreementKind.${agreement.kind}`)}</Text>
            <AgreementStateBadge state={agreement.state} />
            {agreement.signedBy === 'guardian' && (
              <Badge variant="outline" color="gray" size="sm">
                {t('agreements.signedByGuardian', { name: agreement.guardianName ?? '' })}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" mt={4}>
            {agreement.validUntil
              ? t('agreements.period', { from: formatDate(agreement.validFrom), until: formatDate(agreement.validUntil) })
              : t('agreements.periodOpen', { from: formatDate(agreement.validFrom) })}
          </Text>
          <Group gap={4} mt={8}>
            {agreement.channels.map((c) => (
              <Badge key={c} variant="light" color="gray" size="sm">
                {c}
              </Badge>
            ))}
          </Group>
        </Box>
        {editable && !withdrawn && (
          <Group gap={4} wrap="nowrap">
            <TooltipAction label={t('agreements.edit')} onClick={onEdit}>
              <IconPencil size={17} />
            </TooltipAction>
            <Button
              size="compact-sm"
              variant="light"
              color="red"
              leftSection={<IconBan size={14} />}
              onClick={withdrawModal.open}
              data-testid="withdraw-agreement"
            >
              {t('agreements.withdraw')}
            </Button>
          </Group>
        )}
      </Group>
      {agreement.notes && (
        <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {agreement.notes}
        </Text>
      )}
      {agreement.withdrawnAt && (
        <Alert color="pink" variant="light" mt="sm" p="xs" icon={<IconBan size={16} />}>
          <Text size="sm">
            {t(new Date(agreement.withdrawnAt) > new Date() ? 'agreements.withdrawsOn' : 'agreements.withdrawnOn', {
              date: formatDateTime(agreement.withdrawnAt),
            })}
            {agreement.withdrawalReason ? ` — “${agreement.withdrawalReason}”` : ''}
          </Text>
        </Alert>
      )}
      {agreement.kind === 'digital' && (
        <Evidence
          agreement={agreement}
          onReceipt={() =>
            setPreview({ key: `receipt:${agreement.id}`, name: t('evidence.receiptName'), type: 'application/pdf', load: () => receiptBlob(agreement.id) })
          }
        />
      )}
      <Stack gap={4} mt="sm">
        {agreement.documents.map((d) => (
          <Group key={d.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="agreement-document">
            <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }} c="dimmed">
              {docIcon(d.contentType)}
              <Anchor component="button" type="button" size="sm" onClick={() => setPreview(docPreview(d))} lineClamp={1} ta="left">
                {d.fileName}
              </Anchor>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {formatBytes(d.size)}
              </Text>
            </Group>
            <Group gap={2} wrap="nowrap">
              <TooltipAction
                label={t('documents.preview')}
                size="sm"
                onClick={() => setPreview(docPreview(d))}
                aria-label={`${t('documents.preview')}: ${d.fileName}`}
              >
                <IconEye size={15} />
              </TooltipAction>
              {editable && (
                <TooltipAction
                  label={t('documents.remove')}
                  color="red"
                  size="sm"
                  onClick={() => void removeDoc(d)}
                  aria-label={`${t('documents.remove')}: ${d.fileName}`}
                >
                  <IconTrash size={15} />
                </TooltipAction>
              )}
            </Group>
          </Group>
        ))}
        {upload && (
          <Box>
            <Text size="xs" c="dimmed">
              {upload.name}
            </Text>
            <Progress value={upload.progress * 100} size="sm" animated />
          </Box>
        )}
        {editable && !upload && (
          <FileButton onChange={(f) => void attach(f)} accept="application/pdf,image/*,audio/*">
            {(props) => (
              <Button {...props} variant="subtle" size="compact-sm" leftSection={<IconPaperclip size={14} />} w="fit-content" data-testid="attach-document">
                {t('documents.attach')}
              </Button>
            )}
          </FileButton>
        )}
      </Stack>
      <DocumentPreview file={preview} onClose={() => setPreview(null)} />
      {editable && <WithdrawModal agreement={agreement} opened={withdrawing} onClose={withdrawModal.close} />}
    </Paper>
  );
}
