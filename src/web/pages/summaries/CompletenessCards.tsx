/*
 * How many units of each type have filed their summary and how many on time, and over all.
 *
 * Test ids:
 *   sum-completeness-overall, sum-completeness-<unitType> (each with data-completeness and
 *   data-timeliness, 0..1), and <that id>-completeness / -timeliness on the figures.
 */
import { Card, Col, Progress, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SummaryFigure, SummaryOfficeList } from '../../api/summaries';
import { percent } from '../statistics/parts';

function FigureCard({ title, figure, testId }: { title: string; figure: SummaryFigure; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid={testId} data-completeness={figure.completeness} data-timeliness={figure.timeliness} style={{ height: '100%' }}>
      <Typography.Text strong>{title}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{t('summary.completeness')} </Typography.Text>
        <Typography.Text strong data-testid={`${testId}-completeness`}>
          {percent(figure.completeness)}
        </Typography.Text>
        <Progress percent={Math.round(figure.completeness * 100)} showInfo={false} size="small" />
      </div>
      <div>
        <Typography.Text type="secondary">{t('summary.timeliness')} </Typography.Text>
        <Typography.Text strong data-testid={`${testId}-timeliness`}>
          {percent(figure.timeliness)}
        </Typography.Text>
        <Progress percent={Math.round(figure.timeliness * 100)} showInfo={false} size="small" strokeColor="#52c41a" />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('summary.reported', { submitted: figure.submitted, units: figure.units })} · {t('summary.onTimeCount', { n: figure.onTime })}
      </Typography.Text>
    </Card>
  );
}

export function CompletenessCards({ completeness }: { completeness: SummaryOfficeList['completeness'] }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
      <Col flex="1 1 200px">
        <FigureCard title={t('summary.overall')} figure={completeness.overall} testId="sum-completeness-overall" />
      </Col>
      {completeness.byType.map((f) => (
        <Col key={f.type} flex="1 1 200px">
          <FigureCard title={t(`unitType.${f.type}`)} figure={f} testId={`sum-completeness-${f.type}`} />
        </Col>
      ))}
    </Row>
  );
}
