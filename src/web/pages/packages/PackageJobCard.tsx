/*
 * One package: what it holds, how far the server has got (asked every second until it is done
 * or failed), its size, why it failed, and the download once the zip is whole.
 *
 * Test ids:
 *   pkg-job-<id> (data-status: queued | running | done | failed), pkg-progress-<id> (data-done,
 *   data-total), pkg-download-<id> (a link: the browser saves the zip straight to disk).
 */
import { Alert, Button, Card, Descriptions, Progress, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { usePackageJob, type PackageJob } from '../../api/packages';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { formatBytes, PackageStatusTag } from './parts';

export function PackageJobCard({ campaignId, listed }: { campaignId: number; listed: PackageJob }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data } = usePackageJob(campaignId, listed);
  const job = data ?? listed;
  const percent = job.status === 'done' ? 100 : job.total > 0 ? Math.min(99, Math.floor((job.done / job.total) * 100)) : 0;
  const what = job.unit ? `${job.unit.name} · ${job.unit.code}` : t('packages.scopeAll');

  return (
    <Card size="small" data-testid={`pkg-job-${job.id}`} data-status={job.status} style={{ marginBottom: 8 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        <Space size={8} wrap style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ wordBreak: 'break-word' }}>
            {what}
          </Typography.Text>
          <PackageStatusTag status={job.status} />
        </Space>
        {job.status === 'done' && job.downloadUrl && (
          // A plain link, not a fetch: an all-units package can be gigabytes, which the browser
          // streams to disk; the session cookie goes with it as with any same-site request.
          <Button type="primary" href={job.downloadUrl} download icon={<DownloadOutlined />} data-testid={`pkg-download-${job.id}`}>
            {t('packages.download')}
          </Button>
        )}
      </div>
      <div data-testid={`pkg-progress-${job.id}`} data-done={job.done} data-total={job.total} style={{ marginTop: 8 }}>
        <Progress
          percent={percent}
          status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
          size="small"
          format={() => t('packages.files', { done: job.done, total: job.total })}
        />
      </div>
      {job.error && (
        <Alert type="error" showIcon style={{ marginTop: 8 }} title={lang === 'en' ? job.error.messageEn || job.error.message : job.error.message} />
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('packages.createdAt')}>{formatDateTime(job.createdAt, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('packages.finishedAt')}>{job.finishedAt ? formatDateTime(job.finishedAt, lang) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('packages.size')}>{job.bytes !== null ? formatBytes(job.bytes) : '—'}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
