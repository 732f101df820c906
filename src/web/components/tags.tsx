import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObligationStatus, Role, UnitType } from '../api/types';

export const STATUS_COLOR: Record<ObligationStatus, string> = {
  not_due: 'default',
  due_soon: 'orange',
  done_on_time: 'green',
  done_late: 'gold',
  overdue: 'red',
  returned: 'volcano',
};

export function StatusTag({ status }: { status: ObligationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}

const UNIT_TYPE_COLOR: Record<UnitType, string> = {
  city_office: 'red',
  county: 'blue',
  zone: 'cyan',
  department: 'purple',
  enterprise: 'orange',
  township: 'green',
};

export function UnitTypeTag({ type }: { type: UnitType }) {
  const { t } = useTranslation();
  return <Tag color={UNIT_TYPE_COLOR[type] ?? 'default'}>{t(`unitType.${type}`)}</Tag>;
}

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Tag color={role === 'city_admin' ? 'red' : role === 'leader' ? 'geekblue' : 'default'}>{t(`role.${role}`)}</Tag>;
}
