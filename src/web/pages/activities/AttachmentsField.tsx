/*
 * The record's photos, videos and documents: uploaded to the media library under the record's
 * unit and category, shown as thumbnails (the stripped copies; a click shows the display size),
 * removable while the record can still change.
 *
 * Test ids:
 *   act-upload (wraps the file input and its button), act-uploading, act-attachment-<n> (in order;
 *   data-media-id), act-attachment-remove-<n>.
 */
import { Button, Image, Space, Typography } from 'antd';
import { DeleteOutlined, FileOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ActivityEditor } from './useActivityEditor';
import { FilePickerButton } from '../../components/FilePickerButton';

type Editor = Pick<ActivityEditor, 'attachments' | 'addFiles' | 'removeAttachment' | 'uploading' | 'editable'>;

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';
const TILE = 104;

export function AttachmentsField({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const { attachments, editable } = editor;

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {attachments.map((a, n) => (
          <div
            key={a.id}
            data-testid={`act-attachment-${n}`}
            data-media-id={a.id}
            style={{ width: TILE, border: '1px solid #f0f0f0', borderRadius: 4, padding: 4, background: '#fff' }}
          >
            {a.thumbUrl ? (
              <Image
                src={a.thumbUrl}
                alt={a.originalName}
                width={TILE - 10}
                height={TILE - 10}
                style={{ objectFit: 'cover' }}
                preview={a.displayUrl ? { src: a.displayUrl } : false}
              />
            ) : (
              <div style={{ height: TILE - 10, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 32, color: '#8c8c8c' }}>
                {a.kind === 'video' ? <VideoCameraOutlined /> : <FileOutlined />}
              </div>
            )}
            <Typography.Text ellipsis={{ tooltip: a.originalName }} style={{ display: 'block', fontSize: 12 }}>
              {a.originalName}
            </Typography.Text>
            {editable && (
              <Button
                size="small"
                type="text"
                danger
                block
                icon={<DeleteOutlined />}
                data-testid={`act-attachment-remove-${n}`}
                onClick={() => editor.removeAttachment(a.id)}
              >
                {t('activities.removeAttachment')}
              </Button>
            )}
          </div>
        ))}
      </div>
      {attachments.length === 0 && !editable && <Typography.Text type="secondary">{t('activities.noAttachments')}</Typography.Text>}
      {editable && (
        <Space data-testid="act-upload" style={{ marginTop: 8 }} wrap>
          <FilePickerButton accept={ACCEPT} onFiles={(files) => void editor.addFiles(files)} loading={editor.uploading}>
            {t('activities.upload')}
          </FilePickerButton>
          {editor.uploading ? (
            <Typography.Text type="secondary" data-testid="act-uploading">
              {t('activities.uploading')}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('activities.uploadHint')}
            </Typography.Text>
          )}
        </Space>
      )}
    </div>
  );
}
