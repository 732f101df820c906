import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { KeyOutlined, LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLogin, useLoginCode, useMe, type LoginAnswer } from '../../api/auth';
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
  const loginCode = useLoginCode();
  // Set after a right password on an account with two-factor: the code step, not yet a session.
  const [pendingToken, setPendingToken] = useState<string | null>(null);
  const next = safeNext(params.get('next'));

  if (me && !login.isPending && !loginCode.isPending) {
    return <Navigate to={me.restriction ? '/profile' : next} replace />;
  }

  const signedIn = ({ account, pendingToken: token }: LoginAnswer) => {
    if (token) setPendingToken(token);
    else if (account) navigate(account.restriction ? '/profile' : next, { replace: true });
  };
  const onFinish = (values: { username: string; password: string }) => {
    login.mutate({ username: values.username.trim(), password: values.password }, { onSuccess: signedIn });
  };
  const onCode = (values: { code: string }) => {
    loginCode.mutate({ pendingToken: pendingToken!, code: values.code.trim() }, {
      onSuccess: signedIn,
      onError: (e) => { if (e instanceof ApiError && e.code === 'auth.two_factor_pending_expired') setPendingToken(null); },
    });
  };

  let errorText: string | null = null;
  const error = pendingToken ? loginCode.error : login.error ?? loginCode.error;
  if (error) {
    const e = error;
    if (e instanceof ApiError && e.code === 'auth.invalid_credentials') errorText = t('auth.invalidCredentials');
    else if (e instanceof ApiError && e.code === 'auth.invalid_code') errorText = t('security.invalidCode');
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
              {pendingToken ? t('security.codeTitle') : t('login.title')}
            </Typography.Title>
            {errorText && (
              <Alert type="error" showIcon title={errorText} style={{ marginBottom: 16 }} data-testid="login-error" />
            )}
            {pendingToken ? (
              <Form layout="vertical" onFinish={onCode} requiredMark={false} data-testid="login-code-form">
                <Typography.Paragraph type="secondary">{t('security.codeHint')}</Typography.Paragraph>
                <Form.Item name="code" label={t('security.code')} rules={[{ required: true, whitespace: true, message: t('security.codeRequired') }]}>
                  <Input prefix={<KeyOutlined />} size="large" autoComplete="one-time-code" autoFocus data-testid="login-code" />
                </Form.Item>
                <Button type="primary" htmlType="submit" size="large" block loading={loginCode.isPending} data-testid="login-code-submit">
                  {t('security.codeSubmit')}
                </Button>
                <Button type="link" block onClick={() => { setPendingToken(null); loginCode.reset(); }}>{t('security.back')}</Button>
              </Form>
            ) : (
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
            )}
          </Card>
          <div style={{ textAlign: 'center', color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: 16 }}>{t('layout.footer')}</div>
        </div>
      </div>
    </div>
  );
}
