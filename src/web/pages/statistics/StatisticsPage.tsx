/*
 * 附件2 活动进展情况统计表 of one unit: `/statistics` is the caller's own unit, `/statistics/:unitId`
 * any unit the caller may read (the office opens units from its list). What the caller may do is
 * the server's answer (`can`); the page never guesses it from roles.
 *
 * Test ids:
 *   stat-unit, stat-status (data-status: draft … returned, or "none" before the first save),
 *   stat-late (data-late), stat-due, stat-return-alert (the return comment), stat-state-hint,
 *   stat-subunits (the sub-units' note), stat-category-<categoryKey>,
 *   stat-input-<indicatorKey> (the <input>), stat-error-<indicatorKey> (the server's message on it),
 *   stat-finding-<findingKey> (data-severity: hard | soft), stat-comment-<findingKey> (textarea),
 *   stat-comment-error-<findingKey>, stat-save, stat-submit, stat-submit-blocked (why submit is
 *   disabled), stat-checking, stat-approve, stat-accept, stat-return, stat-reopen (each opens a
 *   dialog with stat-<action>-comment and stat-<action>-confirm), stat-export, stat-history,
 *   stat-action-error (a refused save, submit or step).
 */
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { CloseCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { ApiError, type FieldError } from '../../api/client';
import {
  downloadUnitStatistics,
  useDecideStatistics,
  useSaveStatistics,
  useStatisticsCheck,
  useSubmitStatistics,
  useUnitStatistics,
  type StatisticsBody,
  type StatisticsDecision,
  type StatisticsEvent,
  type StatisticsFinding,
  type StatisticsIndicator,
  type UnitStatistics,
} from '../../api/statistics';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { formatDateTime, formatDeadline, tx, type Lang } from '../../lib/format';
import { LateTag, StatisticsStatusTag } from './parts';

type Values = Record<string, number | null>;

/** How long typing must pause before the figures are checked on the server. */
const CHECK_DELAY_MS = 400;
const MAX_VALUE = 1_000_000_000;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

const inLang = (f: FieldError, lang: Lang) => (lang === 'en' ? f.messageEn || f.message : f.message);

export default function StatisticsPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  const { unitId: param } = useParams<{ unitId?: string }>();
  const { data: me } = useMe();
  const unitId = param === undefined ? me?.unit.id : /^\d+$/.test(param) ? Number(param) : undefined;
  const { data, isLoading, error, refetch } = useUnitStatistics(currentId, unitId);

  if (gate) return gate;
  if (param !== undefined && unitId === undefined) return <Empty description={t('statistics.badUnit')} />;
  if (error) {
    return (
      <div>
        <PageHeader title={t('statistics.title')} />
        <ErrorAlert error={error} />
      </div>
    );
  }
  if (isLoading || !data || currentId === undefined) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  // A fresh editor per unit and campaign, so nothing typed for one unit shows on another.
  return <UnitTable key={`${currentId}:${data.unit.id}`} campaignId={currentId} data={data} reload={() => void refetch()} />;
}

function valuesOf(data: UnitStatistics): Values {
  return { ...(data.report?.values ?? {}) };
}

function UnitTable({ campaignId, data, reload }: { campaignId: number; data: UnitStatistics; reload: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const unitId = data.unit.id;
  const report = data.report;
  const editable = data.can.edit;

  const [values, setValues] = useState<Values>(() => valuesOf(data));
  const [comments, setComments] = useState<Record<string, string>>(() => ({ ...(report?.comments ?? {}) }));
  const [touched, setTouched] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [decision, setDecision] = useState<StatisticsDecision | null>(null);
  const [decisionText, setDecisionText] = useState('');

  // Whatever the server last answered is the truth: a save, a return by the office, a reload.
  const syncKey = report ? `${report.id}:${report.revision}:${report.status}:${report.updatedAt}` : 'none';
  useEffect(() => {
    setValues(valuesOf(data));
    setComments({ ...(data.report?.comments ?? {}) });
    setTouched(false);
  }, [syncKey]);

  const save = useSaveStatistics(campaignId, unitId);
  const submit = useSubmitStatistics(campaignId, unitId);
  const decide = useDecideStatistics(campaignId, unitId);

  const debounced = useDebounced(values, CHECK_DELAY_MS);
  const check = useStatisticsCheck(campaignId, unitId, editable && touched ? debounced : undefined);
  const checking = editable && touched && (debounced !== values || check.isFetching);
  const findings: StatisticsFinding[] = editable && touched && check.data && !check.isError ? check.data.findings : data.findings;

  const byIndicator = useMemo(() => {
    const m = new Map<string, StatisticsFinding[]>();
    for (const f of findings) m.set(f.indicator, [...(m.get(f.indicator) ?? []), f]);
    return m;
  }, [findings]);
  const hard = findings.filter((f) => f.severity === 'hard');
  const unexplained = findings.filter((f) => f.severity === 'soft' && !comments[f.key]?.trim());

  const groups = useMemo(() => {
    const known = new Set(data.categories.map((c) => c.key));
    const out = data.categories.map((c) => ({
      key: c.key,
      title: `${c.section} ${tx(c.name, lang)}`,
      indicators: data.indicators.filter((i) => i.category === c.key),
    }));
    const stray = data.indicators.filter((i) => !known.has(i.category));
    if (stray.length) out.push({ key: '_other', title: '—', indicators: stray });
    return out.filter((g) => g.indicators.length > 0);
  }, [data.categories, data.indicators, lang]);

  const errorsFor = (field: string) => fieldErrors.filter((f) => f.field === field).map((f) => inLang(f, lang));
  const knownFields = new Set([
    ...data.indicators.map((i) => `values.${i.key}`),
    ...findings.filter((f) => f.severity === 'soft').map((f) => `comments.${f.key}`),
  ]);
  const strayFieldErrors = fieldErrors.filter((f) => !knownFields.has(f.field));

  const setValue = (key: string, v: number | null) => {
    setValues((prev) => ({ ...prev, [key]: v }));
    setTouched(true);
    setFieldErrors((prev) => prev.filter((f) => f.field !== `values.${key}`));
  };
  const setComment = (key: string, text: string) => {
    setComments((prev) => ({ ...prev, [key]: text }));
    setFieldErrors((prev) => prev.filter((f) => f.field !== `comments.${key}`));
  };

  const body = (): StatisticsBody => {
    const v: Values = {};
    for (const i of data.indicators) v[i.key] = values[i.key] ?? null;
    const c: Record<string, string> = {};
    for (const [k, text] of Object.entries(comments)) if (text.trim()) c[k] = text.trim();
    return { values: v, comments: c, ...(report ? { revision: report.revision } : {}) };
  };

  const onFailed = (e: unknown) => {
    setActionError(e);
    setFieldErrors(e instanceof ApiError ? e.fields : []);
  };
  const onDone = (text: string) => () => {
    setActionError(null);
    setFieldErrors([]);
    void message.success(text);
  };

  const doSave = () => save.mutate(body(), { onSuccess: onDone(t('statistics.saved')), onError: onFailed });
  const doSubmit = () => submit.mutate(body(), { onSuccess: onDone(t('statistics.submitDone')), onError: onFailed });

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
          setActionError(null);
          setFieldErrors([]);
          void message.success(t(`statistics.done_${a}`));
        },
      },
    );
  };

  const stateHint = (() => {
    if (!report || editable) return null;
    if (report.status === 'submitted') return data.approvalRequired ? t('statistics.hint_submittedApproval') : t('statistics.hint_submitted');
    if (report.status === 'approved') return t('statistics.hint_approved');
    if (report.status === 'accepted') return t('statistics.hint_accepted');
    return null;
  })();

  const filledIn = (list: StatisticsIndicator[]) => list.filter((i) => values[i.key] !== null && values[i.key] !== undefined).length;

  const indicatorItem = (i: StatisticsIndicator) => {
    const own = byIndicator.get(i.key) ?? [];
    const serverErrors = errorsFor(`values.${i.key}`);
    // The server names a broken rule on the same cell the live check already marks: say it once.
    const shown = new Set(own.map((f) => tx(f.message, lang)));
    const help = serverErrors.filter((m) => !shown.has(m));
    const status = serverErrors.length || own.some((f) => f.severity === 'hard') ? 'error' : own.length ? 'warning' : undefined;
    return (
      <Col key={i.key} xs={24} md={12} xl={8}>
        <Form.Item
          label={tx(i.label, lang)}
          validateStatus={status}
          help={help.length ? <span data-testid={`stat-error-${i.key}`}>{help.join('；')}</span> : undefined}
          extra={
            own.length || data.subUnits.reports > 0 ? (
              <div>
                {data.subUnits.reports > 0 && (
                  <div>
                    {t('statistics.subUnitTotal', { n: data.subUnits.total[i.key] ?? 0 })} {tx(i.measure, lang)}
                  </div>
                )}
                {own.map((f) => (
                  <FindingNote
                    key={f.key}
                    finding={f}
                    editable={editable}
                    comment={comments[f.key] ?? ''}
                    onComment={(text) => setComment(f.key, text)}
                    errors={errorsFor(`comments.${f.key}`)}
                  />
                ))}
              </div>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
        >
          <InputNumber<number>
            data-testid={`stat-input-${i.key}`}
            aria-label={tx(i.label, lang)}
            value={values[i.key] ?? null}
            onChange={(v) => setValue(i.key, typeof v === 'number' ? v : null)}
            min={0}
            max={MAX_VALUE}
            precision={0}
            inputMode="numeric"
            readOnly={!editable}
            variant={editable ? 'outlined' : 'filled'}
            suffix={tx(i.measure, lang)}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Col>
    );
  };

  const conflict = actionError instanceof ApiError && actionError.code === 'statistics.conflict';

  return (
    <div>
      <PageHeader
        title={t('statistics.title')}
        sub={
          <span data-testid="stat-due">
            {data.unit.name}
            {data.due ? ` · ${t('statistics.due')}${t('punct.colon')}${formatDeadline(data.due, lang)}` : ''}
          </span>
        }
        extra={
          <>
            {data.can.approve && (
              <Button type="primary" data-testid="stat-approve" onClick={() => openDecision('approve')}>
                {t('statistics.approve')}
              </Button>
            )}
            {data.can.decide && (
              <>
                <Button type="primary" data-testid="stat-accept" onClick={() => openDecision('accept')}>
                  {t('statistics.accept')}
                </Button>
                <Button danger data-testid="stat-return" onClick={() => openDecision('return')}>
                  {t('statistics.return')}
                </Button>
              </>
            )}
            {data.can.reopen && (
              <Button data-testid="stat-reopen" onClick={() => openDecision('reopen')}>
                {t('statistics.reopen')}
              </Button>
            )}
            {report && (
              <DownloadButton download={() => downloadUnitStatistics(campaignId, unitId)} data-testid="stat-export">
                {t('statistics.export')}
              </DownloadButton>
            )}
          </>
        }
      />

      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('statistics.unit')}>
            <span data-testid="stat-unit">{data.unit.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('statistics.status')}>
            <Space size={4} wrap>
              {report ? (
                <StatisticsStatusTag status={report.status} testId="stat-status" />
              ) : (
                <Tag data-status="none" data-testid="stat-status">
                  {t('statistics.notStarted')}
                </Tag>
              )}
              {report?.firstSubmittedAt && <LateTag late={report.late} testId="stat-late" />}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('statistics.submittedAt')}>
            {report?.submittedAt ? formatDateTime(report.submittedAt, lang) : '—'}
            {report?.submittedBy ? ` · ${report.submittedBy.displayName || report.submittedBy.username}` : ''}
          </Descriptions.Item>
          {report?.firstSubmittedAt && report.firstSubmittedAt !== report.submittedAt && (
            <Descriptions.Item label={t('statistics.firstSubmittedAt')}>{formatDateTime(report.firstSubmittedAt, lang)}</Descriptions.Item>
          )}
        </Descriptions>
        {report?.status === 'returned' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="stat-return-alert"
            title={t('statistics.returnedTitle')}
            description={
              report.returnComment ? (
                <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {t('statistics.returnComment')}
                  {t('punct.colon')}
                  {report.returnComment}
                </span>
              ) : undefined
            }
          />
        )}
        {stateHint && <Alert type="info" showIcon style={{ marginTop: 8 }} data-testid="stat-state-hint" title={stateHint} />}
        {editable && data.approvalRequired && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('statistics.approvalRequired')}
          </Typography.Paragraph>
        )}
        {data.subUnits.reports > 0 && (
          <Alert
            type="info"
            style={{ marginTop: 8 }}
            data-testid="stat-subunits"
            title={t('statistics.subUnitsNote', { n: data.subUnits.reports })}
          />
        )}
      </Card>

      {actionError ? (
        <Alert
          type="error"
          showIcon
          data-testid="stat-action-error"
          style={{ marginBottom: 12 }}
          title={errorMessage(actionError, lang, t('errors.unknown'))}
          description={
            strayFieldErrors.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {strayFieldErrors.map((f, n) => (
                  <li key={n}>
                    <code>{f.field}</code>
                    {t('punct.colon')}
                    {inLang(f, lang)}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
          action={
            conflict ? (
              <Button
                size="small"
                onClick={() => {
                  setActionError(null);
                  reload();
                }}
              >
                {t('statistics.conflictReload')}
              </Button>
            ) : undefined
          }
          closable={{ onClose: () => setActionError(null) }}
        />
      ) : null}

      <Form layout="vertical" component={false}>
        <Collapse
          defaultActiveKey={groups.map((g) => g.key)}
          style={{ marginBottom: 12, background: '#fff' }}
          items={groups.map((g) => {
            const own = g.indicators.flatMap((i) => byIndicator.get(i.key) ?? []);
            const nHard = own.filter((f) => f.severity === 'hard').length;
            const nSoft = own.length - nHard;
            return {
              key: g.key,
              forceRender: true,
              label: (
                <span data-testid={`stat-category-${g.key}`} style={{ fontWeight: 500 }}>
                  {g.title}
                </span>
              ),
              extra: (
                <Space size={4} wrap>
                  {nHard > 0 && <Tag color="red" style={{ marginInlineEnd: 0 }}>{nHard}</Tag>}
                  {nSoft > 0 && <Tag color="gold" style={{ marginInlineEnd: 0 }}>{nSoft}</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('statistics.filled', { n: filledIn(g.indicators), total: g.indicators.length })}
                  </Typography.Text>
                </Space>
              ),
              children: <Row gutter={16}>{g.indicators.map(indicatorItem)}</Row>,
            };
          })}
        />
      </Form>

      {editable && (
        <Card
          size="small"
          style={{ position: 'sticky', bottom: 0, zIndex: 10, marginBottom: 12, boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}
        >
          <Space wrap size={8} style={{ width: '100%' }}>
            <Button onClick={doSave} loading={save.isPending} disabled={submit.isPending} data-testid="stat-save">
              {t('statistics.save')}
            </Button>
            <Button
              type="primary"
              onClick={doSubmit}
              loading={submit.isPending}
              disabled={save.isPending || hard.length > 0 || unexplained.length > 0}
              data-testid="stat-submit"
            >
              {t('statistics.submit')}
            </Button>
            {checking && (
              <Typography.Text type="secondary" data-testid="stat-checking">
                {t('statistics.checking')}
              </Typography.Text>
            )}
            {(hard.length > 0 || unexplained.length > 0) && (
              <Typography.Text type={hard.length ? 'danger' : 'warning'} data-testid="stat-submit-blocked">
                {hard.length > 0 ? t('statistics.blockedHard', { n: hard.length }) : t('statistics.blockedSoft', { n: unexplained.length })}
              </Typography.Text>
            )}
            {touched && !checking && hard.length === 0 && unexplained.length === 0 && (
              <Typography.Text type="secondary">{t('statistics.unsaved')}</Typography.Text>
            )}
          </Space>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
            {t('statistics.blankAsZero')}
          </Typography.Text>
        </Card>
      )}

      <Card title={t('statistics.history')} size="small">
        {data.events.length === 0 ? (
          <Empty description={t('statistics.noHistory')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <div data-testid="stat-history">
            <Timeline items={data.events.map((e, n) => historyItem(e, n, t, lang))} />
          </div>
        )}
      </Card>

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
    </div>
  );
}

function FindingNote({
  finding: f,
  editable,
  comment,
  onComment,
  errors,
}: {
  finding: StatisticsFinding;
  editable: boolean;
  comment: string;
  onComment: (text: string) => void;
  errors: string[];
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const isHard = f.severity === 'hard';
  const missing = !isHard && !comment.trim();
  return (
    <div data-testid={`stat-finding-${f.key}`} data-severity={f.severity} style={{ marginTop: 4 }}>
      <Typography.Text type={isHard ? 'danger' : 'warning'}>
        {isHard ? <CloseCircleOutlined /> : <ExclamationCircleOutlined />} {tx(f.message, lang)}
      </Typography.Text>
      {f.median !== undefined && f.peers !== undefined && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('statistics.peerMedian', { median: f.median, peers: f.peers })}
          </Typography.Text>
        </div>
      )}
      {!isHard &&
        (editable ? (
          <div style={{ marginTop: 4 }}>
            <Input.TextArea
              data-testid={`stat-comment-${f.key}`}
              aria-label={t('statistics.commentLabel')}
              placeholder={`${t('statistics.commentLabel')}${t('punct.colon')}${t('statistics.commentPlaceholder')}`}
              value={comment}
              onChange={(e) => onComment(e.target.value)}
              status={errors.length ? 'error' : missing ? 'warning' : undefined}
              maxLength={500}
              autoSize={{ minRows: 2, maxRows: 6 }}
            />
            {errors.length > 0 && (
              <Typography.Text type="danger" data-testid={`stat-comment-error-${f.key}`}>
                {errors.join('；')}
              </Typography.Text>
            )}
          </div>
        ) : comment ? (
          <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', color: 'rgba(0,0,0,0.65)' }}>
            {t('statistics.explanation')}
            {t('punct.colon')}
            {comment}
          </div>
        ) : null)}
    </div>
  );
}

function historyItem(e: StatisticsEvent, n: number, t: (k: string, o?: Record<string, unknown>) => string, lang: Lang) {
  const color = e.action === 'return' ? 'red' : e.action === 'accept' || e.action === 'approve' ? 'green' : e.action === 'reopen' ? 'orange' : 'blue';
  const who = e.by ? e.by.displayName || e.by.username : t('statistics.system');
  return {
    key: `${e.at}:${n}`,
    color,
    content: (
      <div data-action={e.action}>
        <Space size={6} wrap>
          <strong>{t(`statistics.actions.${e.action}`)}</strong>
          <StatisticsStatusTag status={e.status} />
        </Space>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('statistics.historyLine', { who, at: formatDateTime(e.at, lang) })}
          </Typography.Text>
        </div>
        {e.comment && <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{e.comment}</div>}
      </div>
    ),
  };
}
