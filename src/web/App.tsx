import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zh_CN from 'antd/es/locale/zh_CN';
import en_US from 'antd/es/locale/en_US';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/client';
import { authKeys } from './api/auth';
import { AuthGate } from './components/AuthGate';
import { BRAND_BLUE } from './components/theme';
import { RequireRole } from './components/RequireRole';
import LoginPage from './pages/login/LoginPage';

// The signed-in shell (menu, drawer, header) loads after login, so the login page stays light.
const AppLayout = lazy(() => import('./components/Layout').then((m) => ({ default: m.AppLayout })));
const OverviewPage = lazy(() => import('./pages/overview/OverviewPage'));
const TodoPage = lazy(() => import('./pages/todo/TodoPage'));
const ObligationsPage = lazy(() => import('./pages/obligations/ObligationsPage'));
const LiaisonPage = lazy(() => import('./pages/liaisons/LiaisonPage'));
const LiaisonsPage = lazy(() => import('./pages/liaisons/LiaisonsPage'));
const LiaisonImportPage = lazy(() => import('./pages/liaisons/LiaisonImportPage'));
const StatisticsPage = lazy(() => import('./pages/statistics/StatisticsPage'));
const StatisticsOfficePage = lazy(() => import('./pages/statistics/StatisticsOfficePage'));
const StatisticsImportPage = lazy(() => import('./pages/statistics/StatisticsImportPage'));
const SummaryPage = lazy(() => import('./pages/summaries/SummaryPage'));
const SummaryOfficePage = lazy(() => import('./pages/summaries/SummaryOfficePage'));
const PackagesPage = lazy(() => import('./pages/packages/PackagesPage'));
const UnitsPage = lazy(() => import('./pages/units/UnitsPage'));
const UnitImportPage = lazy(() => import('./pages/units/UnitImportPage'));
const AccountsPage = lazy(() => import('./pages/accounts/AccountsPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const ActivitiesPage = lazy(() => import('./pages/activities/ActivitiesPage'));
const ActivityPage = lazy(() => import('./pages/activities/ActivityPage'));
const ActivityCalendarPage = lazy(() => import('./pages/activities/ActivityCalendarPage'));
const ActivityTimelinePage = lazy(() => import('./pages/activities/ActivityTimelinePage'));
const MediaPage = lazy(() => import('./pages/media/MediaPage'));
const CasesPage = lazy(() => import('./pages/cases/CasesPage'));
const NewCasePage = lazy(() => import('./pages/cases/NewCasePage'));
const CasePage = lazy(() => import('./pages/cases/CasePage'));
const PostersPage = lazy(() => import('./pages/cases/PostersPage'));
const TypicalCasesPage = lazy(() => import('./pages/exposures/TypicalCasesPage'));
const TypicalCasePage = lazy(() => import('./pages/exposures/TypicalCasePage'));
const MediaDeskPage = lazy(() => import('./pages/exposures/MediaDeskPage'));
const ProvinceReportsPage = lazy(() => import('./pages/exposures/ProvinceReportsPage'));
// Opened without an account, mostly on phones: its own small chunk, outside the sign-in gate.
const PublicCampaignPage = lazy(() => import('./pages/public/PublicCampaignPage'));
const ProfilePage = lazy(() => import('./pages/profile/ProfilePage'));
const NotFoundPage = lazy(() => import('./pages/notfound/NotFoundPage'));

function onUnauthorised(error: unknown) {
  // The session ended (expired, logged out elsewhere): forget the account, the gate sends to /login.
  if (error instanceof ApiError && error.status === 401 && error.code !== 'auth.invalid_credentials') {
    queryClient.setQueryData(authKeys.me(), null);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onUnauthorised }),
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => {
      // A failed login is a 401 too, but it is not a lost session.
      const key = mutation.options.mutationKey?.[0];
      if (key === 'login' || key === 'password') return;
      onUnauthorised(error);
    },
  }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Routed() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/campaign/:code" element={<PublicCampaignPage />} />
      <Route element={<AuthGate />}>
        <Route element={<AppLayout />}>
          <Route index element={<OverviewPage />} />
          <Route
            path="todo"
            element={
              <RequireRole permission="todo.view">
                <TodoPage />
              </RequireRole>
            }
          />
          <Route
            path="obligations"
            element={
              <RequireRole permission="obligations.matrix">
                <ObligationsPage />
              </RequireRole>
            }
          />
          <Route
            path="liaison"
            element={
              <RequireRole permission="liaison.fill">
                <LiaisonPage />
              </RequireRole>
            }
          />
          <Route
            path="liaisons"
            element={
              <RequireRole permission="liaison.office">
                <LiaisonsPage />
              </RequireRole>
            }
          />
          <Route
            path="liaisons/import"
            element={
              <RequireRole roles={['city_admin']}>
                <LiaisonImportPage />
              </RequireRole>
            }
          />
          <Route
            path="statistics"
            element={
              <RequireRole permission="statistics.fill">
                <StatisticsPage />
              </RequireRole>
            }
          />
          <Route
            path="statistics/office"
            element={
              <RequireRole permission="statistics.office">
                <StatisticsOfficePage />
              </RequireRole>
            }
          />
          <Route
            path="statistics/import"
            element={
              <RequireRole permission="statistics.import">
                <StatisticsImportPage />
              </RequireRole>
            }
          />
          <Route
            path="statistics/:unitId"
            element={
              <RequireRole permission="statistics.view">
                <StatisticsPage />
              </RequireRole>
            }
          />
          <Route
            path="summary"
            element={
              <RequireRole permission="summary.fill">
                <SummaryPage />
              </RequireRole>
            }
          />
          <Route
            path="summary/:unitId"
            element={
              <RequireRole permission="summary.view">
                <SummaryPage />
              </RequireRole>
            }
          />
          <Route
            path="summaries/office"
            element={
              <RequireRole permission="summary.office">
                <SummaryOfficePage />
              </RequireRole>
            }
          />
          <Route
            path="packages"
            element={
              <RequireRole permission="package.manage">
                <PackagesPage />
              </RequireRole>
            }
          />
          <Route
            path="units"
            element={
              <RequireRole permission="units.view">
                <UnitsPage />
              </RequireRole>
            }
          />
          <Route
            path="units/import"
            element={
              <RequireRole permission="units.write">
                <UnitImportPage />
              </RequireRole>
            }
          />
          <Route
            path="accounts"
            element={
              <RequireRole permission="accounts.view">
                <AccountsPage />
              </RequireRole>
            }
          />
          <Route
            path="audit"
            element={
              <RequireRole permission="audit.view">
                <AuditPage />
              </RequireRole>
            }
          />
          <Route
            path="activities"
            element={
              <RequireRole permission="activities.view">
                <ActivitiesPage />
              </RequireRole>
            }
          />
          <Route
            path="activities/new"
            element={
              <RequireRole permission="activities.write">
                <ActivityPage />
              </RequireRole>
            }
          />
          <Route
            path="activities/calendar"
            element={
              <RequireRole permission="activities.view">
                <ActivityCalendarPage />
              </RequireRole>
            }
          />
          <Route
            path="activities/timeline"
            element={
              <RequireRole permission="activities.view">
                <ActivityTimelinePage />
              </RequireRole>
            }
          />
          <Route
            path="activities/:id"
            element={
              <RequireRole permission="activities.view">
                <ActivityPage />
              </RequireRole>
            }
          />
          <Route
            path="media"
            element={
              <RequireRole permission="media.view">
                <MediaPage />
              </RequireRole>
            }
          />
          <Route
            path="cases"
            element={
              <RequireRole permission="cases.view">
                <CasesPage />
              </RequireRole>
            }
          />
          <Route
            path="cases/new"
            element={
              <RequireRole permission="cases.file">
                <NewCasePage />
              </RequireRole>
            }
          />
          <Route
            path="cases/posters"
            element={
              <RequireRole permission="cases.posters">
                <PostersPage />
              </RequireRole>
            }
          />
          <Route
            path="cases/:caseId"
            element={
              <RequireRole permission="cases.view">
                <CasePage />
              </RequireRole>
            }
          />
          <Route
            path="exposures"
            element={
              <RequireRole permission="exposures.view">
                <TypicalCasesPage />
              </RequireRole>
            }
          />
          <Route
            path="exposures/new"
            element={
              <RequireRole permission="exposures.write">
                <TypicalCasePage />
              </RequireRole>
            }
          />
          <Route
            path="exposures/:typicalId"
            element={
              <RequireRole permission="exposures.view">
                <TypicalCasePage />
              </RequireRole>
            }
          />
          <Route
            path="media-desk"
            element={
              <RequireRole permission="exposures.media">
                <MediaDeskPage />
              </RequireRole>
            }
          />
          <Route
            path="province-reports"
            element={
              <RequireRole permission="exposures.province">
                <ProvinceReportsPage />
              </RequireRole>
            }
          />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const isEn = i18n.language === 'en-US';
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={isEn ? en_US : zh_CN}
        theme={{
          token: {
            colorPrimary: BRAND_BLUE,
            colorLink: '#24508f',
            borderRadius: 4,
            colorBgLayout: '#f0f2f5',
            fontFamily:
              "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Hiragino Sans GB', 'Noto Sans CJK SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
          },
          components: {
            Menu: { itemSelectedBg: '#e8eef7', itemSelectedColor: BRAND_BLUE, itemActiveBg: '#f0f4fa' },
          },
        }}
      >
        <AntApp>
          <BrowserRouter>
            <Suspense
              fallback={
                <div style={{ padding: 96, textAlign: 'center' }}>
                  <Spin size="large" />
                </div>
              }
            >
              <Routed />
            </Suspense>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
