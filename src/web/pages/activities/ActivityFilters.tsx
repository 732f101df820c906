/*
 * The list's filters: unit (for callers who see more than one unit), task category, status, a
 * range of days the activity overlaps, and a text search over title, place and organiser.
 *
 * Test ids:
 *   act-filter-unit, act-filter-category, act-filter-status, act-filter-dates, act-filter-q,
 *   act-filter-reset.
 */
import { useEffect, useState } from 'react';
import { Button, DatePicker, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_STATUSES } from '../../api/activities';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import type { ActivityFilterState } from './useActivityFilter';

interface Props {
  state: ActivityFilterState;
  update: (patch: Partial<ActivityFilterState>) => void;
  reset: () => void;
  showUnit: boolean;
  categoryOptions: { value: string; label: string }[];
}

export function ActivityFilters({ state, update, reset, showUnit, categoryOptions }: Props) {
  const { t } = useTranslation();
  // The search box keeps what is typed; the list follows on Enter or the search button.
  const [q, setQ] = useState(state.q ?? '');
  useEffect(() => setQ(state.q ?? ''), [state.q]);

  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {showUnit && (
        <UnitTreeSelect
          data-testid="act-filter-unit"
          value={state.unitId}
          onChange={(unitId) => update({ unitId })}
          allowClear
          placeholder={t('activities.allUnits')}
          style={{ width: 240, maxWidth: '100%' }}
        />
      )}
      <Select<string>
        data-testid="act-filter-category"
        allowClear
        placeholder={t('activities.allCategories')}
        value={state.category}
        onChange={(category) => update({ category: category ?? undefined })}
        options={categoryOptions}
        popupMatchSelectWidth={false}
        style={{ width: 220, maxWidth: '100%' }}
      />
      <Select
        data-testid="act-filter-status"
        allowClear
        placeholder={t('activities.allStatuses')}
        value={state.status}
        onChange={(status) => update({ status: status ?? undefined })}
        options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`activities.statuses.${s}`) }))}
        style={{ width: 130 }}
      />
      <DatePicker.RangePicker
        data-testid="act-filter-dates"
        allowEmpty={[true, true]}
        value={[state.from ? dayjs(state.from) : null, state.to ? dayjs(state.to) : null]}
        onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        style={{ maxWidth: '100%' }}
      />
      <Input.Search
        data-testid="act-filter-q"
        allowClear
        placeholder={t('activities.searchPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => update({ q: v.trim() || undefined })}
        maxLength={100}
        style={{ width: 220, maxWidth: '100%' }}
      />
      <Button data-testid="act-filter-reset" onClick={reset}>
        {t('common.reset')}
      </Button>
    </div>
  );
}
