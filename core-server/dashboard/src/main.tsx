import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { MantineProvider, mergeThemeOverrides } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import './i18n';
import { LikenessApiError } from './lib/api';
import { cssVariablesResolver, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // Live updates arrive over the socket; refetching on every focus would only add load.
      refetchOnWindowFocus: false,
      retry: (failures, err) => !(err instanceof LikenessApiError && err.status >= 400 && err.status < 500) && failures < 2,
    },
  },
});

function Dates({ children }: { children: React.ReactNode }) {
  const { i18n } = useTranslation();
  return <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1, consistentWeeks: true }}>{children}</DatesProvider>;
}

/** The theme with the texts Mantine draws itself (the close buttons of dialogs and notices) in the user's language. */
function Mantine({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const localised = useMemo(() => {
    const closeButtonProps = { 'aria-label': t('common.close') };
    return mergeThemeOverrides(theme, { components: { Modal: { defaultProps: { closeButtonProps } }, Notification: { defaultProps: { closeButtonProps } } } });
  }, [t]);
  return (
    <MantineProvider theme={localised} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      {children}
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Mantine>
      <Dates>
        <Notifications position="bottom-right" limit={4} />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/admin">
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </Dates>
    </Mantine>
  </StrictMode>,
);
