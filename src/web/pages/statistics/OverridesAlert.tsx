/*
 * The saved figures that differ from what the unit's accepted activities add up to, side by side
 * with the unit's reason, so the office reads them before deciding.
 *
 * Test ids:
 *   stat-overrides (data-count), stat-overrides-<indicatorKey>.
 */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UnitStatistics } from '../../api/statistics';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';

export function OverridesAlert({ data }: { data: UnitStatistics }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (data.overrides.length === 0) return null;
  const label = new Map(data.indicators.map((i) => [i.key, i]));
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="stat-overrides"
      data-count={data.overrides.length}
      title={t('statistics.overridesTitle', { n: data.overrides.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {data.overrides.map((o) => {
            const i = label.get(o.indicator);
            const reason = data.report?.comments[`override.${o.indicator}`];
            return (
              <li key={o.indicator} data-testid={`stat-overrides-${o.indicator}`}>
                {i ? tx(i.label, lang) : o.indicator}
                {t('punct.colon')}
                {t('statistics.overrideLine', { value: o.value, prefill: o.prefill })}
                {reason ? ` · ${t('statistics.explanation')}${t('punct.colon')}${reason}` : ''}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
