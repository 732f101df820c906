import type { ReactNode } from 'react';
import { Space, Typography } from 'antd';

/** One step in a record's history: what was done, the status it led to, when and by whom, and the comment. */
export function HistoryEntry({ action, toStatus, title, detail, tag, meta, comment }: {
  action: string;
  toStatus: string;
  title: ReactNode;
  detail?: ReactNode;
  tag?: ReactNode;
  meta: (string | null | undefined)[];
  comment: string | null;
}) {
  return (
    <div data-action={action} data-to-status={toStatus}>
      <Space size={6} wrap>
        <strong>{title}</strong>
        {detail}
        {tag}
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {meta.filter(Boolean).join(' · ')}
        </Typography.Text>
      </div>
      {comment && <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{comment}</div>}
    </div>
  );
}
