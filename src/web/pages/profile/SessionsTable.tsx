import { Button, Popconfirm, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../api/types';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';

/** Sessions with their browser, sign-in and last activity, each with an "end" button; the owner's profile and the office's drawer share it. */
export function SessionsTable({ sessions, loading, onRevoke }: { sessions: SessionInfo[] | undefined; loading: boolean; onRevoke: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table<SessionInfo>
      rowKey="id"
      size="small"
      loading={loading}
      pagination={false}
      dataSource={sessions ?? []}
      locale={{ emptyText: t('security.noSessions') }}
      data-testid="sessions"
      columns={[
        { title: t('security.agent'), key: 'agent', render: (_, s) => <>{s.agent || '—'} {s.current && <Tag color="blue">{t('security.current')}</Tag>}</> },
        { title: t('security.createdAt'), key: 'created', render: (_, s) => formatDateTime(s.createdAt, lang) },
        { title: t('security.lastSeenAt'), key: 'seen', render: (_, s) => formatDateTime(s.lastSeenAt, lang) },
        {
          title: t('common.actions'), key: 'actions', width: 90,
          render: (_, s) => s.current ? null : (
            <Popconfirm title={t('security.revoke')} onConfirm={() => onRevoke(s.id)}>
              <Button size="small" danger data-testid="session-revoke">{t('security.revoke')}</Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}
