/*
 * The photos and videos that illustrate the summary, picked from the unit's media library (its
 * own and its sub-units' items in this campaign: what the server lets it pick), each with an
 * optional caption. The order picked is the order in the Word document. While the summary can
 * change the whole library is offered; afterwards only what was picked is shown.
 *
 * Test ids:
 *   sum-media (the panel), sum-media-count (data-picked, data-max), sum-media-<mediaId> (one item;
 *   data-picked "true"/"false", data-kind; its checkbox is the item's only checkbox),
 *   sum-caption-<mediaId> (the caption input of a picked item), sum-media-error-<mediaId>.
 */
import { useMemo } from 'react';
import { Alert, Card, Checkbox, Col, Empty, Input, Row, Spin, Tag, Typography } from 'antd';
import { VideoCameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCampaign } from '../../api/campaigns';
import { useGallery, type MediaKind } from '../../api/media';
import type { SummaryPick, UnitSummary } from '../../api/summaries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import type { SummaryEditor } from './useSummaryEditor';

type Editor = Pick<SummaryEditor, 'editable' | 'picks' | 'togglePick' | 'setCaption' | 'pickErrors'>;

/** What a tile needs, whether it came from the library or from the saved summary. */
type Item = Pick<SummaryPick, 'id' | 'kind' | 'originalName' | 'unit' | 'category' | 'takenOn' | 'thumbUrl'>;

/** The gallery's largest page; a unit with more photos than this picks among the newest. */
const LIBRARY_PAGE = 200;

function useLibrary(campaignId: number, unitId: number, kind: MediaKind, enabled: boolean) {
  return useGallery(enabled ? campaignId : undefined, { unitId, kind, limit: LIBRARY_PAGE, offset: 0 });
}

export function MediaPicker({ campaignId, data, editor }: { campaignId: number; data: UnitSummary; editor: Editor }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { editable, picks } = editor;
  const { mediaPicks, captionChars } = data.limits;
  const images = useLibrary(campaignId, data.unit.id, 'image', editable);
  const videos = useLibrary(campaignId, data.unit.id, 'video', editable);
  const { data: campaign } = useCampaign(campaignId);
  const categoryName = (key: string) => tx(campaign?.definition.taskCategories.find((c) => c.key === key)?.name, lang) || key;

  const saved = data.summary?.media;
  // Picks first as the server described them (a sub-unit's photo may be past the library page), then the library's.
  const items = useMemo<Item[]>(() => {
    const seen = new Set<number>();
    const out: Item[] = [];
    const add = (i: Item) => {
      if (seen.has(i.id)) return;
      seen.add(i.id);
      out.push(i);
    };
    if (!editable) {
      (saved ?? []).forEach(add);
      return out;
    }
    const library = [...(images.data?.items ?? []), ...(videos.data?.items ?? [])].sort((a, b) => b.takenOn.localeCompare(a.takenOn) || b.id - a.id);
    (saved ?? []).filter((s) => !library.some((l) => l.id === s.id)).forEach(add);
    library.forEach(add);
    return out;
  }, [editable, saved, images.data, videos.data]);

  const order = new Map(picks.map((p, n) => [p.id, n + 1]));
  const full = picks.length >= mediaPicks;
  const loading = editable && (images.isLoading || videos.isLoading);
  const truncated = editable && ((images.data?.total ?? 0) > LIBRARY_PAGE || (videos.data?.total ?? 0) > LIBRARY_PAGE);

  return (
    <Card
      size="small"
      data-testid="sum-media"
      style={{ marginBottom: 12 }}
      title={t('summary.mediaTitle')}
      extra={
        <Typography.Text type={full ? 'warning' : 'secondary'} data-testid="sum-media-count" data-picked={picks.length} data-max={mediaPicks}>
          {t('summary.mediaCount', { n: picks.length, max: mediaPicks })}
        </Typography.Text>
      }
    >
      {editable && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('summary.mediaHint', { max: mediaPicks })}
        </Typography.Paragraph>
      )}
      <ErrorAlert error={images.error ?? videos.error} />
      {truncated && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('summary.mediaTruncated', { n: LIBRARY_PAGE })} />}
      {loading ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={editable ? t('summary.mediaNone') : t('summary.mediaNonePicked')} />
      ) : (
        <Row gutter={[8, 8]}>
          {items.map((item) => {
            const n = order.get(item.id);
            const pick = picks.find((p) => p.id === item.id);
            const errors = editor.pickErrors(item.id);
            return (
              <Col key={item.id} xs={24} sm={12} md={8} xl={6}>
                <MediaTile
                  item={item}
                  own={item.unit.id === data.unit.id}
                  category={item.category ? categoryName(item.category) : null}
                  order={n}
                  caption={pick?.caption ?? ''}
                  captionChars={captionChars}
                  editable={editable}
                  disabled={!n && full}
                  errors={errors}
                  onToggle={(on) => editor.togglePick(item.id, on)}
                  onCaption={(text) => editor.setCaption(item.id, text)}
                />
              </Col>
            );
          })}
        </Row>
      )}
    </Card>
  );
}

function MediaTile({
  item,
  own,
  category,
  order,
  caption,
  captionChars,
  editable,
  disabled,
  errors,
  onToggle,
  onCaption,
}: {
  item: Item;
  own: boolean;
  category: string | null;
  /** Its place among the picks (from 1), or undefined when not picked. */
  order: number | undefined;
  caption: string;
  captionChars: number;
  editable: boolean;
  disabled: boolean;
  errors: string[];
  onToggle: (on: boolean) => void;
  onCaption: (text: string) => void;
}) {
  const { t } = useTranslation();
  const picked = order !== undefined;
  return (
    <div
      data-testid={`sum-media-${item.id}`}
      data-picked={picked ? 'true' : 'false'}
      data-kind={item.kind}
      style={{
        border: `1px solid ${errors.length ? '#ff4d4f' : picked ? '#1d3f72' : '#f0f0f0'}`,
        borderRadius: 4,
        background: picked ? '#f0f4fa' : '#fff',
        overflow: 'hidden',
        height: '100%',
      }}
    >
      <div style={{ position: 'relative', aspectRatio: '4 / 3', background: '#f5f5f5' }}>
        {item.thumbUrl ? (
          <img src={item.thumbUrl} alt={item.originalName} loading="lazy" style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }} />
        ) : (
          <span style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 40, color: '#8c8c8c' }}>
            <VideoCameraOutlined aria-label={t('summary.video')} />
          </span>
        )}
        {picked && (
          <Tag color="blue" style={{ position: 'absolute', top: 6, insetInlineStart: 6, marginInlineEnd: 0 }}>
            {order}
          </Tag>
        )}
      </div>
      <div style={{ padding: 8 }}>
        {editable && (
          <Checkbox checked={picked} disabled={disabled} onChange={(e) => onToggle(e.target.checked)}>
            {t('summary.mediaPick')}
          </Checkbox>
        )}
        <Typography.Text ellipsis={{ tooltip: item.originalName }} style={{ display: 'block' }}>
          {item.originalName}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
          {item.takenOn}
          {own ? '' : ` · ${item.unit.shortName || item.unit.name}`}
          {category ? ` · ${category}` : ''}
        </Typography.Text>
        {picked &&
          (editable ? (
            <Input
              size="small"
              style={{ marginTop: 6 }}
              data-testid={`sum-caption-${item.id}`}
              aria-label={t('summary.caption')}
              placeholder={t('summary.captionPlaceholder')}
              value={caption}
              maxLength={captionChars}
              onChange={(e) => onCaption(e.target.value)}
            />
          ) : caption ? (
            <div style={{ marginTop: 4, wordBreak: 'break-word' }}>{caption}</div>
          ) : null)}
        {errors.length > 0 && (
          <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid={`sum-media-error-${item.id}`}>
            {errors.join('；')}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}
