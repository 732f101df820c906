/*
 * The steps the caller may take now: exactly the server's `case.actions`, each a button opening
 * a dialog with its small form. Every step carries the `revision` the page last read, so a
 * step on a case someone else has just changed is refused (409) and the page offers a reload.
 *
 * Test ids:
 *   case-actions (the panel), case-no-actions, case-action-<action> (accept, reject, assign,
 *   reassign, verify, order_rectification, rectify, close, merge, escalate),
 *   case-action-modal (data-action), case-action-submit, case-action-cancel, case-conflict,
 *   case-reload; the fields: case-reason, case-assign-unit, case-verify-founded,
 *   case-verify-unfounded, case-findings, case-requirement, case-days, case-report,
 *   case-rectify-upload (wraps the file input and its button), case-rectify-file-<n>, case-reply,
 *   case-merge-target.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import type { ButtonProps, FormInstance } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  CASE_ACTIONS,
  useCaseAction,
  useCases,
  useUploadCaseFiles,
  type Case,
  type CaseAction,
  type CaseActionBody,
} from '../../api/cases';
import type { UnitType } from '../../api/types';
import { useUnits } from '../../api/units';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import { unitName } from './parts';
import { FilePickerButton } from '../../components/FilePickerButton';

interface Values {
  reason?: string;
  unitId?: number;
  founded?: boolean;
  findings?: string;
  requirement?: string;
  days?: number | null;
  report?: string;
  reply?: string;
  targetId?: number;
}

const BUTTON: Partial<Record<CaseAction, ButtonProps>> = {
  accept: { type: 'primary' },
  assign: { type: 'primary' },
  verify: { type: 'primary' },
  order_rectification: { type: 'primary' },
  rectify: { type: 'primary' },
  close: { type: 'primary' },
  reject: { danger: true },
  escalate: { danger: true },
};

const CLOSED: ReadonlySet<string> = new Set(['not_accepted', 'closed', 'merged']);

/** Refusals that mean the page shows an old state of the case. */
const RELOAD_CODES = new Set(['case.stale', 'case.wrong_state', 'case.closed']);

/** The units a case may be handed to (the server's rule). */
const HANDLING_UNIT_TYPES: ReadonlySet<UnitType> = new Set(['county', 'zone', 'department', 'township']);

const REASON_ACTIONS: readonly CaseAction[] = ['reject', 'reassign', 'escalate'];

const trimmed = (s: string | undefined) => (s?.trim() ? s.trim() : null);

function bodyOf(action: CaseAction, revision: number, v: Values, rectifyDays: number): CaseActionBody {
  const body: CaseActionBody = { action, revision };
  switch (action) {
    case 'reject':
    case 'escalate':
      return { ...body, reason: trimmed(v.reason) };
    case 'assign':
      return { ...body, unitId: v.unitId };
    case 'reassign':
      return { ...body, unitId: v.unitId, reason: trimmed(v.reason) };
    case 'verify':
      return { ...body, founded: v.founded, findings: trimmed(v.findings) };
    case 'order_rectification':
      return { ...body, requirement: trimmed(v.requirement), days: v.days ?? rectifyDays };
    case 'rectify':
      return { ...body, report: trimmed(v.report) };
    case 'close':
      return { ...body, reply: trimmed(v.reply) };
    case 'merge':
      return { ...body, targetId: v.targetId };
    default:
      return body;
  }
}

export function CaseActions({
  campaignId,
  c,
  rectifyDays,
  reload,
}: {
  campaignId: number;
  c: Case;
  rectifyDays: number;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const step = useCaseAction(campaignId, c.id);
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [form] = Form.useForm<Values>();
  // A step refused because the case moved on meanwhile: the page must be read again.
  const conflict = step.error instanceof ApiError && RELOAD_CODES.has(step.error.code) ? step.error : null;

  const offered = CASE_ACTIONS.filter((a) => c.actions.includes(a));

  const start = (action: CaseAction) => {
    // The dialog's form is created afresh each time it opens (destroyOnHidden, preserve false).
    step.reset();
    setOpen(action);
  };
  const close = () => setOpen(null);

  const submit = async () => {
    if (!open) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // each field says what is wrong
    }
    const action = open;
    step.mutate(bodyOf(action, c.revision, v, rectifyDays), {
      onSuccess: () => {
        setOpen(null);
        void message.success(t('cases.actionDone', { action: t(`cases.actions.${action}`) }));
      },
    });
  };

  return (
    <Card size="small" title={t('cases.actionsTitle')} data-testid="case-actions" style={{ marginBottom: 12 }}>
      {offered.length === 0 ? (
        <Typography.Text type="secondary" data-testid="case-no-actions">
          {t('cases.noActions')}
        </Typography.Text>
      ) : (
        <Space wrap>
          {offered.map((a) => (
            <Button key={a} {...BUTTON[a]} data-testid={`case-action-${a}`} onClick={() => start(a)}>
              {t(`cases.actions.${a}`)}
            </Button>
          ))}
        </Space>
      )}
      <Modal
        open={open !== null}
        title={open ? t(`cases.actionTitles.${open}`, { reference: c.reference }) : undefined}
        onCancel={close}
        destroyOnHidden
        maskClosable={false}
        footer={
          <Space>
            <Button data-testid="case-action-cancel" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              type="primary"
              danger={open === 'reject' || open === 'escalate'}
              data-testid="case-action-submit"
              loading={step.isPending}
              disabled={conflict !== null}
              onClick={() => void submit()}
            >
              {open ? t(`cases.actions.${open}`) : t('common.done')}
            </Button>
          </Space>
        }
      >
        <div data-testid="case-action-modal" data-action={open ?? undefined}>
          {conflict ? (
            <Alert
              type="warning"
              showIcon
              data-testid="case-conflict"
              style={{ marginBottom: 12 }}
              title={conflict.code === 'case.stale' ? t('cases.conflict') : errorMessage(conflict, lang, t('cases.conflict'))}
              action={
                <Button
                  size="small"
                  data-testid="case-reload"
                  onClick={() => {
                    setOpen(null);
                    step.reset();
                    reload();
                  }}
                >
                  {t('cases.reload')}
                </Button>
              }
            />
          ) : (
            <ErrorAlert error={step.error} form={form} listFields />
          )}
          {open && <ActionFields action={open} c={c} campaignId={campaignId} rectifyDays={rectifyDays} form={form} />}
        </div>
      </Modal>
    </Card>
  );
}

function ActionFields({
  action,
  c,
  campaignId,
  rectifyDays,
  form,
}: {
  action: CaseAction;
  c: Case;
  campaignId: number;
  rectifyDays: number;
  form: FormInstance<Values>;
}) {
  const { t } = useTranslation();
  const required = (field: string, select = false) => ({
    required: true,
    ...(select ? {} : { whitespace: true }),
    message: t(select ? 'cases.requiredSelect' : 'cases.requiredInput', { field: t(`cases.fields.${field}`) }),
  });
  const textArea = (testId: string, max = 5000, placeholder?: string) => (
    <Input.TextArea data-testid={testId} autoSize={{ minRows: 3, maxRows: 10 }} maxLength={max} showCount placeholder={placeholder} />
  );
  // Only counties, zones, townships and member departments handle cases: enterprises are greyed
  // out. The city office stays choosable (the server names the rule on the field): a disabled
  // node hides its whole subtree from the tree's keyboard search.
  const { data: units } = useUnits();
  const notHandlers = useMemo(() => new Set((units ?? []).filter((u) => !HANDLING_UNIT_TYPES.has(u.type) && u.parentId !== null).map((u) => u.id)), [units]);
  const reasonLabel = action === 'reject' ? 'reasonReject' : action === 'reassign' ? 'reasonReassign' : 'reasonEscalate';

  return (
    <Form<Values> form={form} layout="vertical" initialValues={{ days: rectifyDays }} preserve={false}>
      {action === 'accept' && <Typography.Paragraph>{t('cases.acceptHint')}</Typography.Paragraph>}
      {(action === 'assign' || action === 'reassign') && (
        <>
          {action === 'reassign' && c.assignedUnit && (
            <Typography.Paragraph type="secondary">{t('cases.currentlyAssigned', { unit: c.assignedUnit.name })}</Typography.Paragraph>
          )}
          <Form.Item name="unitId" label={t('cases.fields.unitToAssign')} rules={[required('unitToAssign', true)]} extra={t('cases.assignHint')}>
            <UnitTreeSelect data-testid="case-assign-unit" exclude={notHandlers} />
          </Form.Item>
        </>
      )}
      {REASON_ACTIONS.includes(action) && (
        <Form.Item name="reason" label={t(`cases.fields.${reasonLabel}`)} rules={[required(reasonLabel)]} extra={action === 'reject' ? t('cases.rejectHint') : undefined}>
          {textArea('case-reason', 2000)}
        </Form.Item>
      )}
      {action === 'verify' && (
        <>
          <Form.Item name="founded" label={t('cases.fields.founded')} rules={[{ required: true, message: t('cases.requiredSelect', { field: t('cases.fields.founded') }) }]}>
            <Radio.Group>
              <Radio value={true}>
                <span data-testid="case-verify-founded">{t('cases.founded')}</span>
              </Radio>
              <Radio value={false}>
                <span data-testid="case-verify-unfounded">{t('cases.unfounded')}</span>
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="findings" label={t('cases.fields.findings')} rules={[required('findings')]}>
            {textArea('case-findings', 5000, t('cases.findingsPlaceholder'))}
          </Form.Item>
        </>
      )}
      {action === 'order_rectification' && (
        <>
          <Form.Item name="requirement" label={t('cases.fields.requirement')} rules={[required('requirement')]}>
            {textArea('case-requirement')}
          </Form.Item>
          <Form.Item
            name="days"
            label={t('cases.fields.days')}
            extra={t('cases.daysHint', { n: rectifyDays })}
            rules={[{ type: 'integer', min: 1, max: 365, message: t('cases.daysRange') }]}
          >
            <InputNumber data-testid="case-days" min={1} max={365} precision={0} style={{ width: 140 }} suffix={t('cases.daysUnit')} />
          </Form.Item>
        </>
      )}
      {action === 'rectify' && (
        <>
          <Form.Item name="report" label={t('cases.fields.report')} rules={[required('report')]}>
            {textArea('case-report')}
          </Form.Item>
          <RectificationUpload campaignId={campaignId} c={c} />
        </>
      )}
      {action === 'close' && (
        <Form.Item
          name="reply"
          label={c.hasReceipt ? t('cases.fields.reply') : t('cases.fields.replyNoReceipt')}
          rules={[required(c.hasReceipt ? 'reply' : 'replyNoReceipt')]}
          extra={c.hasReceipt ? t('cases.replyHint') : undefined}
        >
          {textArea('case-reply')}
        </Form.Item>
      )}
      {action === 'merge' && (
        <Form.Item name="targetId" label={t('cases.fields.targetId')} rules={[required('targetId', true)]} extra={t('cases.mergeHint')}>
          <MergeTarget campaignId={campaignId} self={c.id} />
        </Form.Item>
      )}
    </Form>
  );
}

/** Photos of the rectification, uploaded as they are chosen and added to the case's files. */
function RectificationUpload({ campaignId, c }: { campaignId: number; c: Case }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const upload = useUploadCaseFiles(campaignId, c.id);
  const [added, setAdded] = useState<File[]>([]);
  const already = c.files.filter((f) => f.purpose === 'rectification').length;

  const send = (files: File[]) =>
    upload.mutate(
      { files, purpose: 'rectification' },
      {
        onSuccess: ({ done, failed }) => {
          setAdded((prev) => [...prev, ...done]);
          for (const f of failed) void message.error(`${f.file.name}${t('punct.colon')}${errorMessage(f.error, lang, t('errors.unknown'))}`);
        },
      },
    );

  return (
    <Form.Item label={t('cases.rectifyPhotos')} extra={already > 0 ? t('cases.rectifyPhotosHave', { n: already }) : t('cases.rectifyPhotosHint')}>
      {added.map((a, n) => (
        <div key={`${a.name}:${n}`} data-testid={`case-rectify-file-${n}`}>
          <PaperClipOutlined /> {a.name}
        </div>
      ))}
      <Space data-testid="case-rectify-upload" wrap style={{ marginTop: 4 }}>
        <FilePickerButton accept="image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm,.pdf" onFiles={(chosen) => send(chosen)} loading={upload.isPending}>
          {t('cases.uploadRectification')}
        </FilePickerButton>
      </Space>
    </Form.Item>
  );
}

/** Another case to merge into, found by its reference or its text through the list's search. */
function MergeTarget({
  campaignId,
  self,
  value,
  onChange,
}: {
  campaignId: number;
  self: number;
  /** From the form item. */
  value?: number;
  onChange?: (id: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  // The list is asked once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const { data, isFetching } = useCases(campaignId, { queue: 'all', q: q || undefined, page: 1, pageSize: 20 });
  const options = (data?.items ?? [])
    // A case merges into an open one only.
    .filter((x) => x.id !== self && !CLOSED.has(x.status))
    .map((x) => ({
      value: x.id,
      label: `${x.reference} · ${tx(x.category.name, lang)}${x.county ? ` · ${unitName(x.county)}` : ''}${x.enterprise ? ` · ${x.enterprise}` : ''}`,
    }));

  return (
    <Select<number>
      data-testid="case-merge-target"
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={isFetching}
      options={options}
      placeholder={t('cases.mergeSearch')}
      notFoundContent={isFetching ? t('cases.searching') : t('cases.noMatch')}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}
