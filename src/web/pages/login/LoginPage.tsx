import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLogin, useMe } from '../../api/auth';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../components/ErrorAlert';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useLang } from '../../i18n';

import { BRAND_BLUE as BLUE, BRAND_RED as RED } from '../../components/theme';

/** Only same-site paths may be a post-login destination. */
function safeNext(next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')) return next;
  return '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const login = useLogin();
  const next = safeNext(params.get('next'));

  if (me && !login.isPending) {
    return <Navigate to={me.mustChangePassword ? '/profile' : next} replace />;
  }

  const onFinish = (values: { username: string; password: string }) => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: ({ account }) => navigate(account.mustChangePassword ? '/profile' : next, { replace: true }),
      },
    );
  };

  let errorText: string | null = null;
  if (login.error) {
    const e = login.error;
    if (e instanceof ApiError && e.code === 'auth.invalid_credentials') errorText = t('auth.invalidCredentials');
    else if (e instanceof ApiError && e.status === 423) errorText = errorMessage(e, lang, t('auth.locked'));
    else if (e instanceof ApiError && e.status === 429) errorText = t('auth.throttled');
    else errorText = errorMessage(e, lang, t('errors.unknown'));
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        background: `linear-gradient(180deg, ${BLUE} 0, ${BLUE} 220px, #f0f2f5 220px)`,
      }}
    >
      <div style={{ height: 4, background: RED }} />
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: '8px 12px' }}>
        <LanguageSwitch light />
      </div>
      <div style={{ flex: 1, display: 'flex', justifyContent: 'center', alignItems: 'flex-start', padding: '8px 12px 24px' }}>
        <div style={{ width: '100%', maxWidth: 420 }}>
          <div style={{ textAlign: 'center', color: '#fff', marginBottom: 20 }}>
            <SafetyCertificateOutlined style={{ fontSize: 36 }} />
            <Typography.Title level={3} style={{ color: '#fff', margin: '8px 0 4px', letterSpacing: lang === 'zh' ? 2 : 0 }}>
              {t('app.title')}
            </Typography.Title>
            <div style={{ opacity: 0.85, fontSize: 13 }}>{t('login.subtitle')}</div>
          </div>
          <Card style={{ boxShadow: '0 4px 16px rgba(0,0,0,0.08)', borderTop: `3px solid ${RED}` }}>
            <Typography.Title level={4} style={{ marginTop: 0, textAlign: 'center' }}>
              {t('login.title')}
            </Typography.Title>
            {errorText && (
              <Alert type="error" showIcon title={errorText} style={{ marginBottom: 16 }} data-testid="login-error" />
            )}
            <Form layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
              <Form.Item
                name="username"
                label={t('login.username')}
                rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
              >
                <Input
                  prefix={<UserOutlined />}
                  size="large"
                  autoComplete="username"
                  autoFocus
                  data-testid="login-username"
                  placeholder={t('login.username')}
                />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password
                  prefix={<LockOutlined />}
                  size="large"
                  autoComplete="current-password"
                  data-testid="login-password"
                  placeholder={t('login.password')}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={login.isPending} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form>
          </Card>
          <div style={{ textAlign: 'center', color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: 16 }}>{t('layout.footer')}</div>
        </div>
      </div>
    </div>
  );
}
