/*
 * The columns every office list of units' filings starts with — number, unit, status (with the
 * late mark once filed), first submitted and last submitted — for the statistics tables and the
 * summaries alike; each page adds its own after them.
 */
import type { ReactNode } from 'react';
import { Space } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import type { Lang } from '../lib/format';
import { formatDateTime } from '../lib/format';
import { LateTag } from '../pages/statistics/parts';
import { wrapCell } from './table';
import { UnitTypeTag } from './tags';
import type { UnitType } from '../api/types';

export interface FilingRow {
  unit: { name: string; type: UnitType };
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  late: boolean;
}

export function filingColumns<R extends FilingRow>(t: TFunction, lang: Lang, ns: 'statistics' | 'summary', statusTag: (r: R) => ReactNode): TableColumnsType<R> {
  return [
    { title: t(`${ns}.index`), key: 'index', width: 60, render: (_, __, n) => n + 1 },
    {
      title: t(`${ns}.unit`),
      key: 'unit',
      width: 220,
      render: (_, r) => (
        <div style={wrapCell(240)}>
          <div style={{ fontWeight: 500 }}>{r.unit.name}</div>
          <UnitTypeTag type={r.unit.type} />
        </div>
      ),
    },
    {
      title: t(`${ns}.status`),
      key: 'status',
      width: 120,
      render: (_, r) => (
        <Space size={4} wrap>
          {statusTag(r)}
          {r.firstSubmittedAt && <LateTag late={r.late} />}
        </Space>
      ),
    },
    {
      title: t(`${ns}.firstSubmittedAt`),
      key: 'firstSubmittedAt',
      width: 160,
      render: (_, r) => (r.firstSubmittedAt ? formatDateTime(r.firstSubmittedAt, lang) : '—'),
    },
    {
      title: t(`${ns}.submittedAt`),
      key: 'submittedAt',
      width: 160,
      render: (_, r) => (r.submittedAt ? formatDateTime(r.submittedAt, lang) : '—'),
    },
  ];
}
