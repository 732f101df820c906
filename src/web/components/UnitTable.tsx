import { Table } from 'antd';
import type { TableProps } from 'antd';
import { TABLE_SCROLL } from './table';

type Props<R> = Omit<TableProps<R>, 'rowKey' | 'size' | 'bordered' | 'pagination' | 'scroll'>;

/** The office's lists of units: one row a unit and every unit on one page, to compare them at a glance. */
export function UnitTable<R extends { unit: { id: number } }>(props: Props<R>) {
  return <Table<R> rowKey={(r) => r.unit.id} size="small" bordered pagination={false} scroll={TABLE_SCROLL} {...props} />;
}
