/*
 * What the activity adds to the unit's statistics table (附件2) once accepted: the indicators of
 * its category and any its forms count, each with the figure the forms suggest and the figure
 * that will count. Until the unit types a figure the suggestion follows the forms and
 * participants as they change; a typed figure replaces the whole suggestion (an activity's
 * contributions are one set), and "use the forms' figures" goes back.
 *
 * Test ids:
 *   act-contrib (the table; data-own: true when the unit's own figures apply),
 *   act-contrib-<indicatorKey> (the input), act-contrib-error-<indicatorKey>, act-contrib-reset.
 */
import { Button, InputNumber, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_INDICATOR_VALUE } from '../../../domain/forms/statistics.rules';
import type { Contributions } from '../../api/activities';
import { ApiError } from '../../api/client';
import type { StatisticsIndicator } from '../../api/statistics';
import { TABLE_SCROLL } from '../../components/table';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import type { ActivityEditor } from './useActivityEditor';

type Editor = Pick<ActivityEditor, 'editable' | 'suggested' | 'own' | 'setContribution' | 'resetContributions' | 'error'>;

interface Row {
  indicator: StatisticsIndicator;
  suggested: number | undefined;
}

/** The category's indicators first, in the table's order, then any other the figures mention. */
function rowsOf(indicators: StatisticsIndicator[], category: string | undefined, suggested: Contributions, own: Record<string, number | null> | null): Row[] {
  const mentioned = new Set([...Object.keys(suggested), ...Object.keys(own ?? {})]);
  return indicators
    .filter((i) => i.category === category || mentioned.has(i.key))
    .map((indicator) => ({ indicator, suggested: suggested[indicator.key] }));
}

export function ContributionsTable({
  editor,
  indicators,
  category,
}: {
  editor: Editor;
  indicators: StatisticsIndicator[];
  category: string | undefined;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { own, suggested, editable } = editor;
  const rows = rowsOf(indicators, category, suggested, own);
  const fieldErrors = editor.error instanceof ApiError ? editor.error.fields : [];
  const errorOf = (key: string) =>
    fieldErrors
      .filter((f) => f.field === `contributions.${key}`)
      .map((f) => (lang === 'en' ? f.messageEn || f.message : f.message))
      .join('；');

  if (!category) return <Typography.Text type="secondary">{t('activities.chooseCategoryFirst')}</Typography.Text>;

  return (
    <div data-testid="act-contrib" data-own={own ? 'true' : 'false'}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {own ? t('activities.contribOwn') : t('activities.contribDefault')}
        {own && editable && (
          <Button type="link" size="small" onClick={editor.resetContributions} data-testid="act-contrib-reset">
            {t('activities.contribReset')}
          </Button>
        )}
      </Typography.Paragraph>
      <Table<Row>
        rowKey={(r) => r.indicator.key}
        size="small"
        pagination={false}
        scroll={TABLE_SCROLL}
        dataSource={rows}
        columns={[
          { title: t('activities.indicator'), key: 'label', render: (_, r) => tx(r.indicator.label, lang) },
          {
            title: t('activities.suggested'),
            key: 'suggested',
            width: 90,
            align: 'right',
            render: (_, r) => r.suggested ?? <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            title: t('activities.counts'),
            key: 'value',
            width: 170,
            render: (_, r) => {
              const value = own ? (own[r.indicator.key] ?? null) : (r.suggested ?? null);
              const err = errorOf(r.indicator.key);
              return (
                <div>
                  <InputNumber<number>
                    data-testid={`act-contrib-${r.indicator.key}`}
                    aria-label={tx(r.indicator.label, lang)}
                    value={value}
                    onChange={(v) => editor.setContribution(r.indicator.key, typeof v === 'number' ? v : null)}
                    min={0}
                    max={MAX_INDICATOR_VALUE}
                    precision={0}
                    inputMode="numeric"
                    disabled={!editable}
                    status={err ? 'error' : undefined}
                    suffix={tx(r.indicator.measure, lang)}
                    style={{ width: 150 }}
                  />
                  {err && (
                    <div>
                      <Typography.Text type="danger" data-testid={`act-contrib-error-${r.indicator.key}`}>
                        {err}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              );
            },
          },
        ]}
      />
    </div>
  );
}
