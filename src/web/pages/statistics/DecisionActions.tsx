/*
 * The workflow steps the server lets the caller take on a unit's table (`can`), each confirmed in
 * a dialog: a return and a reopening must give their reason, which the history keeps; an approval
 * or an acceptance may add a comment.
 *
 * Test ids:
 *   stat-approve, stat-accept, stat-return, stat-reopen (each opens a dialog with
 *   stat-<action>-comment and stat-<action>-confirm; a refused step is shown in the dialog).
 */
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDecideStatistics, type StatisticsDecision, type UnitStatistics } from '../../api/statistics';
import { ErrorAlert } from '../../components/ErrorAlert';

export function DecisionActions({
  campaignId,
  unitId,
  can,
  onDone,
}: {
  campaignId: number;
  unitId: number;
  can: UnitStatistics['can'];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const decide = useDecideStatistics(campaignId, unitId);
  const [decision, setDecision] = useState<StatisticsDecision | null>(null);
  const [decisionText, setDecisionText] = useState('');

  const openDecision = (a: StatisticsDecision) => {
    decide.reset();
    setDecisionText('');
    setDecision(a);
  };
  const textRequired = decision === 'return' || decision === 'reopen';
  const confirmDecision = () => {
    if (!decision) return;
    const a = decision;
    decide.mutate(
      { action: a, text: decisionText.trim() || undefined },
      {
        onSuccess: () => {
          setDecision(null);
          onDone();
          void message.success(t(`statistics.done_${a}`));
        },
      },
    );
  };

  return (
    <>
      {can.approve && (
        <Button type="primary" data-testid="stat-approve" onClick={() => openDecision('approve')}>
          {t('statistics.approve')}
        </Button>
      )}
      {can.decide && (
        <>
          <Button type="primary" data-testid="stat-accept" onClick={() => openDecision('accept')}>
            {t('statistics.accept')}
          </Button>
          <Button danger data-testid="stat-return" onClick={() => openDecision('return')}>
            {t('statistics.return')}
          </Button>
        </>
      )}
      {can.reopen && (
        <Button data-testid="stat-reopen" onClick={() => openDecision('reopen')}>
          {t('statistics.reopen')}
        </Button>
      )}

      <Modal
        open={decision !== null}
        title={decision ? t(`statistics.modal_${decision}`) : undefined}
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
                disabled={textRequired && !decisionText.trim()}
                onClick={confirmDecision}
                data-testid={`stat-${decision}-confirm`}
              >
                {t(`statistics.${decision}`)}
              </Button>
            </Space>
          ) : null
        }
      >
        {decision === 'reopen' && <Typography.Paragraph type="secondary">{t('statistics.reopenHint')}</Typography.Paragraph>}
        <ErrorAlert error={decide.error} />
        <Form layout="vertical" component={false}>
          <Form.Item
            required={textRequired}
            label={
              decision === 'return'
                ? t('statistics.returnCommentLabel')
                : decision === 'reopen'
                  ? t('statistics.reopenReason')
                  : t('statistics.optionalComment')
            }
          >
            <Input.TextArea
              data-testid={decision ? `stat-${decision}-comment` : undefined}
              value={decisionText}
              onChange={(e) => setDecisionText(e.target.value)}
              maxLength={1000}
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={decision === 'return' ? t('statistics.returnCommentPlaceholder') : undefined}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
