import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTwoFactor, useTwoFactorDisable, useTwoFactorEnable, useTwoFactorSetup } from '../../api/auth';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Setting up (QR code, secret, confirming code), the recovery codes shown once, and turning it off. */
export function TwoFactorCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const status = useTwoFactor();
  const setup = useTwoFactorSetup();
  const enable = useTwoFactorEnable();
  const disable = useTwoFactorDisable();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [confirmForm] = Form.useForm<{ code: string }>();
  const [disableForm] = Form.useForm<{ password: string; code: string }>();
  const s = status.data;

  const confirm = (v: { code: string }) =>
    enable.mutate({ code: v.code.trim() }, {
      onSuccess: (r) => { setRecoveryCodes(r.recoveryCodes); setup.reset(); void message.success(t('security.enabledDone')); },
    });
  const turnOff = (v: { password: string; code: string }) =>
    disable.mutate(v, { onSuccess: () => { disableForm.resetFields(); void message.success(t('security.disabledDone')); } });

  return (
    <Card
      title={t('security.twoFactor')}
      extra={s && <Tag color={s.enabled ? 'green' : 'default'} data-testid="twofactor-state">{s.enabled ? t('security.enabled') : t('security.disabled')}</Tag>}
      data-testid="twofactor-card"
    >
      <ErrorAlert error={status.error} />
      {recoveryCodes ? (
        <div data-testid="recovery-codes">
          <Alert type="warning" showIcon title={t('security.recoveryTitle')} description={t('security.recoveryHint')} style={{ marginBottom: 12 }} />
          <List
            size="small"
            bordered
            grid={{ column: 2 }}
            dataSource={recoveryCodes}
            renderItem={(c) => <List.Item><Typography.Text code copyable data-testid="recovery-code">{c}</Typography.Text></List.Item>}
          />
          <Button type="primary" onClick={() => setRecoveryCodes(null)} data-testid="recovery-done">{t('security.recoveryDone')}</Button>
        </div>
      ) : s && !s.enabled ? (
        <>
          <Typography.Paragraph type={s.required ? 'warning' : 'secondary'}>{s.required ? t('security.required') : t('security.optional')}</Typography.Paragraph>
          <ErrorAlert error={setup.error} />
          {!setup.data ? (
            <Button type="primary" loading={setup.isPending} onClick={() => setup.mutate()} data-testid="twofactor-start">{t('security.start')}</Button>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text>{t('security.scan')}</Typography.Text>
              <img src={setup.data.qr} alt="otpauth QR" width={200} height={200} data-testid="twofactor-qr" />
              <Typography.Text>
                {t('security.secret')}: <Typography.Text code copyable data-testid="twofactor-secret">{setup.data.secret}</Typography.Text>
              </Typography.Text>
              <ErrorAlert error={enable.error} form={confirmForm} />
              <Form form={confirmForm} layout="inline" onFinish={confirm}>
                <Form.Item name="code" label={t('security.confirmCode')} rules={[{ required: true, message: t('security.codeRequired') }]}>
                  <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} style={{ width: 120 }} data-testid="twofactor-code" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={enable.isPending} data-testid="twofactor-confirm">{t('security.confirm')}</Button>
              </Form>
            </Space>
          )}
        </>
      ) : s ? (
        <>
          <Typography.Paragraph data-testid="recovery-left">{t('security.recoveryLeft', { n: s.recoveryCodesLeft })}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('security.disableHint')}</Typography.Paragraph>
          <ErrorAlert error={disable.error} form={disableForm} />
          <Form form={disableForm} layout="vertical" onFinish={turnOff}>
            <Form.Item name="password" label={t('security.password')} rules={[{ required: true, message: t('form.required') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Form.Item name="code" label={t('security.code')} rules={[{ required: true, message: t('security.codeRequired') }]}>
              <Input autoComplete="one-time-code" />
            </Form.Item>
            <Button danger htmlType="submit" loading={disable.isPending}>{t('security.disable')}</Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}
