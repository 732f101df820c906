import { App as AntApp, Alert, Button, Card, Col, Descriptions, Form, Input, Row, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useChangePassword, useMe, useMySessions, useRevokeMySession } from '../../api/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RoleTag, UnitTypeTag } from '../../components/tags';
import { SessionsTable } from './SessionsTable';
import { TwoFactorCard } from './TwoFactorCard';

const PASSWORD_MIN = 10;

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const forced = Boolean(me?.mustChangePassword);
  const sessions = useMySessions();
  const revoke = useRevokeMySession();

  const submit = (v: Values) => {
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          void message.success(t('profile.changed'));
          form.resetFields();
          if (forced) navigate('/', { replace: true });
        },
      },
    );
  };


  return (
    <div>
      <PageHeader title={t('nav.profile')} />
      {forced && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('profile.mustChange')} data-testid="must-change" />}
      {me?.restriction === 'two_factor_enrolment' && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('security.mustEnrol')} data-testid="must-enrol" />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('profile.account')}>
            {me && (
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'u', label: t('accounts.username'), children: me.username },
                  { key: 'd', label: t('accounts.displayName'), children: me.displayName },
                  {
                    key: 'unit',
                    label: t('accounts.unit'),
                    children: (
                      <Space wrap>
                        {me.unit.name}
                        <UnitTypeTag type={me.unit.type} />
                      </Space>
                    ),
                  },
                  {
                    key: 'r',
                    label: t('accounts.roles'),
                    children: (
                      <Space size={[0, 4]} wrap>
                        {me.roles.map((r) => (
                          <RoleTag key={r} role={r} />
                        ))}
                      </Space>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('profile.changePassword')}>
            <ErrorAlert error={change.error} form={form} codeFields={{ 'auth.invalid_credentials': 'currentPassword' }} />
            <Form form={form} layout="vertical" onFinish={submit} data-testid="password-form">
              <Form.Item name="currentPassword" label={t('profile.currentPassword')} rules={[{ required: true, message: t('form.required') }]}>
                <Input.Password autoComplete="current-password" data-testid="password-current" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t('profile.newPassword')}
                extra={t('profile.passwordRule', { n: PASSWORD_MIN })}
                rules={[
                  { required: true, message: t('form.required') },
                  { min: PASSWORD_MIN, message: t('profile.passwordTooShort', { n: PASSWORD_MIN }) },
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="password-new" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('profile.confirmPassword')}
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('form.required') },
                  ({ getFieldValue }) => ({
                    validator: (_, v) =>
                      !v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('profile.mismatch'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="password-confirm" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
                {t('profile.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <TwoFactorCard />
        </Col>
        {!me?.restriction && (
          <Col xs={24} lg={12}>
            <Card title={t('security.sessions')}>
              <ErrorAlert error={sessions.error ?? revoke.error} />
              <SessionsTable sessions={sessions.data} loading={sessions.isLoading} onRevoke={(id) => revoke.mutate(id, { onSuccess: () => void message.success(t('security.revoked')) })} />
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
