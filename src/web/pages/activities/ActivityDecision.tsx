/*
 * Accepting or returning a submitted record, offered when the server says the caller may decide
 * it (`can.decide`: the city office, or an approver above a township where the campaign says
 * so). A return must say what to correct; an acceptance may add a comment.
 *
 * Test ids:
 *   act-accept, act-return (each opens a dialog with act-<action>-comment and
 *   act-<action>-confirm; a refusal is shown in the dialog).
 */
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDecideActivity, type Activity } from '../../api/activities';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../components/RequireRole';

type Decision = 'accept' | 'return';

export function ActivityDecision({ campaignId, activity }: { campaignId: number; activity: Activity }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const can = useCan();
  const decide = useDecideActivity(campaignId);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');

  if (!activity.can.decide || !can('activities.decide')) return null;

  const open = (d: Decision) => {
    decide.reset();
    setComment('');
    setDecision(d);
  };
  const confirm = () => {
    if (!decision) return;
    const d = decision;
    decide.mutate(
      { id: activity.id, action: d, comment: comment.trim() || undefined },
      {
        onSuccess: () => {
          setDecision(null);
          void message.success(t(`activities.done_${d}`));
        },
      },
    );
  };

  return (
    <>
      <Button type="primary" data-testid="act-accept" onClick={() => open('accept')}>
        {t('activities.accept')}
      </Button>
      <Button danger data-testid="act-return" onClick={() => open('return')}>
        {t('activities.return')}
      </Button>
      <Modal
        open={decision !== null}
        title={decision ? t(`activities.modal_${decision}`) : undefined}
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
                disabled={decision === 'return' && !comment.trim()}
                onClick={confirm}
                data-testid={`act-${decision}-confirm`}
              >
                {t(`activities.${decision}`)}
              </Button>
            </Space>
          ) : null
        }
      >
        <ErrorAlert error={decide.error} />
        <Form layout="vertical" component={false}>
          <Form.Item
            required={decision === 'return'}
            label={decision === 'return' ? t('activities.returnCommentLabel') : t('activities.optionalComment')}
            extra={decision === 'accept' ? t('activities.acceptHint') : undefined}
          >
            <Input.TextArea
              data-testid={decision ? `act-${decision}-comment` : undefined}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              maxLength={1000}
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={decision === 'return' ? t('activities.returnCommentPlaceholder') : undefined}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
