import type { ReactNode } from 'react';
import { Empty, Spin } from 'antd';
import { ErrorAlert } from './ErrorAlert';
import { PageHeader } from './PageHeader';

/**
 * What a record's page shows before it has the record: a bad address, the error that kept it
 * away, or a spinner. Null once the record is there to draw.
 */
export function recordGate(p: { badId: boolean; badIdText: string; error: unknown; ready: boolean; title: string; back: ReactNode }): ReactNode | null {
  if (p.badId) return <Empty description={p.badIdText} />;
  if (p.error && !p.ready) {
    return (
      <div>
        <PageHeader title={p.title} extra={p.back} />
        <ErrorAlert error={p.error} />
      </div>
    );
  }
  if (!p.ready) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  return null;
}
