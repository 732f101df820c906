/*
 * The steps taken on what a unit filed — approve, accept, return, reopen — as one button for each
 * step the server offers the caller, each confirmed in a dialog: a return and a reopening must say
 * why (the unit reads it and the history keeps it); an approval or an acceptance may add a
 * comment. The statistics table, the summary and the activity record share it; each names its
 * translations (`ns`) and test ids (`testPrefix`) and says how its step is sent (`runner`).
 *
 * Test ids: <prefix>-<step> opens the dialog, which holds <prefix>-<step>-comment and
 * <prefix>-<step>-confirm; a refused step is shown in the dialog.
 */
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

export type DecisionStep = 'approve' | 'accept' | 'return' | 'reopen';

/** How a page sends a step: usually its mutation's `mutate`, `reset`, `isPending` and `error`. */
export interface StepRunner<S extends DecisionStep> {
  run(step: S, text: string | undefined, onSuccess: () => void): void;
  reset(): void;
  isPending: boolean;
  error: unknown;
}

const reasonRequired = (s: DecisionStep) => s === 'return' || s === 'reopen';

export function DecisionSteps<S extends DecisionStep>({
  ns,
  testPrefix,
  offered,
  runner,
  onDone,
  acceptHint = false,
}: {
  ns: 'statistics' | 'summary' | 'activities';
  testPrefix: string;
  /** The steps the server allows now, in the order of their buttons. */
  offered: S[];
  runner: StepRunner<S>;
  onDone?: () => void;
  /** Shows `<ns>.acceptHint` under the comment of an acceptance. */
  acceptHint?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [step, setStep] = useState<S | null>(null);
  const [text, setText] = useState('');

  const open = (s: S) => {
    runner.reset();
    setText('');
    setStep(s);
  };
  const confirm = () => {
    if (!step) return;
    const s = step;
    runner.run(s, text.trim() || undefined, () => {
      setStep(null);
      onDone?.();
      void message.success(t(`${ns}.done_${s}`));
    });
  };
  const label = step === 'return' ? t(`${ns}.returnCommentLabel`) : step === 'reopen' ? t(`${ns}.reopenReason`) : t(`${ns}.optionalComment`);

  return (
    <>
      {offered.map((s) => (
        <Button key={s} type={s === 'approve' || s === 'accept' ? 'primary' : 'default'} danger={s === 'return'} data-testid={`${testPrefix}-${s}`} onClick={() => open(s)}>
          {t(`${ns}.${s}`)}
        </Button>
      ))}
      <Modal
        open={step !== null}
        title={step ? t(`${ns}.modal_${step}`) : undefined}
        onCancel={() => setStep(null)}
        destroyOnHidden
        footer={
          step ? (
            <Space>
              <Button onClick={() => setStep(null)}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                danger={step === 'return'}
                loading={runner.isPending}
                disabled={reasonRequired(step) && !text.trim()}
                onClick={confirm}
                data-testid={`${testPrefix}-${step}-confirm`}
              >
                {t(`${ns}.${step}`)}
              </Button>
            </Space>
          ) : null
        }
      >
        {step === 'reopen' && <Typography.Paragraph type="secondary">{t(`${ns}.reopenHint`)}</Typography.Paragraph>}
        <ErrorAlert error={runner.error} />
        <Form layout="vertical" component={false}>
          <Form.Item required={step !== null && reasonRequired(step)} label={label} extra={acceptHint && step === 'accept' ? t(`${ns}.acceptHint`) : undefined}>
            <Input.TextArea
              data-testid={step ? `${testPrefix}-${step}-comment` : undefined}
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={1000}
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={step === 'return' ? t(`${ns}.returnCommentPlaceholder`) : undefined}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
