/*
 * One task category of the table: its indicators as whole-number inputs, each with the findings
 * raised on it and, when sub-units report, their total for comparison. A panel is a Collapse item
 * (title, tally, body) so every category can be folded while its counts stay visible.
 *
 * Test ids:
 *   stat-category-<categoryKey> (the panel's title), stat-input-<indicatorKey> (the <input>),
 *   stat-error-<indicatorKey> (the server's message on it); the findings are FindingNote's, the
 *   activities' pre-fill PrefillHint's.
 */
import { Col, Form, InputNumber, Row, Space, Tag, Typography, type CollapseProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_INDICATOR_VALUE } from '../../../domain/forms/statistics.rules';
import { indicatorDecimals } from '../../../domain/forms/indicator';
import type { StatisticsCategory, StatisticsIndicator, UnitStatistics } from '../../api/statistics';
import { useLang } from '../../i18n';
import { tx, type Lang } from '../../lib/format';
import { FindingNote } from './FindingNote';
import { PrefillHint } from './PrefillHint';
import type { StatisticsEditor } from './useStatisticsEditor';

export interface CategoryGroup {
  key: string;
  title: string;
  indicators: StatisticsIndicator[];
}

type Editor = Pick<StatisticsEditor, 'editable' | 'prefill' | 'values' | 'comments' | 'byIndicator' | 'errorsFor' | 'setValue' | 'setComment'>;
type SubUnits = UnitStatistics['subUnits'];

/** The plan's categories in order; indicators of a category the plan does not list still get a panel, so no figure is hidden. */
export function categoryGroups(categories: StatisticsCategory[], indicators: StatisticsIndicator[], lang: Lang): CategoryGroup[] {
  const known = new Set(categories.map((c) => c.key));
  const out = categories.map((c) => ({
    key: c.key,
    title: `${c.section} ${tx(c.name, lang)}`,
    indicators: indicators.filter((i) => i.category === c.key),
  }));
  const stray = indicators.filter((i) => !known.has(i.category));
  if (stray.length) out.push({ key: '_other', title: '—', indicators: stray });
  return out.filter((g) => g.indicators.length > 0);
}

type CollapseItem = NonNullable<CollapseProps['items']>[number];

export function categoryItem(group: CategoryGroup, editor: Editor, subUnits: SubUnits): CollapseItem {
  return {
    key: group.key,
    forceRender: true,
    label: (
      <span data-testid={`stat-category-${group.key}`} style={{ fontWeight: 500 }}>
        {group.title}
      </span>
    ),
    extra: <CategoryTally group={group} editor={editor} />,
    children: <CategoryPanel group={group} editor={editor} subUnits={subUnits} />,
  };
}

function CategoryTally({ group, editor }: { group: CategoryGroup; editor: Editor }) {
  const { t } = useTranslation();
  const own = group.indicators.flatMap((i) => editor.byIndicator.get(i.key) ?? []);
  const nHard = own.filter((f) => f.severity === 'hard').length;
  const nSoft = own.length - nHard;
  const filled = group.indicators.filter((i) => editor.values[i.key] !== null && editor.values[i.key] !== undefined).length;
  return (
    <Space size={4} wrap>
      {nHard > 0 && <Tag color="red" style={{ marginInlineEnd: 0 }}>{nHard}</Tag>}
      {nSoft > 0 && <Tag color="gold" style={{ marginInlineEnd: 0 }}>{nSoft}</Tag>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('statistics.filled', { n: filled, total: group.indicators.length })}
      </Typography.Text>
    </Space>
  );
}

export function CategoryPanel({ group, editor, subUnits }: { group: CategoryGroup; editor: Editor; subUnits: SubUnits }) {
  return (
    <Row gutter={16}>
      {group.indicators.map((i) => (
        <IndicatorField key={i.key} indicator={i} editor={editor} subUnits={subUnits} />
      ))}
    </Row>
  );
}

function IndicatorField({ indicator: i, editor, subUnits }: { indicator: StatisticsIndicator; editor: Editor; subUnits: SubUnits }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { editable, values, comments, errorsFor, setValue, setComment } = editor;
  const prefill = editor.prefill[i.key];
  const own = editor.byIndicator.get(i.key) ?? [];
  const serverErrors = errorsFor(`values.${i.key}`);
  // The server names a broken rule on the same cell the live check already marks: say it once.
  const shown = new Set(own.map((f) => tx(f.message, lang)));
  const help = serverErrors.filter((m) => !shown.has(m));
  const status = serverErrors.length || own.some((f) => f.severity === 'hard') ? 'error' : own.length ? 'warning' : undefined;
  return (
    <Col xs={24} md={12} xl={8}>
      <Form.Item
        label={tx(i.label, lang)}
        validateStatus={status}
        help={help.length ? <span data-testid={`stat-error-${i.key}`}>{help.join('；')}</span> : undefined}
        extra={
          own.length || subUnits.reports > 0 || prefill !== undefined ? (
            <div>
              <PrefillHint indicator={i} prefill={prefill} value={values[i.key]} />
              {subUnits.reports > 0 && (
                <div>
                  {t('statistics.subUnitTotal', { n: subUnits.total[i.key] ?? 0 })} {tx(i.measure, lang)}
                </div>
              )}
              {own.map((f) => (
                <FindingNote
                  key={f.key}
                  finding={f}
                  editable={editable}
                  comment={comments[f.key] ?? ''}
                  onComment={(text) => setComment(f.key, text)}
                  errors={errorsFor(`comments.${f.key}`)}
                />
              ))}
            </div>
          ) : undefined
        }
        style={{ marginBottom: 16 }}
      >
        <InputNumber<number>
          data-testid={`stat-input-${i.key}`}
          aria-label={tx(i.label, lang)}
          value={values[i.key] ?? null}
          onChange={(v) => setValue(i.key, typeof v === 'number' ? v : null)}
          min={i.allowNegative ? -MAX_INDICATOR_VALUE : 0}
          max={MAX_INDICATOR_VALUE}
          precision={indicatorDecimals(i)}
          step={10 ** -indicatorDecimals(i)}
          inputMode={indicatorDecimals(i) ? 'decimal' : 'numeric'}
          readOnly={!editable}
          variant={editable ? 'outlined' : 'filled'}
          suffix={tx(i.measure, lang)}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </Col>
  );
}
