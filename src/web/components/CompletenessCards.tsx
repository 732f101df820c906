/*
 * How many owing units filed a form and how many on time, over all and per unit type: the same
 * cards on every office page that tracks a form (statistics table, summary report).
 *
 * Test ids: <prefix>-completeness-overall and <prefix>-completeness-<unitType>, each with
 * data-completeness and data-timeliness (0..1), and <that id>-completeness / -timeliness on the figures.
 */
import { Card, Col, Progress, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UnitType } from '../api/types';
import { percent } from '../pages/statistics/parts';

export interface CompletenessFigure { units: number; submitted: number; onTime: number; completeness: number; timeliness: number }

/** `texts` is the i18n namespace holding completeness, timeliness, reported, onTimeCount and overall. */
function FigureCard({ title, figure, testId, texts }: { title: string; figure: CompletenessFigure; testId: string; texts: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid={testId} data-completeness={figure.completeness} data-timeliness={figure.timeliness} style={{ height: '100%' }}>
      <Typography.Text strong>{title}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{t(`${texts}.completeness`)} </Typography.Text>
        <Typography.Text strong data-testid={`${testId}-completeness`}>
          {percent(figure.completeness)}
        </Typography.Text>
        <Progress percent={Math.round(figure.completeness * 100)} showInfo={false} size="small" />
      </div>
      <div>
        <Typography.Text type="secondary">{t(`${texts}.timeliness`)} </Typography.Text>
        <Typography.Text strong data-testid={`${testId}-timeliness`}>
          {percent(figure.timeliness)}
        </Typography.Text>
        <Progress percent={Math.round(figure.timeliness * 100)} showInfo={false} size="small" strokeColor="#52c41a" />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`${texts}.reported`, { submitted: figure.submitted, units: figure.units })} · {t(`${texts}.onTimeCount`, { n: figure.onTime })}
      </Typography.Text>
    </Card>
  );
}

export function CompletenessCards({ completeness, testIdPrefix, texts }: {
  completeness: { overall: CompletenessFigure; byType: (CompletenessFigure & { type: UnitType })[] };
  testIdPrefix: string;
  texts: 'statistics' | 'summary';
}) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
      <Col flex="1 1 200px">
        <FigureCard title={t(`${texts}.overall`)} figure={completeness.overall} testId={`${testIdPrefix}-completeness-overall`} texts={texts} />
      </Col>
      {completeness.byType.map((f) => (
        <Col key={f.type} flex="1 1 200px">
          <FigureCard title={t(`unitType.${f.type}`)} figure={f} testId={`${testIdPrefix}-completeness-${f.type}`} texts={texts} />
        </Col>
      ))}
    </Row>
  );
}
