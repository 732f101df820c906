import { App as AntApp, Button, Drawer, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAccountAction, useAccountSessions, useRevokeAccountSession } from '../../api/accounts';
import type { Account } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SessionsTable } from '../profile/SessionsTable';

/** The office's view of one account's sign-in: clear its failed-login limits, reset its second factor, end its sessions. */
export default function AccountSecurityDrawer({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const sessions = useAccountSessions(account?.id ?? null);
  const unlock = useAccountAction('unlock');
  const resetTwoFactor = useAccountAction('reset-two-factor');
  const revoke = useRevokeAccountSession();
  if (!account) return null;
  return (
    <Drawer open title={t('security.accountSessions', { name: account.displayName })} width={640} onClose={onClose} data-testid="account-security">
      <ErrorAlert error={sessions.error ?? unlock.error ?? resetTwoFactor.error ?? revoke.error} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t('security.twoFactor')}:</Typography.Text>
        <Tag color={account.twoFactorEnabled ? 'green' : 'default'}>{account.twoFactorEnabled ? t('security.enabled') : t('security.disabled')}</Tag>
        <Button onClick={() => unlock.mutate(account.id, { onSuccess: () => void message.success(t('security.unlocked')) })} loading={unlock.isPending} data-testid="account-unlock">
          {t('security.unlock')}
        </Button>
        <Popconfirm title={t('security.resetTwoFactorConfirm')} onConfirm={() => resetTwoFactor.mutate(account.id, { onSuccess: () => { void message.success(t('security.twoFactorReset')); onClose(); } })}>
          <Button danger disabled={!account.twoFactorEnabled} data-testid="account-reset-two-factor">{t('security.resetTwoFactor')}</Button>
        </Popconfirm>
      </Space>
      <SessionsTable
        sessions={sessions.data}
        loading={sessions.isLoading}
        onRevoke={(sessionId) => revoke.mutate({ id: account.id, sessionId }, { onSuccess: () => void message.success(t('security.revoked')) })}
      />
    </Drawer>
  );
}
