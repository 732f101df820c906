/*
 * The case's files: the evidence (the reporter's and the handlers') and the rectification photos,
 * as thumbnails of the stripped copies (a click shows the display size). The server says which
 * links the caller gets: the copy without metadata (a video's cleaned copy, an image's display copy)
 * for everyone, the original with its metadata (served as a download) for the case desk, and for a
 * staff document that has no copy, a note that only the desk may download it. Handlers of the case
 * may add evidence.
 *
 * Test ids:
 *   case-files-evidence, case-files-rectification, case-file-<id> (data-purpose, data-added-by),
 *   case-file-original-<id>, case-file-copy-<id>, case-file-withheld-<id>,
 *   case-upload-evidence (wraps the file input and its button).
 */
import { App as AntApp, Card, Empty, Image, Space, Tag, Typography } from 'antd';
import { FileOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUploadCaseFiles, type Case, type CaseFile, type CaseFilePurpose } from '../../api/cases';
import { errorMessage } from '../../components/ErrorAlert';
import { useLang } from '../../i18n';
import { dayOf } from './parts';
import { FilePickerButton } from '../../components/FilePickerButton';

const TILE = 112;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm,.pdf,.doc,.docx';

/** The copy for everyone (a video's, or an image's when there is no original to offer), the original for the desk. */
function FileLinks({ f }: { f: CaseFile }) {
  const { t } = useTranslation();
  const copy = f.displayUrl && (f.kind !== 'image' || !f.originalUrl) ? f.displayUrl : null;
  if (!copy && !f.originalUrl) {
    return (
      <Typography.Text type="secondary" data-testid={`case-file-withheld-${f.id}`} title={t('cases.originalHint')} style={{ fontSize: 11 }}>
        {t('cases.originalWithheld')}
      </Typography.Text>
    );
  }
  return (
    <Space size={6}>
      {copy && (
        <a href={copy} target="_blank" rel="noopener noreferrer" data-testid={`case-file-copy-${f.id}`} title={t('cases.copyHint')} style={{ fontSize: 12 }}>
          {t('cases.copy')}
        </a>
      )}
      {f.originalUrl && (
        <a
          href={f.originalUrl}
          target="_blank"
          rel="noopener noreferrer"
          data-testid={`case-file-original-${f.id}`}
          title={f.addedBy === 'staff' ? t('cases.originalHint') : undefined}
          style={{ fontSize: 12 }}
        >
          {t('cases.original')}
        </a>
      )}
    </Space>
  );
}

function FileTile({ f }: { f: CaseFile }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div
      data-testid={`case-file-${f.id}`}
      data-purpose={f.purpose}
      data-added-by={f.addedBy}
      style={{ width: TILE, border: '1px solid #f0f0f0', borderRadius: 4, padding: 4, background: '#fff' }}
    >
      {f.thumbUrl ? (
        <Image
          src={f.thumbUrl}
          alt={t('cases.fileAlt', { id: f.id })}
          width={TILE - 10}
          height={TILE - 10}
          style={{ objectFit: 'cover' }}
          preview={f.displayUrl ? { src: f.displayUrl } : false}
        />
      ) : (
        <div style={{ height: TILE - 10, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 32, color: '#8c8c8c' }}>
          {f.kind === 'video' ? <VideoCameraOutlined /> : <FileOutlined />}
        </div>
      )}
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 4, marginTop: 2 }}>
        <Tag style={{ marginInlineEnd: 0, fontSize: 11 }} color={f.addedBy === 'reporter' ? 'geekblue' : 'default'}>
          {t(`cases.addedBy_${f.addedBy}`)}
        </Tag>
        <FileLinks f={f} />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 11 }}>
        {dayOf(f.addedOn, lang)}
      </Typography.Text>
    </div>
  );
}

function FileGroup({ files, purpose }: { files: CaseFile[]; purpose: CaseFilePurpose }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`case-files-${purpose}`} data-count={files.length} style={{ marginBottom: 8 }}>
      <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
        {t(`cases.files_${purpose}`)}
        {t('punct.paren', { x: files.length })}
      </Typography.Text>
      {files.length === 0 ? (
        <Typography.Text type="secondary">{t('cases.noFiles')}</Typography.Text>
      ) : (
        <Image.PreviewGroup>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {files.map((f) => (
              <FileTile key={f.id} f={f} />
            ))}
          </div>
        </Image.PreviewGroup>
      )}
    </div>
  );
}

export function CaseFiles({ campaignId, c, canUpload }: { campaignId: number; c: Case; canUpload: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const upload = useUploadCaseFiles(campaignId, c.id);
  const evidence = c.files.filter((f) => f.purpose === 'evidence');
  const rectification = c.files.filter((f) => f.purpose === 'rectification');

  const send = (files: File[]) =>
    upload.mutate(
      { files, purpose: 'evidence' },
      {
        onSuccess: ({ done, failed }) => {
          if (done.length > 0) void message.success(t('cases.filesAdded', { n: done.length }));
          for (const f of failed) void message.error(`${f.file.name}${t('punct.colon')}${errorMessage(f.error, lang, t('errors.unknown'))}`);
        },
      },
    );

  return (
    <Card size="small" title={t('cases.sectionFiles')} style={{ marginBottom: 12 }}>
      {c.files.length === 0 && !canUpload ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noFiles')} />
      ) : (
        <>
          <FileGroup files={evidence} purpose="evidence" />
          {(rectification.length > 0 || ['rectifying', 'rectified', 'closed'].includes(c.status)) && (
            <FileGroup files={rectification} purpose="rectification" />
          )}
        </>
      )}
      {canUpload && (
        <Space data-testid="case-upload-evidence" wrap style={{ marginTop: 4 }}>
          <FilePickerButton accept={ACCEPT} onFiles={(chosen) => send(chosen)} loading={upload.isPending}>
            {t('cases.uploadEvidence')}
          </FilePickerButton>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('cases.filesHint')}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}
