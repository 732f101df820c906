import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { buildUnitTree, useUnits, type UnitNode } from '../api/units';

interface TreeOption {
  value: number;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

function toOptions(nodes: UnitNode[], exclude?: Set<number>, includeInactive?: boolean): TreeOption[] {
  return nodes
    .filter((n) => includeInactive || n.active)
    .map((n) => ({
      value: n.id,
      title: `${n.name} · ${n.code}`,
      disabled: exclude?.has(n.id) ?? false,
      children: n.children ? toOptions(n.children, exclude, includeInactive) : undefined,
    }));
}

interface Props {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Units that may not be chosen (e.g. a unit's own subtree when moving it). */
  exclude?: Set<number>;
  includeInactive?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Chooses a unit from the caller's scope, shown as the unit tree. */
export function UnitTreeSelect({ value, onChange, placeholder, allowClear, exclude, includeInactive, style, ...rest }: Props) {
  const { t } = useTranslation();
  const { data: units, isLoading } = useUnits();
  const treeData = useMemo(
    () => toOptions(buildUnitTree(units ?? []), exclude, includeInactive),
    [units, exclude, includeInactive],
  );
  return (
    <TreeSelect<number>
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      loading={isLoading}
      placeholder={placeholder ?? t('units.choose')}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll={treeData.length < 3}
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...style }}
    />
  );
}
