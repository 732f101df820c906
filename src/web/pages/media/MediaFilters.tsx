/*
 * The gallery's filters: unit (for callers who see more than one), task category, kind, the days
 * the items were taken, and featured or not.
 *
 * Test ids:
 *   media-filter-unit, media-filter-category, media-filter-kind, media-filter-dates,
 *   media-filter-featured, media-filter-reset.
 */
import { Button, DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { MEDIA_KINDS, type GalleryFilter } from '../../api/media';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';

export type MediaFilterState = Omit<GalleryFilter, 'limit' | 'offset'>;

interface Props {
  value: MediaFilterState;
  onChange: (patch: Partial<MediaFilterState>) => void;
  onReset: () => void;
  showUnit: boolean;
  categoryOptions: { value: string; label: string }[];
}

export function MediaFilters({ value, onChange, onReset, showUnit, categoryOptions }: Props) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {showUnit && (
        <UnitTreeSelect
          data-testid="media-filter-unit"
          value={value.unitId}
          onChange={(unitId) => onChange({ unitId })}
          allowClear
          placeholder={t('activities.allUnits')}
          style={{ width: 240, maxWidth: '100%' }}
        />
      )}
      <Select<string>
        data-testid="media-filter-category"
        allowClear
        placeholder={t('activities.allCategories')}
        value={value.category}
        onChange={(category) => onChange({ category: category ?? undefined })}
        options={categoryOptions}
        popupMatchSelectWidth={false}
        style={{ width: 220, maxWidth: '100%' }}
      />
      <Select
        data-testid="media-filter-kind"
        allowClear
        placeholder={t('media.allKinds')}
        value={value.kind}
        onChange={(kind) => onChange({ kind: kind ?? undefined })}
        options={MEDIA_KINDS.map((k) => ({ value: k, label: t(`media.kinds.${k}`) }))}
        style={{ width: 120 }}
      />
      <DatePicker.RangePicker
        data-testid="media-filter-dates"
        allowEmpty={[true, true]}
        value={[value.from ? dayjs(value.from) : null, value.to ? dayjs(value.to) : null]}
        onChange={(r) => onChange({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        style={{ maxWidth: '100%' }}
      />
      <Select
        data-testid="media-filter-featured"
        allowClear
        placeholder={t('media.allItems')}
        value={value.featured}
        onChange={(featured) => onChange({ featured: featured ?? undefined })}
        options={[
          { value: 'true', label: t('media.featuredOnly') },
          { value: 'false', label: t('media.notFeatured') },
        ]}
        style={{ width: 130 }}
      />
      <Button data-testid="media-filter-reset" onClick={onReset}>
        {t('common.reset')}
      </Button>
    </div>
  );
}
