/*
 * The caller's unit's to-do list: every obligation of the campaign that applies to it, its
 * deadline and status. A coverage obligation names the task categories still without an accepted
 * activity, each linking to a new record of that category.
 *
 * Test ids:
 *   todo-unit, todo-table (rows carry data-key and the class todo-row-<status>),
 *   todo-missing-<obligationKey> (data-count), todo-missing-<obligationKey>-<categoryKey>.
 */
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMyObligations } from '../../api/obligations';
import { useUnits } from '../../api/units';
import { OBLIGATION_STATUSES, type MyObligationItem, type ObligationStatus } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { STATUS_COLOR, StatusTag } from '../../components/tags';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useLang } from '../../i18n';
import { formatDateTime, formatDeadline, tx } from '../../lib/format';

export default function TodoPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  const { data: units } = useUnits();
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const { data, isLoading, error } = useMyObligations(currentId, unitId);
  const can = useCan();

  // A unit with sub-units may look at each of them; the server scopes the list to the caller.
  const hasSubUnits = (units?.length ?? 0) > 1;

  const counts = useMemo(() => {
    const c: Record<ObligationStatus, number> = { not_due: 0, due_soon: 0, done_on_time: 0, done_late: 0, overdue: 0, returned: 0 };
    for (const item of data?.items ?? []) c[item.status] += 1;
    return c;
  }, [data]);

  const columns: TableColumnsType<MyObligationItem> = [
    {
      title: t('todo.obligation'),
      dataIndex: 'name',
      key: 'name',
      width: 280,
      render: (_, r) => (
        <div style={wrapCell(320)}>
          {tx(r.name, lang)}
          {r.description && (
            <Tooltip title={tx(r.description, lang)}>
              <InfoCircleOutlined style={{ marginInlineStart: 6, color: 'rgba(0,0,0,0.45)' }} />
            </Tooltip>
          )}
          {r.missing && r.missing.length > 0 && (
            <div data-testid={`todo-missing-${r.key}`} data-count={r.missing.length} style={{ marginTop: 4 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('todo.missingCategories')}
              </Typography.Text>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 2 }}>
                {r.missing.map((m) => {
                  const tag = (
                    <Tag color="red" style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
                      {tx(m.name, lang)}
                    </Tag>
                  );
                  return can('activities.write') ? (
                    <Link key={m.key} to={`/activities/new?category=${encodeURIComponent(m.key)}`} data-testid={`todo-missing-${r.key}-${m.key}`}>
                      {tag}
                    </Link>
                  ) : (
                    <span key={m.key} data-testid={`todo-missing-${r.key}-${m.key}`}>
                      {tag}
                    </span>
                  );
                })}
              </div>
            </div>
          )}
        </div>
      ),
    },
    { title: t('todo.section'), dataIndex: 'section', key: 'section', width: 110 },
    {
      title: t('todo.deadline'),
      dataIndex: 'due',
      key: 'due',
      width: 190,
      sorter: (a, b) => a.due.localeCompare(b.due),
      defaultSortOrder: 'ascend',
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDeadline(v, lang)}</span>,
    },
    {
      title: t('todo.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      filters: OBLIGATION_STATUSES.map((s) => ({ text: t(`status.${s}`), value: s })),
      onFilter: (v, r) => r.status === v,
      render: (s: ObligationStatus) => <StatusTag status={s} />,
    },
    {
      title: t('todo.fulfilledAt'),
      dataIndex: 'fulfilledAt',
      key: 'fulfilledAt',
      width: 170,
      render: (v: string | null) => (v ? <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v, lang)}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('todo.count'),
      key: 'count',
      width: 110,
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {r.count} / {r.minCount}
          {r.targetCount !== undefined && (
            <Typography.Text type="secondary"> {t('todo.target', { n: r.targetCount })}</Typography.Text>
          )}
        </span>
      ),
    },
  ];

  if (gate) return gate;

  return (
    <div>
      <PageHeader
        title={t('nav.todo')}
        sub={data ? `${data.unit.name}${t('punct.paren', { x: data.unit.code })}` : undefined}
        extra={
          hasSubUnits ? (
            <UnitTreeSelect
              data-testid="todo-unit"
              value={unitId ?? data?.unit.id}
              onChange={setUnitId}
              style={{ minWidth: 240, maxWidth: '100%' }}
            />
          ) : undefined
        }
      />
      <ErrorAlert error={error} />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          {OBLIGATION_STATUSES.map((s) => (
            <Tag key={s} color={STATUS_COLOR[s]}>
              {t(`status.${s}`)}{t('punct.colon')}{counts[s]}
            </Tag>
          ))}
        </Space>
        <Table<MyObligationItem>
          data-testid="todo-table"
          rowKey="key"
          size="middle"
          loading={isLoading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={TABLE_SCROLL}
          locale={{ emptyText: t('todo.empty') }}
          rowClassName={(r) => `todo-row-${r.status}`}
          onRow={(r) => ({ 'data-key': r.key }) as React.HTMLAttributes<HTMLElement>}
        />
      </Card>
    </div>
  );
}
