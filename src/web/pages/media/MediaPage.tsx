/*
 * 素材库: the photos, videos and documents of the caller's reach for the current campaign, by
 * unit, task category, kind, day and featured mark, as a grid of thumbnails a page at a time.
 *
 * Test ids, each documented where it is rendered:
 *   this page: media-grid (data-total), media-empty;
 *   MediaFilters: media-filter-unit, media-filter-category, media-filter-kind, media-filter-dates,
 *     media-filter-featured, media-filter-reset;
 *   MediaTile: media-item-<id>, media-open-<id>;
 *   MediaPreview: media-preview, media-preview-image, media-feature, media-original.
 */
import { useState } from 'react';
import { Card, Empty, Pagination, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGallery, type MediaItem } from '../../api/media';
import { useUnits } from '../../api/units';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { useActivityCampaign } from '../activities/parts';
import { MediaFilters, type MediaFilterState } from './MediaFilters';
import { MediaPreview } from './MediaPreview';
import { MediaTile } from './MediaTile';

const PAGE_SIZE = 24;

export default function MediaPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const can = useCan();
  const { data: units } = useUnits();
  const { campaignId, categoryOptions, categoryName } = useActivityCampaign();
  const [filter, setFilter] = useState<MediaFilterState>({});
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const { data, isLoading, isFetching, error } = useGallery(campaignId, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

  if (gate) return gate;
  const showUnit = can('activities.office') || (units?.length ?? 0) > 1;
  // The preview follows the gallery's answer, so a featured toggle shows at once.
  const open: MediaItem | null = data?.items.find((i) => i.id === openId) ?? null;

  return (
    <div>
      <PageHeader title={t('nav.media')} sub={data ? t('common.totalItems', { n: data.total }) : undefined} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <MediaFilters
          value={filter}
          onChange={(patch) => {
            setFilter((f) => ({ ...f, ...patch }));
            setPage(1);
          }}
          onReset={() => {
            setFilter({});
            setPage(1);
          }}
          showUnit={showUnit}
          categoryOptions={categoryOptions}
        />
      </Card>
      <ErrorAlert error={error} />
      {isLoading ? (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : !data || data.items.length === 0 ? (
        <Card>
          <Empty data-testid="media-empty" description={t('media.empty')} />
        </Card>
      ) : (
        <>
          <div
            data-testid="media-grid"
            data-total={data.total}
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
              gap: 12,
              opacity: isFetching ? 0.7 : 1,
            }}
          >
            {data.items.map((item) => (
              <MediaTile key={item.id} item={item} categoryName={categoryName} onOpen={() => setOpenId(item.id)} />
            ))}
          </div>
          <Pagination
            style={{ marginTop: 16, justifyContent: 'center' }}
            current={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            showSizeChanger={false}
            onChange={setPage}
          />
        </>
      )}
      <MediaPreview item={open} categoryName={categoryName} onClose={() => setOpenId(null)} />
    </div>
  );
}
