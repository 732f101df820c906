/*
 * A finding under the figure it is about. A hard one blocks submission until the figures change;
 * a soft one (a doubtful rule, an outlier, a figure changed from the activities' pre-fill) only
 * needs an explanation, typed right here so the unit answers it where it reads it.
 *
 * Test ids:
 *   stat-finding-<findingKey> (data-severity: hard | soft; data-kind: rule | outlier | override),
 *   stat-comment-<findingKey> (textarea),
 *   stat-comment-error-<findingKey> (the server's message on the explanation).
 */
import { Input, Typography } from 'antd';
import { CloseCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StatisticsFinding } from '../../api/statistics';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';

export function FindingNote({
  finding: f,
  editable,
  comment,
  onComment,
  errors,
}: {
  finding: StatisticsFinding;
  editable: boolean;
  comment: string;
  onComment: (text: string) => void;
  errors: string[];
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const isHard = f.severity === 'hard';
  const missing = !isHard && !comment.trim();
  return (
    <div data-testid={`stat-finding-${f.key}`} data-severity={f.severity} data-kind={f.kind} style={{ marginTop: 4 }}>
      <Typography.Text type={isHard ? 'danger' : 'warning'}>
        {isHard ? <CloseCircleOutlined /> : <ExclamationCircleOutlined />} {tx(f.message, lang)}
      </Typography.Text>
      {f.median !== undefined && f.peers !== undefined && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('statistics.peerMedian', { median: f.median, peers: f.peers })}
          </Typography.Text>
        </div>
      )}
      {!isHard &&
        (editable ? (
          <div style={{ marginTop: 4 }}>
            <Input.TextArea
              data-testid={`stat-comment-${f.key}`}
              aria-label={t('statistics.commentLabel')}
              placeholder={`${t('statistics.commentLabel')}${t('punct.colon')}${t('statistics.commentPlaceholder')}`}
              value={comment}
              onChange={(e) => onComment(e.target.value)}
              status={errors.length ? 'error' : missing ? 'warning' : undefined}
              maxLength={500}
              autoSize={{ minRows: 2, maxRows: 6 }}
            />
            {errors.length > 0 && (
              <Typography.Text type="danger" data-testid={`stat-comment-error-${f.key}`}>
                {errors.join('；')}
              </Typography.Text>
            )}
          </div>
        ) : comment ? (
          <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', color: 'rgba(0,0,0,0.65)' }}>
            {t('statistics.explanation')}
            {t('punct.colon')}
            {comment}
          </div>
        ) : null)}
    </div>
  );
}
