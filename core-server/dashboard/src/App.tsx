import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { ConfirmProvider } from './components/Confirm';
import { Shell } from './components/Shell';
import { UploadsProvider } from './components/Uploads';
import { SessionGate, useCan } from './lib/auth';
import { ChannelProvider } from './lib/channel';
import { LiveProvider } from './lib/live';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';

const OverviewPage = lazy(() => import('./pages/OverviewPage'));
const FilesPage = lazy(() => import('./pages/FilesPage'));
const FileDetailPage = lazy(() => import('./pages/FileDetailPage'));
const DocumentCheckPage = lazy(() => import('./pages/DocumentCheckPage'));
const PersonsPage = lazy(() => import('./pages/PersonsPage'));
const PersonDetailPage = lazy(() => import('./pages/PersonDetailPage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const ConsentPage = lazy(() => import('./pages/ConsentPage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));

const PageLoader = () => (
  <Center h="60vh">
    <Loader size="md" />
  </Center>
);

function Pages() {
  const canAudit = useCan('audit:read');
  const canImport = useCan('persons:write');
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route index element={<OverviewPage />} />
        <Route path="files" element={<FilesPage />} />
        <Route path="files/:id" element={<FileDetailPage />} />
        <Route path="persons" element={<PersonsPage />} />
        {canImport && <Route path="persons/import" element={<ImportPage />} />}
        <Route path="persons/:id" element={<PersonDetailPage />} />
        <Route path="documents" element={<DocumentCheckPage />} />
        <Route path="consent" element={<ConsentPage />} />
        <Route path="consent/:tab" element={<ConsentPage />} />
        <Route path="settings" element={<Navigate to="/settings/general" replace />} />
        <Route path="settings/:tab" element={<SettingsPage />} />
        {canAudit && <Route path="audit" element={<AuditPage />} />}
        <Route path="login" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}

export function App() {
  return (
    <SessionGate login={<LoginPage />} loading={<PageLoader />}>
      <LiveProvider>
        <ChannelProvider>
          <ConfirmProvider>
            <UploadsProvider>
              <Shell>
                <Pages />
              </Shell>
            </UploadsProvider>
          </ConfirmProvider>
        </ChannelProvider>
      </LiveProvider>
    </SessionGate>
  );
}
