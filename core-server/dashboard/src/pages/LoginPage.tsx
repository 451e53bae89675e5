import { Alert, Anchor, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';
import { accessibilityHref } from '../components/Shell';
import { api, unwrap } from '../lib/api';
import { errorMessage } from '../lib/errors';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await unwrap(api.POST('/api/v1/auth/login', { body: { email: email.trim(), password } }));
      queryClient.setQueryData(['me'], me);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center component="main" mih="100vh" p="md" style={{ background: 'linear-gradient(160deg, var(--mantine-color-brand-0), var(--lk-page-bg) 55%)' }}>
      <Box w="100%" maw={420}>
        <Group justify="space-between" mb="lg">
          <Logo size={34} />
          <LanguageSwitch />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Stack gap="md">
              <div>
                <Title order={1} size="h2">
                  {t('login.title')}
                </Title>
                <Text c="dimmed" size="sm" mt={4}>
                  {t('login.subtitle')}
                </Text>
              </div>
              {error !== null && (
                <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
                  {errorMessage(error, t)}
                </Alert>
              )}
              <TextInput
                label={t('login.email')}
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                data-autofocus
                autoFocus
              />
              <PasswordInput
                label={t('login.password')}
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy} fullWidth size="md" mt="xs">
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text c="dimmed" size="xs" ta="center" mt="md">
          {t('login.footer')}
        </Text>
        <Text size="xs" ta="center" mt={6}>
          <Anchor href={accessibilityHref(i18n.language)} data-testid="accessibility-link">
            {t('shell.accessibility')}
          </Anchor>
        </Text>
      </Box>
    </Center>
  );
}
