/*
 * One item of the gallery: its thumbnail (the stripped copy), what it is and whose, and the
 * featured mark. A click opens the preview.
 *
 * Test ids:
 *   media-item-<id> (data-featured, data-kind), media-open-<id>.
 */
import { Card, Tag, Typography } from 'antd';
import { FileOutlined, StarFilled, VideoCameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MediaItem } from '../../api/media';

export function MediaTile({ item, categoryName, onOpen }: { item: MediaItem; categoryName: (key: string) => string; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      hoverable
      data-testid={`media-item-${item.id}`}
      data-featured={item.featured ? 'true' : 'false'}
      data-kind={item.kind}
      styles={{ body: { padding: 8 } }}
      cover={
        <button
          type="button"
          data-testid={`media-open-${item.id}`}
          onClick={onOpen}
          aria-label={item.originalName}
          style={{ all: 'unset', cursor: 'pointer', display: 'block', position: 'relative', aspectRatio: '4 / 3', background: '#f5f5f5' }}
        >
          {item.thumbUrl ? (
            <img src={item.thumbUrl} alt={item.originalName} loading="lazy" style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }} />
          ) : (
            <span style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 40, color: '#8c8c8c' }}>
              {item.kind === 'video' ? <VideoCameraOutlined /> : <FileOutlined />}
            </span>
          )}
          {item.featured && (
            <Tag color="gold" icon={<StarFilled />} style={{ position: 'absolute', top: 6, insetInlineStart: 6, marginInlineEnd: 0 }}>
              {t('media.featured')}
            </Tag>
          )}
        </button>
      }
    >
      <Typography.Text ellipsis={{ tooltip: item.originalName }} style={{ display: 'block' }}>
        {item.originalName}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
        {item.unit.shortName || item.unit.name} · {item.takenOn}
      </Typography.Text>
      {item.category && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis>
          {categoryName(item.category)}
        </Typography.Text>
      )}
    </Card>
  );
}
