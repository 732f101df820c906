/*
 * One item at display size (the stripped 1600 px copy), with what the library knows of it: the
 * office marks it featured for the summary, and the office and the leading group download the
 * original as uploaded.
 *
 * Test ids:
 *   media-preview (the dialog; data-media-id), media-preview-image, media-feature (a switch;
 *   city_admin only), media-original (office and leading group only).
 */
import { App as AntApp, Descriptions, Modal, Space, Switch, Typography } from 'antd';
import { FileOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadOriginal, useFeatureMedia, type MediaItem } from '../../api/media';
import { DownloadButton } from '../../components/DownloadButton';
import { errorMessage } from '../../components/ErrorAlert';
import { useCan } from '../../components/RequireRole';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function MediaPreview({ item, categoryName, onClose }: { item: MediaItem | null; categoryName: (key: string) => string; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const { message } = AntApp.useApp();
  const feature = useFeatureMedia();

  return (
    <Modal open={item !== null} onCancel={onClose} footer={null} width={900} title={item?.originalName} destroyOnHidden>
      {item && (
        <div data-testid="media-preview" data-media-id={item.id}>
          <div style={{ background: '#fafafa', textAlign: 'center', marginBottom: 12 }}>
            {item.displayUrl ? (
              <img
                data-testid="media-preview-image"
                src={item.displayUrl}
                alt={item.originalName}
                style={{ maxWidth: '100%', maxHeight: '65vh', objectFit: 'contain' }}
              />
            ) : (
              <div style={{ padding: 48, fontSize: 48, color: '#8c8c8c' }}>
                {item.kind === 'video' ? <VideoCameraOutlined /> : <FileOutlined />}
                <Typography.Paragraph type="secondary" style={{ fontSize: 14 }}>
                  {t('media.noPreview')}
                </Typography.Paragraph>
              </div>
            )}
          </div>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'unit', label: t('activities.unit'), children: item.unit.name },
              { key: 'category', label: t('activities.category'), children: item.category ? categoryName(item.category) : '—' },
              { key: 'takenOn', label: t('media.takenOn'), children: item.takenOn },
              { key: 'kind', label: t('media.kind'), children: `${t(`media.kinds.${item.kind}`)} · ${item.mime} · ${size(item.size)}` },
              ...(item.width && item.height ? [{ key: 'dims', label: t('media.dimensions'), children: `${item.width} × ${item.height}` }] : []),
              {
                key: 'uploaded',
                label: t('media.uploadedAt'),
                children: `${formatDateTime(item.uploadedAt, lang)}${item.uploadedBy ? ` · ${item.uploadedBy.displayName || item.uploadedBy.username}` : ''}`,
              },
            ]}
          />
          <Space wrap style={{ marginTop: 12 }}>
            {can('media.feature') && (
              <Space size={6}>
                <Switch
                  data-testid="media-feature"
                  checked={item.featured}
                  loading={feature.isPending}
                  onChange={(featured) =>
                    feature.mutate(
                      { id: item.id, featured },
                      {
                        onSuccess: () => void message.success(featured ? t('media.featuredOn') : t('media.featuredOff')),
                        onError: (e) => void message.error(errorMessage(e, lang, t('errors.unknown'))),
                      },
                    )
                  }
                />
                <span>{t('media.featureLabel')}</span>
              </Space>
            )}
            {can('media.original') && item.originalUrl && (
              <DownloadButton data-testid="media-original" download={() => downloadOriginal(item)}>
                {t('media.downloadOriginal')}
              </DownloadButton>
            )}
          </Space>
          {can('media.original') && item.originalUrl && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              {t('media.originalHint')}
            </Typography.Paragraph>
          )}
        </div>
      )}
    </Modal>
  );
}
