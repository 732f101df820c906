/*
 * The queue's filters: status, category (the campaign's), county-level unit, source, overdue
 * only, and a text search over the reference, enterprise, address and description.
 *
 * Test ids:
 *   case-filter-status, case-filter-category, case-filter-county, case-filter-source,
 *   case-filter-overdue, case-filter-q, case-filter-reset.
 */
import { useEffect, useState } from 'react';
import { Button, Checkbox, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_SOURCES, CASE_STATUSES } from '../../api/cases';
import type { CaseFilterState } from './useCaseFilter';

interface Props {
  state: CaseFilterState;
  update: (patch: Partial<CaseFilterState>) => void;
  reset: () => void;
  categoryOptions: { value: string; label: string }[];
  countyOptions: { value: number; label: string }[];
}

export function CaseFilters({ state, update, reset, categoryOptions, countyOptions }: Props) {
  const { t } = useTranslation();
  // The search box keeps what is typed; the list follows on Enter or the search button.
  const [q, setQ] = useState(state.q ?? '');
  useEffect(() => setQ(state.q ?? ''), [state.q]);

  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
      <Select
        data-testid="case-filter-status"
        allowClear
        placeholder={t('cases.allStatuses')}
        value={state.status}
        onChange={(status) => update({ status: status ?? undefined })}
        options={CASE_STATUSES.map((s) => ({ value: s, label: t(`cases.statuses.${s}`) }))}
        style={{ width: 130 }}
      />
      <Select<string>
        data-testid="case-filter-category"
        allowClear
        placeholder={t('cases.allCategories')}
        value={state.category}
        onChange={(category) => update({ category: category ?? undefined })}
        options={categoryOptions}
        popupMatchSelectWidth={false}
        style={{ width: 200, maxWidth: '100%' }}
      />
      {countyOptions.length > 1 && (
        <Select<number>
          data-testid="case-filter-county"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('cases.allCounties')}
          value={state.countyId}
          onChange={(countyId) => update({ countyId: countyId ?? undefined })}
          options={countyOptions}
          popupMatchSelectWidth={false}
          style={{ width: 180, maxWidth: '100%' }}
        />
      )}
      <Select
        data-testid="case-filter-source"
        allowClear
        placeholder={t('cases.allSources')}
        value={state.source}
        onChange={(source) => update({ source: source ?? undefined })}
        options={CASE_SOURCES.map((s) => ({ value: s, label: t(`cases.sources.${s}`) }))}
        popupMatchSelectWidth={false}
        style={{ width: 150 }}
      />
      <Checkbox data-testid="case-filter-overdue" checked={state.overdue} onChange={(e) => update({ overdue: e.target.checked })}>
        {t('cases.overdueOnly')}
      </Checkbox>
      <Input.Search
        data-testid="case-filter-q"
        allowClear
        placeholder={t('cases.searchPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => update({ q: v.trim() || undefined })}
        maxLength={100}
        style={{ width: 240, maxWidth: '100%' }}
      />
      <Button data-testid="case-filter-reset" onClick={reset}>
        {t('common.reset')}
      </Button>
    </div>
  );
}
