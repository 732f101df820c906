/*
 * The typical case's text and the verified cases it is drafted from, as the office writes it
 * (editable only while the server says `canEdit`), or read-only for everyone else. There is no
 * field for a reporter: the article is written by hand from the case, and the API has none.
 *
 * Test ids:
 *   typical-form; the fields: typical-title, typical-subject, typical-sector, typical-facts,
 *   typical-violations, typical-handling, typical-dual-penalty, typical-criminal-transfer,
 *   typical-lesson, typical-sources (the multi-select of verified cases), typical-save,
 *   typical-conflict, typical-reload; read-only: typical-content (the same field test ids on the
 *   shown values), typical-source-<caseId> (a link to the case).
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, Descriptions, Form, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCase } from '../../api/cases';
import {
  useCreateTypical,
  useSaveTypical,
  useVerifiedCases,
  type Typical,
  type TypicalBody,
} from '../../api/exposures';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';

interface Values {
  title?: string;
  subject?: string;
  sector?: string;
  facts?: string;
  violations?: string;
  handling?: string;
  dualPenalty?: boolean;
  criminalTransfer?: boolean;
  lesson?: string;
  caseIds?: number[];
}

const TEXT_FIELDS = ['facts', 'violations', 'handling'] as const;

function valuesOf(c: Typical): Values {
  return {
    title: c.title,
    subject: c.subject,
    sector: c.sector ?? '',
    facts: c.facts,
    violations: c.violations,
    handling: c.handling,
    dualPenalty: c.dualPenalty,
    criminalTransfer: c.criminalTransfer,
    lesson: c.lesson,
    caseIds: c.sources.map((s) => s.id),
  };
}

function bodyOf(v: Values): TypicalBody {
  return {
    title: (v.title ?? '').trim(),
    subject: (v.subject ?? '').trim(),
    sector: v.sector?.trim() ? v.sector.trim() : null,
    facts: (v.facts ?? '').trim(),
    violations: (v.violations ?? '').trim(),
    handling: (v.handling ?? '').trim(),
    dualPenalty: v.dualPenalty ?? false,
    criminalTransfer: v.criminalTransfer ?? false,
    lesson: (v.lesson ?? '').trim(),
    caseIds: v.caseIds ?? [],
  };
}

/** Refusals that mean the page shows an old state of the case. */
const RELOAD_CODES = new Set(['exposure.stale', 'exposure.locked']);

export function TypicalForm({
  campaignId,
  typical,
  fromCase,
  reload,
}: {
  campaignId: number;
  typical?: Typical;
  fromCase?: number;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateTypical(campaignId);
  const save = useSaveTypical(campaignId, typical?.id ?? 0);
  const write = typical ? save : create;
  const [dirty, setDirty] = useState(false);
  const { data: source } = useCase(campaignId, typical ? undefined : fromCase);
  const conflict = write.error instanceof ApiError && RELOAD_CODES.has(write.error.code) ? write.error : null;

  // The server's values whenever it answers with a new revision, unless the editor has unsaved changes.
  useEffect(() => {
    if (typical && !dirty) form.setFieldsValue(valuesOf(typical));
    // Only a new revision resets the fields, not every render's copy of the case.
  }, [typical?.id, typical?.revision]);

  // Drafting from a case: the case is the first source, its unit the subject.
  useEffect(() => {
    if (typical || !source) return;
    const ids = form.getFieldValue('caseIds') as number[] | undefined;
    if (!ids || ids.length === 0) form.setFieldsValue({ caseIds: [source.id] });
    if (!form.getFieldValue('subject') && source.enterprise) form.setFieldsValue({ subject: source.enterprise });
  }, [source, typical, form]);

  const required = (field: string, select = false) => ({
    required: true,
    ...(select ? {} : { whitespace: true }),
    message: t(select ? 'exposures.requiredSelect' : 'exposures.requiredInput', { field: t(`exposures.fields.${field}`) }),
  });
  const max = (field: string, n: number) => ({ max: n, message: t('exposures.tooLong', { field: t(`exposures.fields.${field}`), n }) });

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // each field says what is wrong
    }
    const body = bodyOf(v);
    if (!typical) {
      let created: Typical;
      try {
        created = await create.mutateAsync(body);
      } catch {
        return; // shown by the alert and on the fields
      }
      void message.success(t('exposures.created'));
      navigate(`/exposures/${created.id}`, { replace: true });
      return;
    }
    save.mutate(
      { ...body, revision: typical.revision },
      {
        onSuccess: (c) => {
          setDirty(false);
          form.setFieldsValue(valuesOf(c));
          void message.success(t('common.saved'));
        },
      },
    );
  };

  const initial: Values = { dualPenalty: false, criminalTransfer: false, caseIds: fromCase !== undefined && !typical ? [fromCase] : [] };

  return (
    <Card size="small" title={t('exposures.sectionContent')} style={{ marginBottom: 12 }}>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          data-testid="typical-conflict"
          style={{ marginBottom: 12 }}
          title={conflict.code === 'exposure.stale' ? t('exposures.conflict') : t('exposures.lockedConflict')}
          action={
            <Button
              size="small"
              data-testid="typical-reload"
              onClick={() => {
                write.reset();
                setDirty(false);
                reload();
              }}
            >
              {t('exposures.reload')}
            </Button>
          }
        />
      ) : (
        <ErrorAlert error={write.error} form={form} listFields />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={typical ? valuesOf(typical) : initial}
        data-testid="typical-form"
        disabled={write.isPending}
        onValuesChange={() => setDirty(true)}
      >
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item name="title" label={t('exposures.fields.title')} rules={[required('title'), max('title', 200)]}>
              <Input data-testid="typical-title" maxLength={200} placeholder={t('exposures.titlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="subject" label={t('exposures.fields.subject')} rules={[required('subject'), max('subject', 200)]}>
              <Input data-testid="typical-subject" maxLength={200} placeholder={t('exposures.subjectPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="sector" label={t('exposures.fields.sector')} rules={[max('sector', 100)]}>
              <Input data-testid="typical-sector" maxLength={100} placeholder={t('exposures.sectorPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="caseIds" label={t('exposures.fields.caseIds')} rules={[required('caseIds', true)]} extra={t('exposures.sourcesHint')}>
              <SourceSelect campaignId={campaignId} typical={typical} />
            </Form.Item>
          </Col>
          {TEXT_FIELDS.map((f) => (
            <Col xs={24} key={f}>
              <Form.Item name={f} label={t(`exposures.fields.${f}`)} rules={[required(f), max(f, 10_000)]}>
                <Input.TextArea
                  data-testid={`typical-${f}`}
                  autoSize={{ minRows: 3, maxRows: 14 }}
                  maxLength={10_000}
                  showCount
                  placeholder={t(`exposures.placeholders.${f}`)}
                />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24}>
            <Space wrap size={16} style={{ marginBottom: 16 }}>
              <Form.Item name="dualPenalty" valuePropName="checked" noStyle>
                <Checkbox data-testid="typical-dual-penalty">{t('exposures.fields.dualPenalty')}</Checkbox>
              </Form.Item>
              <Form.Item name="criminalTransfer" valuePropName="checked" noStyle>
                <Checkbox data-testid="typical-criminal-transfer">{t('exposures.fields.criminalTransfer')}</Checkbox>
              </Form.Item>
            </Space>
          </Col>
          <Col xs={24}>
            <Form.Item name="lesson" label={t('exposures.fields.lesson')} rules={[required('lesson'), max('lesson', 10_000)]}>
              <Input.TextArea
                data-testid="typical-lesson"
                autoSize={{ minRows: 3, maxRows: 14 }}
                maxLength={10_000}
                showCount
                placeholder={t('exposures.placeholders.lesson')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('exposures.noReporterHint')} />
        <Space wrap>
          <Button type="primary" data-testid="typical-save" loading={write.isPending} onClick={() => void submit()}>
            {typical ? t('exposures.save') : t('exposures.create')}
          </Button>
          {typical && dirty && <Typography.Text type="warning">{t('exposures.unsaved')}</Typography.Text>}
        </Space>
      </Form>
    </Card>
  );
}

/** The verified cases to draft from, searched by reference, unit or text. */
function SourceSelect({
  campaignId,
  typical,
  value,
  onChange,
}: {
  campaignId: number;
  typical?: Typical;
  value?: number[];
  onChange?: (ids: number[]) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  // The list is asked once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const { items, isFetching } = useVerifiedCases(campaignId, q, open || (value?.length ?? 0) > 0);
  // Labels of every case seen, so a chosen case keeps its name when the search moves on.
  const [labels, setLabels] = useState<Map<number, string>>(new Map());
  useEffect(() => {
    setLabels((prev) => {
      const next = new Map(prev);
      for (const s of typical?.sources ?? []) next.set(s.id, `${s.reference} · ${tx(s.category, lang)}`);
      for (const c of items) next.set(c.id, [c.reference, tx(c.category.name, lang), c.enterprise].filter(Boolean).join(' · '));
      // Unchanged labels keep the same map: no render for nothing.
      const same = next.size === prev.size && [...next].every(([k, v]) => prev.get(k) === v);
      return same ? prev : next;
    });
  }, [items, typical, lang]);

  const options = useMemo(() => {
    // The search's matches first (the keyboard's first choice), then the chosen cases it no longer lists.
    const ids = new Set<number>([...items.map((c) => c.id), ...(value ?? [])]);
    return [...ids].map((id) => ({ value: id, label: labels.get(id) ?? `#${id}` }));
  }, [value, items, labels]);

  return (
    <Select<number[]>
      data-testid="typical-sources"
      mode="multiple"
      value={value}
      onChange={(v) => onChange?.(v)}
      onOpenChange={setOpen}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={isFetching}
      options={options}
      placeholder={t('exposures.sourcesSearch')}
      notFoundContent={isFetching ? t('exposures.searching') : t('exposures.noVerifiedCases')}
      style={{ width: '100%' }}
      maxCount={20}
    />
  );
}

/** The content as it was written, for everyone once the draft has left the office's hands. */
export function TypicalContent({ typical }: { typical: Typical }) {
  const { t } = useTranslation();
  const lang = useLang();
  const text = (s: string) => <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{s}</div>;
  return (
    <Card size="small" title={t('exposures.sectionContent')} style={{ marginBottom: 12 }} data-testid="typical-content">
      <Descriptions
        size="small"
        column={1}
        layout="vertical"
        items={[
          { key: 'title', label: t('exposures.fields.title'), children: <span data-testid="typical-title">{typical.title}</span> },
          { key: 'subject', label: t('exposures.fields.subject'), children: <span data-testid="typical-subject">{typical.subject}</span> },
          { key: 'sector', label: t('exposures.fields.sector'), children: <span data-testid="typical-sector">{typical.sector || '—'}</span> },
          {
            key: 'sources',
            label: t('exposures.fields.caseIds'),
            children: (
              <Space size={[6, 4]} wrap data-testid="typical-sources">
                {typical.sources.map((s) => (
                  <Link key={s.id} to={`/cases/${s.id}`} data-testid={`typical-source-${s.id}`}>
                    {s.reference} · {tx(s.category, lang)}
                  </Link>
                ))}
              </Space>
            ),
          },
          { key: 'facts', label: t('exposures.fields.facts'), children: <div data-testid="typical-facts">{text(typical.facts)}</div> },
          { key: 'violations', label: t('exposures.fields.violations'), children: <div data-testid="typical-violations">{text(typical.violations)}</div> },
          {
            key: 'handling',
            label: t('exposures.fields.handling'),
            children: (
              <div data-testid="typical-handling">
                {text(typical.handling)}
                <Space size={6} wrap style={{ marginTop: 4 }}>
                  <Tag color={typical.dualPenalty ? 'red' : 'default'} data-testid="typical-dual-penalty" data-checked={typical.dualPenalty ? 'true' : 'false'}>
                    {t('exposures.fields.dualPenalty')}
                    {t('punct.colon')}
                    {typical.dualPenalty ? t('exposures.yes') : t('exposures.no')}
                  </Tag>
                  <Tag
                    color={typical.criminalTransfer ? 'red' : 'default'}
                    data-testid="typical-criminal-transfer"
                    data-checked={typical.criminalTransfer ? 'true' : 'false'}
                  >
                    {t('exposures.fields.criminalTransfer')}
                    {t('punct.colon')}
                    {typical.criminalTransfer ? t('exposures.yes') : t('exposures.no')}
                  </Tag>
                </Space>
              </div>
            ),
          },
          { key: 'lesson', label: t('exposures.fields.lesson'), children: <div data-testid="typical-lesson">{text(typical.lesson)}</div> },
        ]}
      />
    </Card>
  );
}
