import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { UNIT_TYPES, type UnitType } from '../api/types';

/** The kinds of unit the plan asks to report; the city office and townships never appear in those lists. */
export const REPORTING_UNIT_TYPES = UNIT_TYPES.filter((u) => u !== 'city_office' && u !== 'township');

interface Props {
  value: UnitType | undefined;
  /** Cleared, the filter gives undefined: every type. */
  onChange: (value: UnitType | undefined) => void;
  types?: readonly UnitType[];
  testId: string;
  style?: React.CSSProperties;
}

/** The unit-type filter in the header of the office's lists. */
export function UnitTypeFilter({ value, onChange, types = UNIT_TYPES, testId, style = { width: 200 } }: Props) {
  const { t } = useTranslation();
  return (
    <Select<UnitType>
      allowClear
      placeholder={t('matrix.allUnitTypes')}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      style={style}
      data-testid={testId}
      options={types.map((u) => ({ value: u, label: t(`unitType.${u}`) }))}
    />
  );
}
