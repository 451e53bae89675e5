import { useEffect, useState, type FormEvent } from 'react';
import { Box, Button, Field, Flex, Grid, SingleSelect, SingleSelectOption, TextInput, Toggle, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useApi } from '../components/useApi';
import { useT } from '../components/useT';

interface Settings {
  serverUrl: string;
  channel: string;
  policy: 'remove' | 'placeholder';
  placeholderFileId: number | null;
  unlinked: 'org' | 'show' | 'hide';
  unpublishOnHidden: boolean;
  urlPattern: string;
  hasApiKey: boolean;
  hasWebhookSecret: boolean;
  webhookPath: string;
}
interface Job {
  state: string;
  total: number;
  done: number;
  linked: number;
  notFound: number;
  failed: number;
}

export default function SettingsPage() {
  const tr = useT();
  const { get, put, post } = useApi();
  const { toggleNotification } = useNotification();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [connected, setConnected] = useState(false);
  const [apiKey, setApiKey] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [testResult, setTestResult] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);

  const load = async () => {
    const res = await get('/likeness/settings');
    setSettings(res.data.data);
    setConnected(res.data.connection.connected);
  };
  useEffect(() => {
    void load();
    get('/likeness/link-job').then((res: { data: { data: Job } }) => setJob(res.data.data));
  }, []);
  useEffect(() => {
    if (job?.state !== 'running') return;
    const timer = setTimeout(() => get('/likeness/link-job').then((res: { data: { data: Job } }) => setJob(res.data.data)), 1000);
    return () => clearTimeout(timer);
  }, [job]);

  if (!settings) return <Page.Loading />;
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setSettings({ ...settings, [key]: value });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      const { hasApiKey, hasWebhookSecret, webhookPath, ...rest } = settings;
      await put('/likeness/settings', { ...rest, ...(apiKey ? { apiKey } : {}), ...(webhookSecret ? { webhookSecret } : {}) });
      setApiKey('');
      setWebhookSecret('');
      await load();
      toggleNotification({ type: 'success', message: tr('settings.saved') });
    } catch (err: any) {
      const details = err?.response?.data?.error?.details?.errors;
      if (details && typeof details === 'object' && !Array.isArray(details)) setErrors(details);
      toggleNotification({ type: 'danger', message: err?.response?.data?.error?.message ?? String(err) });
    }
  };

  const test = async () => {
    const res = await post('/likeness/settings/test', { serverUrl: settings.serverUrl, ...(apiKey ? { apiKey } : {}) }).catch((err: any) => ({ data: { data: { ok: false, error: err?.response?.data?.error?.message ?? String(err) } } }));
    const r = res.data.data;
    setTestResult(r.error ? tr('settings.test.failed', { error: r.error }) : r.missing?.length ? tr('settings.test.missing', { missing: r.missing.join(', ') }) : tr('settings.test.ok', { organisation: r.organisation ?? '', ms: r.ms }));
  };

  const webhookUrl = `${window.location.origin}${settings.webhookPath}`;
  const field = (name: keyof Settings | 'apiKey' | 'webhookSecret', label: string, input: JSX.Element, hint?: string) => (
    <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
      <Field.Root name={name} hint={hint} error={errors[name]} width="100%">
        <Field.Label>{label}</Field.Label>
        {input}
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Grid.Item>
  );

  return (
    <Layouts.Root>
      <Page.Main data-likeness="settings">
        <form onSubmit={save}>
          <Layouts.Header
            title={tr('settings.title')}
            subtitle={tr('settings.subtitle')}
            primaryAction={<Button type="submit">{tr('settings.save')}</Button>}
            secondaryAction={
              <Typography variant="pi" textColor={connected ? 'success700' : 'neutral700'} data-likeness-connected={connected}>
                {connected ? tr('settings.connected') : tr('settings.disconnected')}
              </Typography>
            }
          />
          <Layouts.Content>
            <Flex direction="column" alignItems="stretch" gap={6}>
              <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
                <Grid.Root gap={5}>
                  {field('serverUrl', tr('settings.serverUrl'), <TextInput value={settings.serverUrl} onChange={(e: any) => set('serverUrl', e.target.value)} />, tr('settings.serverUrl.hint'))}
                  {field('apiKey', tr('settings.apiKey'), <TextInput type="password" autoComplete="off" value={apiKey} onChange={(e: any) => setApiKey(e.target.value)} />, settings.hasApiKey ? tr('settings.apiKey.hint.set') : tr('settings.apiKey.hint.unset'))}
                  {field('webhookSecret', tr('settings.webhookSecret'), <TextInput type="password" autoComplete="off" value={webhookSecret} onChange={(e: any) => setWebhookSecret(e.target.value)} />, tr('settings.webhookSecret.hint', { url: webhookUrl }))}
                  {field('channel', tr('settings.channel'), <TextInput value={settings.channel} onChange={(e: any) => set('channel', e.target.value)} />, tr('settings.channel.hint'))}
                  {field(
                    'policy',
                    tr('settings.policy'),
                    <SingleSelect value={settings.policy} onChange={(v: string | number) => set('policy', v as Settings['policy'])}>
                      <SingleSelectOption value="remove">{tr('settings.policy.remove')}</SingleSelectOption>
                      <SingleSelectOption value="placeholder">{tr('settings.policy.placeholder')}</SingleSelectOption>
                    </SingleSelect>,
                  )}
                  {field('placeholderFileId', tr('settings.placeholderFileId'), <TextInput inputMode="numeric" value={settings.placeholderFileId ?? ''} onChange={(e: any) => set('placeholderFileId', e.target.value ? Number(e.target.value) : null)} />)}
                  {field(
                    'unlinked',
                    tr('settings.unlinked'),
                    <SingleSelect value={settings.unlinked} onChange={(v: string | number) => set('unlinked', v as Settings['unlinked'])}>
                      <SingleSelectOption value="org">{tr('settings.unlinked.org')}</SingleSelectOption>
                      <SingleSelectOption value="show">{tr('settings.unlinked.show')}</SingleSelectOption>
                      <SingleSelectOption value="hide">{tr('settings.unlinked.hide')}</SingleSelectOption>
                    </SingleSelect>,
                  )}
                  {field('urlPattern', tr('settings.urlPattern'), <TextInput value={settings.urlPattern} onChange={(e: any) => set('urlPattern', e.target.value)} />, tr('settings.urlPattern.hint'))}
                  {field('unpublishOnHidden', tr('settings.unpublishOnHidden'), <Toggle checked={settings.unpublishOnHidden} onLabel="On" offLabel="Off" onChange={(e: any) => set('unpublishOnHidden', e.target.checked)} />)}
                </Grid.Root>
                <Flex gap={3} paddingTop={5}>
                  <Button variant="secondary" type="button" onClick={test}>
                    {tr('settings.test')}
                  </Button>
                  {testResult && (
                    <Typography role="status" variant="omega">
                      {testResult}
                    </Typography>
                  )}
                </Flex>
              </Box>
              <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
                <Flex direction="column" alignItems="flex-start" gap={3}>
                  <Typography variant="delta" tag="h2">
                    {tr('settings.link.title')}
                  </Typography>
                  <Typography variant="omega">{tr('settings.link.description')}</Typography>
                  <Button variant="secondary" type="button" loading={job?.state === 'running'} onClick={() => post('/likeness/link-job', {}).then((res: { data: { data: Job } }) => setJob(res.data.data))}>
                    {tr('settings.link.start')}
                  </Button>
                  {job && job.state !== 'idle' && (
                    <Typography role="status" variant="pi">
                      {tr('settings.link.progress', { done: job.done, total: job.total, linked: job.linked, notFound: job.notFound, failed: job.failed })}
                    </Typography>
                  )}
                </Flex>
              </Box>
            </Flex>
          </Layouts.Content>
        </form>
      </Page.Main>
    </Layouts.Root>
  );
}
