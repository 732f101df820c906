/*
 * The review (筛选审核) of a typical case: exactly the steps the server offers the caller now
 * (`actions`), each sent with the revision the page last read. Submit, pass and publish go at once;
 * a return (what to fix) and a withdrawal (why) ask for their comment in a dialog. The history
 * lists every step: who, when, at which review step, and the comment left.
 *
 * Test ids:
 *   typical-review (the panel), typical-no-actions, typical-action-<action> (submit, pass, publish,
 *   return, withdraw), the dialog: typical-action-modal (data-action), typical-action-comment,
 *   typical-action-submit, typical-action-cancel; typical-action-conflict, typical-action-reload;
 *   typical-history (each entry: data-action, data-to-status).
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, Modal, Space, Timeline, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  COMMENT_REQUIRED,
  EXPOSURE_ACTIONS,
  EXPOSURE_STATUSES,
  useTypicalAction,
  type ExposureAction,
  type ExposureStatus,
  type Typical,
  type TypicalEvent,
} from '../../api/exposures';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { useLang } from '../../i18n';
import { formatDateTime, tx } from '../../lib/format';
import { TypicalStatusTag, type ReviewStepDef } from './parts';
import { HistoryEntry } from '../../components/HistoryEntry';

const BUTTON: Record<ExposureAction, ButtonProps> = {
  submit: { type: 'primary' },
  pass: { type: 'primary' },
  publish: { type: 'primary' },
  return: { danger: true },
  withdraw: { danger: true },
};

/** Refusals that mean the page shows an old state of the case. */
const RELOAD_CODES = new Set(['exposure.stale', 'exposure.wrong_state', 'exposure.locked']);

export function TypicalReview({
  campaignId,
  typical,
  chain,
  reload,
}: {
  campaignId: number;
  typical: Typical;
  chain: ReviewStepDef[];
  reload: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const step = useTypicalAction(campaignId, typical.id);
  const [open, setOpen] = useState<ExposureAction | null>(null);
  const [form] = Form.useForm<{ comment?: string }>();
  const offered = EXPOSURE_ACTIONS.filter((a) => typical.actions.includes(a));
  const conflict = step.error instanceof ApiError && RELOAD_CODES.has(step.error.code) ? step.error : null;
  const stageName = typical.stage ? tx(typical.stage.name, lang) : '';

  const label = (a: ExposureAction) => (a === 'pass' && stageName ? t('exposures.actions.passAt', { stage: stageName }) : t(`exposures.actions.${a}`));

  const send = (action: ExposureAction, comment?: string) =>
    step.mutate(
      { action, revision: typical.revision, comment: comment?.trim() ? comment.trim() : null },
      {
        onSuccess: () => {
          setOpen(null);
          void message.success(t('exposures.actionDone', { action: t(`exposures.actions.${action}`) }));
        },
      },
    );

  const start = (a: ExposureAction) => {
    step.reset();
    if (COMMENT_REQUIRED.has(a)) setOpen(a);
    else send(a);
  };

  const confirm = async () => {
    if (!open) return;
    let v: { comment?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    send(open, v.comment);
  };

  const conflictAlert = conflict && (
    <Alert
      type="warning"
      showIcon
      data-testid="typical-action-conflict"
      style={{ marginTop: 8 }}
      title={conflict.code === 'exposure.stale' ? t('exposures.conflict') : errorMessage(conflict, lang, t('exposures.conflict'))}
      action={
        <Button
          size="small"
          data-testid="typical-action-reload"
          onClick={() => {
            setOpen(null);
            step.reset();
            reload();
          }}
        >
          {t('exposures.reload')}
        </Button>
      }
    />
  );

  return (
    <Card size="small" title={t('exposures.reviewTitle')} data-testid="typical-review" style={{ marginBottom: 12 }}>
      <ReviewChain typical={typical} chain={chain} />
      {offered.length === 0 ? (
        <Typography.Text type="secondary" data-testid="typical-no-actions">
          {t(typical.status === 'in_review' && stageName ? 'exposures.awaiting' : 'exposures.noActions', { stage: stageName })}
        </Typography.Text>
      ) : (
        <Space wrap>
          {offered.map((a) => (
            <Button
              key={a}
              {...BUTTON[a]}
              data-testid={`typical-action-${a}`}
              loading={step.isPending && step.variables?.action === a && open === null}
              disabled={step.isPending}
              onClick={() => start(a)}
            >
              {label(a)}
            </Button>
          ))}
        </Space>
      )}
      {open === null && (conflictAlert || <ErrorAlert error={step.error} style={{ marginTop: 8, marginBottom: 0 }} />)}
      {open !== null && (
        <Modal
          open
          title={t(`exposures.actionTitles.${open}`)}
          onCancel={() => setOpen(null)}
          maskClosable={false}
          footer={
            <Space>
              <Button data-testid="typical-action-cancel" onClick={() => setOpen(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                type="primary"
                danger
                data-testid="typical-action-submit"
                loading={step.isPending}
                disabled={conflict !== null}
                onClick={() => void confirm()}
              >
                {t(`exposures.actions.${open}`)}
              </Button>
            </Space>
          }
        >
          <div data-testid="typical-action-modal" data-action={open}>
            {conflictAlert || <ErrorAlert error={step.error} form={form} listFields />}
            <Form form={form} layout="vertical" preserve={false}>
              <Form.Item
                name="comment"
                label={t(`exposures.commentLabels.${open}`)}
                rules={[{ required: true, whitespace: true, message: t('exposures.requiredInput', { field: t(`exposures.commentLabels.${open}`) }) }]}
                extra={t(`exposures.commentHints.${open}`)}
              >
                <Input.TextArea data-testid="typical-action-comment" autoSize={{ minRows: 3, maxRows: 10 }} maxLength={2000} showCount autoFocus />
              </Form.Item>
            </Form>
          </div>
        </Modal>
      )}
    </Card>
  );
}

/** Where the case stands in the campaign's chain: the office drafts, each step in turn, the office publishes. */
function ReviewChain({ typical, chain }: { typical: Typical; chain: ReviewStepDef[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (chain.length === 0) return null;
  const at = typical.status === 'in_review' ? (typical.stage?.index ?? 0) : typical.status === 'draft' ? -1 : chain.length;
  const steps = [
    { key: 'draft', name: t('exposures.chainDraft'), state: typical.status === 'draft' ? 'current' : 'done' },
    ...chain.map((s, i) => ({ key: s.key, name: tx(s.name, lang), state: i < at ? 'done' : i === at ? 'current' : 'todo' })),
    {
      key: 'publish',
      name: t('exposures.chainPublish'),
      state: typical.status === 'published' || typical.status === 'withdrawn' ? 'done' : typical.status === 'approved' ? 'current' : 'todo',
    },
  ];
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 4, marginBottom: 10, fontSize: 12 }} data-testid="typical-chain">
      {steps.map((s, i) => (
        <span key={s.key} data-step={s.key} data-state={s.state} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          {i > 0 && <span style={{ color: '#bfbfbf' }}>→</span>}
          <span
            style={{
              padding: '1px 8px',
              borderRadius: 10,
              border: `1px solid ${s.state === 'current' ? '#1677ff' : s.state === 'done' ? '#b7eb8f' : '#d9d9d9'}`,
              background: s.state === 'current' ? '#e6f4ff' : s.state === 'done' ? '#f6ffed' : '#fafafa',
              color: s.state === 'todo' ? 'rgba(0,0,0,0.45)' : 'rgba(0,0,0,0.88)',
              fontWeight: s.state === 'current' ? 600 : 400,
            }}
          >
            {s.name}
          </span>
        </span>
      ))}
    </div>
  );
}

const COLOR: Record<string, string> = {
  return: 'red',
  withdraw: 'red',
  publish: 'green',
  pass: 'blue',
  submit: 'blue',
};

const isStatus = (s: string): s is ExposureStatus => (EXPOSURE_STATUSES as readonly string[]).includes(s);

export function TypicalHistory({ events, chain }: { events: TypicalEvent[]; chain: ReviewStepDef[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ordered = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
  return (
    <Card size="small" title={t('exposures.history')} style={{ marginBottom: 12 }}>
      {ordered.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exposures.noHistory')} />
      ) : (
        <div data-testid="typical-history">
          <Timeline
            items={ordered.map((e) => {
              const stage = e.stage !== null ? chain[Math.min(e.stage, chain.length - 1)] : undefined;
              return {
                key: e.id,
                color: COLOR[e.action] ?? 'gray',
                content: (
                  <HistoryEntry
                    action={e.action}
                    toStatus={e.toStatus}
                    title={t(`exposures.eventActions.${e.action}`, { defaultValue: e.action })}
                    detail={stage && <Typography.Text type="secondary">{tx(stage.name, lang)}</Typography.Text>}
                    tag={isStatus(e.toStatus) && e.toStatus !== e.fromStatus && <TypicalStatusTag status={e.toStatus} />}
                    meta={[formatDateTime(e.at, lang), e.actor?.displayName]}
                    comment={e.comment}
                  />
                ),
              };
            })}
          />
        </div>
      )}
    </Card>
  );
}
