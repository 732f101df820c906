/*
 * Two conversations kept visibly apart: with the reporter (who reads it with the receipt code;
 * only for cases that have one) and the handlers' internal notes (never shown to the reporter).
 * Each has its own box and send button, offered when the server says the caller may write.
 *
 * Test ids:
 *   case-messages-reporter (the thread with the reporter), case-message-reporter-input,
 *   case-message-reporter-send, case-notes (the internal notes), case-note-input, case-note-send,
 *   case-message-<id> (data-kind: to_reporter | from_reporter | internal).
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCaseMessage, type Case, type CaseMessage } from '../../api/cases';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';

function Bubble({ m }: { m: CaseMessage }) {
  const { t } = useTranslation();
  const lang = useLang();
  const fromReporter = m.kind === 'from_reporter';
  const background = m.kind === 'internal' ? '#fffbe6' : fromReporter ? '#f5f5f5' : '#e6f4ff';
  return (
    <div
      data-testid={`case-message-${m.id}`}
      data-kind={m.kind}
      style={{ display: 'flex', justifyContent: fromReporter ? 'flex-start' : 'flex-end', marginBottom: 8 }}
    >
      <div style={{ maxWidth: '88%', background, borderRadius: 6, padding: '6px 10px' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fromReporter ? t('cases.reporter') : (m.author?.displayName ?? t('cases.system'))} · {formatDateTime(m.at, lang)}
        </Typography.Text>
        <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{m.body}</div>
        {m.files.length > 0 && (
          <Space size={4} wrap style={{ marginTop: 4 }}>
            {m.files.map((f) => (
              <a key={f.id} href={f.displayUrl ?? f.originalUrl ?? undefined} target="_blank" rel="noopener noreferrer">
                {f.thumbUrl ? <img src={f.thumbUrl} alt={t('cases.fileAlt', { id: f.id })} width={48} height={48} style={{ objectFit: 'cover', borderRadius: 2 }} /> : <Tag>{t('cases.attachment')}</Tag>}
              </a>
            ))}
          </Space>
        )}
      </div>
    </div>
  );
}

function Composer({
  campaignId,
  caseId,
  kind,
  inputTestId,
  sendTestId,
  placeholder,
}: {
  campaignId: number;
  caseId: number;
  kind: 'to_reporter' | 'internal';
  inputTestId: string;
  sendTestId: string;
  placeholder: string;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const send = useCaseMessage(campaignId, caseId);
  const [body, setBody] = useState('');
  const submit = () => {
    const text = body.trim();
    if (!text) return;
    send.mutate(
      { kind, body: text },
      {
        onSuccess: () => {
          setBody('');
          void message.success(t(kind === 'internal' ? 'cases.noteSent' : 'cases.messageSent'));
        },
      },
    );
  };
  return (
    <div style={{ marginTop: 8 }}>
      <ErrorAlert error={send.error} onClose={() => send.reset()} />
      <Input.TextArea
        data-testid={inputTestId}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={5000}
        placeholder={placeholder}
        onPressEnter={(e) => {
          if (e.ctrlKey || e.metaKey) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 6 }}>
        <Button
          type={kind === 'internal' ? 'default' : 'primary'}
          icon={<SendOutlined />}
          data-testid={sendTestId}
          loading={send.isPending}
          disabled={!body.trim()}
          onClick={submit}
        >
          {t(kind === 'internal' ? 'cases.sendNote' : 'cases.sendToReporter')}
        </Button>
      </div>
    </div>
  );
}

export function CaseMessages({ campaignId, c }: { campaignId: number; c: Case }) {
  const { t } = useTranslation();
  const withReporter = c.messages.filter((m) => m.kind !== 'internal');
  const notes = c.messages.filter((m) => m.kind === 'internal');

  return (
    <>
      {c.hasReceipt && (
        <Card
          size="small"
          title={
            <Space size={6}>
              <EyeOutlined style={{ color: '#1677ff' }} />
              {t('cases.reporterThread')}
            </Space>
          }
          data-testid="case-messages-reporter"
          data-count={withReporter.length}
          style={{ marginBottom: 12, borderColor: '#91caff' }}
          styles={{ header: { background: '#e6f4ff' } }}
        >
          {withReporter.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noMessages')} />
          ) : (
            withReporter.map((m) => <Bubble key={m.id} m={m} />)
          )}
          {c.canMessage && (
            <>
              <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('cases.reporterThreadHint')} />
              <Composer
                campaignId={campaignId}
                caseId={c.id}
                kind="to_reporter"
                inputTestId="case-message-reporter-input"
                sendTestId="case-message-reporter-send"
                placeholder={t('cases.messagePlaceholder')}
              />
            </>
          )}
        </Card>
      )}
      <Card
        size="small"
        title={
          <Space size={6}>
            <EyeInvisibleOutlined style={{ color: '#d48806' }} />
            {t('cases.notesTitle')}
          </Space>
        }
        data-testid="case-notes"
        data-count={notes.length}
        style={{ marginBottom: 12, borderColor: '#ffe58f' }}
        styles={{ header: { background: '#fffbe6' } }}
      >
        {notes.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noNotes')} /> : notes.map((m) => <Bubble key={m.id} m={m} />)}
        {c.canMessage && (
          <Composer
            campaignId={campaignId}
            caseId={c.id}
            kind="internal"
            inputTestId="case-note-input"
            sendTestId="case-note-send"
            placeholder={t('cases.notePlaceholder')}
          />
        )}
      </Card>
    </>
  );
}
