import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth';
import { CampaignProvider } from './CampaignContext';
import { ErrorAlert } from './ErrorAlert';

/** Everything behind it needs a session; an account that must change its password goes to /profile first. */
export function AuthGate() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me, isLoading, error, refetch } = useMe();

  if (isLoading) {
    return (
      <div style={{ padding: 96, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (error) {
    return (
      <Result
        status="warning"
        title={t('errors.serverUnavailable')}
        extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>}
      >
        <ErrorAlert error={error} />
      </Result>
    );
  }
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  // The server refuses everything else until the password is changed or two-factor is set up.
  if (me.restriction && location.pathname !== '/profile') {
    return <Navigate to="/profile" replace />;
  }
  return (
    <CampaignProvider>
      <Outlet />
    </CampaignProvider>
  );
}
