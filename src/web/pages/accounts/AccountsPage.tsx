import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useState } from 'react';
import { Button, Card, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, KeyOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAccounts, useResetPassword } from '../../api/accounts';
import type { Account } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireRole, useCan } from '../../components/RequireRole';
import { RoleTag } from '../../components/tags';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import AccountFormDrawer from './AccountFormDrawer';
import AccountSecurityDrawer from './AccountSecurityDrawer';

export default function AccountsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const mayWrite = can('accounts.write');
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const [search, setSearch] = useState('');
  const { data, isLoading, error } = useAccounts(unitId);
  const reset = useResetPassword();
  const [drawer, setDrawer] = useState<{ open: boolean; account?: Account }>({ open: false });
  const [generated, setGenerated] = useState<{ username: string; password: string } | null>(null);
  const [security, setSecurity] = useState<Account | null>(null);

  const q = search.trim().toLowerCase();
  const rows = (data ?? []).filter(
    (a) => !q || a.username.toLowerCase().includes(q) || a.displayName.toLowerCase().includes(q),
  );

  const doReset = (a: Account) =>
    reset.mutate(a.id, {
      onSuccess: (r) => setGenerated({ username: a.username, password: r.password }),
    });

  const columns: TableColumnsType<Account> = [
    { title: t('accounts.username'), dataIndex: 'username', key: 'username', width: 140 },
    { title: t('accounts.displayName'), dataIndex: 'displayName', key: 'displayName', width: 120 },
    { title: t('accounts.unit'), key: 'unit', width: 200, render: (_, a) => <div style={wrapCell(220)}>{a.unit.name}</div> },
    {
      title: t('accounts.roles'),
      key: 'roles',
      width: 220,
      render: (_, a) => (
        <Space size={[0, 4]} wrap style={wrapCell(260)}>
          {a.roles.map((r) => (
            <RoleTag key={r} role={r} />
          ))}
        </Space>
      ),
    },
    {
      title: t('accounts.state'),
      key: 'state',
      width: 150,
      render: (_, a) => {
        const locked = a.lockedUntil && Date.parse(a.lockedUntil) > Date.now();
        return (
          <Space size={[0, 4]} wrap>
            {a.active ? <Tag color="green">{t('accounts.enabled')}</Tag> : <Tag>{t('accounts.disabled')}</Tag>}
            {locked && (
              <Tag color="red" title={formatDateTime(a.lockedUntil, lang)}>
                {t('accounts.lockedUntil', { at: formatDateTime(a.lockedUntil, lang) })}
              </Tag>
            )}
          </Space>
        );
      },
    },
    {
      title: t('accounts.lastLogin'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      width: 170,
      render: (v: string | null) => (v ? formatDateTime(v, lang) : <Typography.Text type="secondary">{t('accounts.never')}</Typography.Text>),
    },
    ...(mayWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 260,
            render: (_: unknown, a: Account) => (
              <Space size={0} wrap>
                <Button type="link" size="small" icon={<SafetyOutlined />} onClick={() => setSecurity(a)} data-testid={`account-security-${a.username}`}>
                  {t('security.sessions')}
                </Button>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ open: true, account: a })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('accounts.confirmReset', { name: a.displayName })} onConfirm={() => doReset(a)}>
                  <Button type="link" size="small" icon={<KeyOutlined />} data-testid={`account-reset-${a.username}`}>
                    {t('accounts.resetPassword')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('nav.accounts')}
        extra={
          <RequireRole permission="accounts.write" fallback={null}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="account-new" onClick={() => setDrawer({ open: true })}>
              {t('accounts.new')}
            </Button>
          </RequireRole>
        }
      />
      <ErrorAlert error={error ?? reset.error} />
      <Card>
        <Space wrap style={{ marginBottom: 12, width: '100%' }}>
          <UnitTreeSelect
            allowClear
            value={unitId}
            onChange={setUnitId}
            placeholder={t('accounts.filterUnit')}
            includeInactive
            style={{ width: 280, maxWidth: '100%' }}
            data-testid="account-filter-unit"
          />
          <Input.Search allowClear placeholder={t('accounts.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 220, maxWidth: '100%' }} />
        </Space>
        <Table<Account>
          data-testid="account-table"
          rowKey="id"
          size="middle"
          loading={isLoading}
          columns={columns}
          dataSource={rows}
          scroll={TABLE_SCROLL}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          rowClassName={(a) => (a.active ? '' : 'account-inactive')}
        />
      </Card>
      {mayWrite && (
        <AccountFormDrawer
          open={drawer.open}
          account={drawer.account}
          defaultUnitId={unitId}
          onClose={() => setDrawer({ open: false })}
        />
      )}
      {mayWrite && <AccountSecurityDrawer account={security} onClose={() => setSecurity(null)} />}
      <Modal
        open={generated !== null}
        title={t('accounts.newPasswordTitle')}
        onCancel={() => setGenerated(null)}
        footer={
          <Button type="primary" onClick={() => setGenerated(null)}>
            {t('common.done')}
          </Button>
        }
      >
        <Typography.Paragraph>{t('accounts.newPasswordFor', { username: generated?.username ?? '' })}</Typography.Paragraph>
        <Typography.Paragraph
          copyable={{ text: generated?.password ?? '', tooltips: [t('common.copy'), t('common.copied')] }}
          code
          style={{ fontSize: 18 }}
          data-testid="generated-password"
        >
          {generated?.password}
        </Typography.Paragraph>
        <Typography.Text type="warning">{t('accounts.newPasswordOnce')}</Typography.Text>
      </Modal>
    </div>
  );
}
