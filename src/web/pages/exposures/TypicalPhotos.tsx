/*
 * The typical case's photos: only ever the blurred copies the server rendered. While the case is a
 * draft the office picks photos from its source cases' evidence (the unblurred display copies,
 * office eyes only), marks what to blur in the redaction editor, and may re-draw or remove them.
 *
 * Test ids:
 *   typical-photos (data-count), typical-image-<id> (the blurred img), typical-image-edit-<id>,
 *   typical-image-remove-<id> (then typical-image-remove-confirm), typical-evidence (the list of
 *   evidence photos), typical-evidence-<caseFileId> (data-used: already in the case; a click opens
 *   the redaction editor), typical-evidence-empty; RedactEditor: redact-*.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Empty, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useRemoveTypicalImage, useSaveTypicalImage, useTypicalEvidence, type Typical, type TypicalImage } from '../../api/exposures';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RedactEditor, type RedactTarget } from './RedactEditor';
import { blurredSrc } from './parts';

const TILE = 128;

export function TypicalPhotos({ campaignId, typical, canPick }: { campaignId: number; typical: Typical; canPick: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const editable = typical.canEdit;
  const evidence = useTypicalEvidence(campaignId, typical.id, editable && canPick);
  const saveImage = useSaveTypicalImage(campaignId, typical.id);
  const removeImage = useRemoveTypicalImage(campaignId, typical.id);
  const [target, setTarget] = useState<RedactTarget | null>(null);

  const byFile = new Map((evidence.data ?? []).map((e) => [e.caseFileId, e]));
  const usedFiles = new Map(typical.images.map((i) => [i.caseFileId, i]));

  const open = (next: RedactTarget) => {
    saveImage.reset();
    setTarget(next);
  };
  const editImage = (img: TypicalImage) => {
    const source = byFile.get(img.caseFileId);
    open({
      caseFileId: img.caseFileId,
      imageId: img.id,
      // Drawing needs the photo as it is; the blurred copy only when the source is no longer offered.
      src: source?.displayUrl ?? blurredSrc(img),
      boxes: img.boxes,
      caption: img.caption,
      label: source?.reference,
    });
  };

  const save = (boxes: RedactTarget['boxes'], caption: string | null) => {
    if (!target) return;
    saveImage.mutate(
      { imageId: target.imageId, caseFileId: target.caseFileId, boxes, caption },
      {
        onSuccess: () => {
          setTarget(null);
          void message.success(t('exposures.redactSaved'));
        },
      },
    );
  };

  return (
    <Card size="small" title={t('exposures.sectionPhotos')} style={{ marginBottom: 12 }}>
      <ErrorAlert error={removeImage.error} />
      <div data-testid="typical-photos" data-count={typical.images.length}>
        {typical.images.length === 0 ? (
          <Typography.Text type="secondary">{t('exposures.noPhotos')}</Typography.Text>
        ) : (
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: 8 }}>
            {typical.images.map((img) => (
              <div key={img.id} style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: 4, background: '#fff', minWidth: 0 }}>
                <a href={blurredSrc(img)} target="_blank" rel="noopener noreferrer">
                  <img
                    data-testid={`typical-image-${img.id}`}
                    src={blurredSrc(img)}
                    alt={img.caption ?? t('exposures.photoAlt', { id: img.id })}
                    style={{ display: 'block', width: '100%', aspectRatio: `${img.width || 4} / ${img.height || 3}`, objectFit: 'contain', background: '#fafafa' }}
                  />
                </a>
                {img.caption && (
                  <Typography.Paragraph style={{ fontSize: 12, margin: '4px 0 0' }} ellipsis={{ rows: 2 }}>
                    {img.caption}
                  </Typography.Paragraph>
                )}
                <Space size={4} wrap style={{ marginTop: 4 }}>
                  <Tag style={{ marginInlineEnd: 0, fontSize: 11 }}>{t('exposures.boxesCount', { n: img.boxes.length })}</Tag>
                  {editable && (
                    <>
                      <Button size="small" icon={<EditOutlined />} data-testid={`typical-image-edit-${img.id}`} onClick={() => editImage(img)}>
                        {t('exposures.redactEdit')}
                      </Button>
                      <Popconfirm
                        title={t('exposures.removePhotoConfirm')}
                        okText={t('common.remove')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true, 'data-testid': 'typical-image-remove-confirm' }}
                        onConfirm={() => removeImage.mutate(img.id, { onSuccess: () => void message.success(t('exposures.photoRemoved')) })}
                      >
                        <Button
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          data-testid={`typical-image-remove-${img.id}`}
                          aria-label={t('common.remove')}
                          loading={removeImage.isPending && removeImage.variables === img.id}
                        />
                      </Popconfirm>
                    </>
                  )}
                </Space>
              </div>
            ))}
          </div>
        )}
      </div>
      {editable && canPick && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
            {t('exposures.pickEvidence')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 8 }}>
            {t('exposures.pickEvidenceHint')}
          </Typography.Text>
          <ErrorAlert error={evidence.error} />
          {evidence.isLoading ? (
            <Spin />
          ) : (evidence.data ?? []).length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} data-testid="typical-evidence-empty" description={t('exposures.noEvidence')} />
          ) : (
            <div data-testid="typical-evidence" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
              {(evidence.data ?? []).map((e) => {
                const used = usedFiles.get(e.caseFileId);
                return (
                  <button
                    type="button"
                    key={e.caseFileId}
                    data-testid={`typical-evidence-${e.caseFileId}`}
                    data-used={used ? 'true' : 'false'}
                    title={used ? t('exposures.evidenceUsed') : t('exposures.evidencePick')}
                    onClick={() =>
                      used
                        ? editImage(used)
                        : open({ caseFileId: e.caseFileId, src: e.displayUrl, boxes: [], caption: null, label: e.reference })
                    }
                    style={{
                      width: TILE,
                      padding: 4,
                      border: `1px solid ${used ? '#52c41a' : '#d9d9d9'}`,
                      borderRadius: 4,
                      background: '#fff',
                      cursor: 'pointer',
                      textAlign: 'left',
                    }}
                  >
                    <img
                      src={e.displayUrl}
                      alt={t('exposures.evidenceAlt', { reference: e.reference })}
                      loading="lazy"
                      style={{ display: 'block', width: TILE - 10, height: TILE - 10, objectFit: 'cover', background: '#fafafa' }}
                    />
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 4, marginTop: 2, fontSize: 11 }}>
                      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{e.reference}</span>
                      {used && <span style={{ color: '#389e0d', whiteSpace: 'nowrap' }}>{t('exposures.evidenceUsedShort')}</span>}
                    </div>
                  </button>
                );
              })}
            </div>
          )}
        </div>
      )}
      {target && (
        <RedactEditor
          key={`${target.caseFileId}:${target.imageId ?? 'new'}`}
          target={target}
          saving={saveImage.isPending}
          error={saveImage.error}
          onSave={save}
          onCancel={() => setTarget(null)}
        />
      )}
    </Card>
  );
}
