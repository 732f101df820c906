/*
 * The city office's steps on a unit's summary, as the server allows them (`can`), each confirmed
 * in a dialog: a return and a reopening must give their reason, which the unit reads and the
 * history keeps; an acceptance may add a comment.
 *
 * Test ids:
 *   sum-accept, sum-return, sum-reopen (each opens a dialog with sum-<action>-comment and
 *   sum-<action>-confirm; a refused step is shown in the dialog).
 */
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDecideSummary, type SummaryDecision, type UnitSummary } from '../../api/summaries';
import { ErrorAlert } from '../../components/ErrorAlert';

export function SummaryDecisions({
  campaignId,
  unitId,
  can,
  onDone,
}: {
  campaignId: number;
  unitId: number;
  can: UnitSummary['can'];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const decide = useDecideSummary(campaignId, unitId);
  const [decision, setDecision] = useState<SummaryDecision | null>(null);
  const [text, setText] = useState('');

  const open = (a: SummaryDecision) => {
    decide.reset();
    setText('');
    setDecision(a);
  };
  const textRequired = decision === 'return' || decision === 'reopen';
  const confirm = () => {
    if (!decision) return;
    const a = decision;
    decide.mutate(
      { action: a, text: text.trim() || undefined },
      {
        onSuccess: () => {
          setDecision(null);
          onDone();
          void message.success(t(`summary.done_${a}`));
        },
      },
    );
  };

  return (
    <>
      {can.decide && (
        <>
          <Button type="primary" data-testid="sum-accept" onClick={() => open('accept')}>
            {t('summary.accept')}
          </Button>
          <Button danger data-testid="sum-return" onClick={() => open('return')}>
            {t('summary.return')}
          </Button>
        </>
      )}
      {can.reopen && (
        <Button data-testid="sum-reopen" onClick={() => open('reopen')}>
          {t('summary.reopen')}
        </Button>
      )}

      <Modal
        open={decision !== null}
        title={decision ? t(`summary.modal_${decision}`) : undefined}
        onCancel={() => setDecision(null)}
        destroyOnHidden
        footer={
          decision ? (
            <Space>
              <Button onClick={() => setDecision(null)}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                danger={decision === 'return'}
                loading={decide.isPending}
                disabled={textRequired && !text.trim()}
                onClick={confirm}
                data-testid={`sum-${decision}-confirm`}
              >
                {t(`summary.${decision}`)}
              </Button>
            </Space>
          ) : null
        }
      >
        {decision === 'reopen' && <Typography.Paragraph type="secondary">{t('summary.reopenHint')}</Typography.Paragraph>}
        <ErrorAlert error={decide.error} />
        <Form layout="vertical" component={false}>
          <Form.Item
            required={textRequired}
            label={
              decision === 'return'
                ? t('summary.returnCommentLabel')
                : decision === 'reopen'
                  ? t('summary.reopenReason')
                  : t('summary.optionalComment')
            }
          >
            <Input.TextArea
              data-testid={decision ? `sum-${decision}-comment` : undefined}
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={1000}
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={decision === 'return' ? t('summary.returnCommentPlaceholder') : undefined}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
