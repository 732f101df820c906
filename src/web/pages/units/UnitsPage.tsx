import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Button, Card, Input, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, ImportOutlined, NodeIndexOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { buildUnitTree, useSetUnitActive, useUnits, type UnitNode } from '../../api/units';
import type { Unit } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireRole, useCan } from '../../components/RequireRole';
import { UnitTypeTag } from '../../components/tags';
import UnitFormDrawer from './UnitFormDrawer';
import MoveUnitModal from './MoveUnitModal';

/** Keeps the nodes that match, and the ancestors that lead to them. */
function filterTree(nodes: UnitNode[], q: string): UnitNode[] {
  const out: UnitNode[] = [];
  for (const n of nodes) {
    const children = n.children ? filterTree(n.children, q) : [];
    const hit = [n.name, n.shortName, n.code].some((s) => s.toLowerCase().includes(q));
    if (hit || children.length > 0) out.push({ ...n, children: children.length > 0 ? children : hit ? n.children : undefined });
  }
  return out;
}

export default function UnitsPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const can = useCan();
  const mayWrite = can('units.write');
  const { data: units, isLoading, error } = useUnits();
  const setActive = useSetUnitActive();
  const [query, setQuery] = useState('');
  const [showInactive, setShowInactive] = useState(true);
  const [drawer, setDrawer] = useState<{ open: boolean; unit?: Unit; parentId?: number }>({ open: false });
  const [moving, setMoving] = useState<Unit | null>(null);
  const [expanded, setExpanded] = useState<readonly React.Key[] | null>(null);

  const tree = useMemo(() => {
    const list = (units ?? []).filter((u) => showInactive || u.active);
    const roots = buildUnitTree(list);
    const q = query.trim().toLowerCase();
    return q ? filterTree(roots, q) : roots;
  }, [units, query, showInactive]);

  // Top level open by default; everything open while searching.
  const expandedKeys = useMemo(() => {
    if (query.trim()) {
      const keys: number[] = [];
      const walk = (ns: UnitNode[]) => ns.forEach((n) => n.children && (keys.push(n.id), walk(n.children)));
      walk(tree);
      return keys;
    }
    return expanded ?? tree.map((n) => n.id);
  }, [tree, query, expanded]);

  const toggleActive = (u: Unit) =>
    setActive.mutate(
      { id: u.id, active: !u.active },
      { onSuccess: () => void message.success(u.active ? t('units.deactivated') : t('units.activated')) },
    );

  const columns: TableColumnsType<UnitNode> = [
    {
      title: t('units.name'),
      dataIndex: 'name',
      key: 'name',
      width: 300,
      render: (_, u) => (
        <span style={{ color: u.active ? undefined : 'rgba(0,0,0,0.35)', display: 'inline-block', verticalAlign: 'middle', ...wrapCell(300) }} data-unit-code={u.code}>
          {u.name}
          {!u.active && <Tag style={{ marginInlineStart: 6 }}>{t('units.inactive')}</Tag>}
        </span>
      ),
    },
    { title: t('units.code'), dataIndex: 'code', key: 'code', width: 110 },
    { title: t('units.shortName'), dataIndex: 'shortName', key: 'shortName', width: 140 },
    { title: t('units.type'), dataIndex: 'type', key: 'type', width: 140, render: (_, u) => <UnitTypeTag type={u.type} /> },
    ...(mayWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 300,
            render: (_: unknown, u: UnitNode) => (
              <Space size={0} wrap>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ open: true, unit: u })}>
                  {t('common.edit')}
                </Button>
                <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, parentId: u.id })}>
                  {t('units.addChild')}
                </Button>
                <Button type="link" size="small" icon={<NodeIndexOutlined />} onClick={() => setMoving(u)}>
                  {t('units.move')}
                </Button>
                <Popconfirm
                  title={u.active ? t('units.confirmDeactivate', { name: u.name }) : t('units.confirmActivate', { name: u.name })}
                  onConfirm={() => toggleActive(u)}
                >
                  <Button type="link" size="small" danger={u.active}>
                    {u.active ? t('units.deactivate') : t('units.activate')}
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
        title={t('nav.units')}
        sub={units ? t('units.total', { n: units.length }) : undefined}
        extra={
          <RequireRole permission="units.write" fallback={null}>
            <Link to="/units/import">
              <Button icon={<ImportOutlined />} data-testid="unit-import">
                {t('units.import')}
              </Button>
            </Link>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true })} data-testid="unit-new">
              {t('units.new')}
            </Button>
          </RequireRole>
        }
      />
      <ErrorAlert error={error ?? setActive.error} />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('units.search')}
            onChange={(e) => setQuery(e.target.value)}
            style={{ width: 260, maxWidth: '100%' }}
            data-testid="unit-search"
          />
          <span>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} />{' '}
            <Typography.Text>{t('units.showInactive')}</Typography.Text>
          </span>
        </Space>
        <Table<UnitNode>
          data-testid="unit-table"
          rowKey="id"
          size="middle"
          loading={isLoading}
          columns={columns}
          dataSource={tree}
          pagination={false}
          scroll={TABLE_SCROLL}
          expandable={{ expandedRowKeys: expandedKeys, onExpandedRowsChange: (keys) => setExpanded(keys) }}
          rowClassName={(u) => (u.active ? '' : 'unit-inactive')}
        />
      </Card>
      {mayWrite && (
        <UnitFormDrawer open={drawer.open} unit={drawer.unit} parentId={drawer.parentId} onClose={() => setDrawer({ open: false })} />
      )}
      {mayWrite && moving && <MoveUnitModal unit={moving} onClose={() => setMoving(null)} />}
    </div>
  );
}
