import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PackageStatus } from '../../api/packages';

const STATUS_COLOR: Record<PackageStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

export function PackageStatusTag({ status }: { status: PackageStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`packages.statuses.${status}`)}
    </Tag>
  );
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → 1.5 KB: binary multiples, one decimal below 10 of a unit. */
export function formatBytes(bytes: number): string {
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < UNITS.length - 1) {
    n /= 1024;
    u++;
  }
  return `${u === 0 || n >= 10 ? Math.round(n) : n.toFixed(1)} ${UNITS[u]}`;
}
