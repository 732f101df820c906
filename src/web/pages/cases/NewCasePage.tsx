/*
 * `/cases/new`: a unit files a violation lead (违法线索, source unit); the city office registers a
 * 12350 hotline call, an inspection finding or a media item (the source choice is the office's
 * only). Evidence chosen here is uploaded once the case exists; then the case's page opens.
 *
 * Test ids:
 *   case-new-form, case-source (office only), case-unit (a unit with sub-units: who files),
 *   case-category, case-county, case-address, case-enterprise, case-occurred-on, case-description,
 *   case-whistleblower, case-reporter-name, case-reporter-phone, case-files (wraps the file input
 *   and its button), case-file-<n> (a chosen file; case-file-remove-<n>), case-submit, case-cancel.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, DatePicker, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { OFFICE_SOURCES, uploadCaseFile, useCreateCase, type NewCaseBody, type NewCaseSource } from '../../api/cases';
import { useUnits } from '../../api/units';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useLang } from '../../i18n';
import { todayInShanghai } from '../../lib/format';
import { useCaseCampaign, useCountyOptions, useIsOffice } from './parts';
import { FilePickerButton } from '../../components/FilePickerButton';

interface Values {
  source: NewCaseSource;
  unitId?: number;
  category?: string;
  countyId?: number;
  address?: string;
  enterprise?: string;
  occurredOn?: Dayjs | null;
  description?: string;
  whistleblower?: boolean;
  reporterName?: string;
  reporterPhone?: string;
}

/** The server's rule: a mainland mobile number, or a landline with its area code. */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm,.pdf,.doc,.docx';
const blankToNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

export default function NewCasePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const gate = useCampaignGate();
  const { data: me } = useMe();
  const { data: units } = useUnits();
  const office = useIsOffice();
  const { campaignId, categoryOptions, error: campaignError } = useCaseCampaign();
  const countyOptions = useCountyOptions(true);
  const create = useCreateCase(campaignId ?? 0);
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  const source = Form.useWatch('source', form);

  if (gate) return gate;

  const ownCounty = me && (me.unit.type === 'county' || me.unit.type === 'zone') ? me.unit.id : undefined;
  const initial: Values = { source: office ? 'hotline' : 'unit', countyId: ownCounty, whistleblower: false, unitId: me?.unit.id };
  // A unit with sub-units (a county and its townships) says which of them files the lead.
  const showUnit = !office && (units?.length ?? 0) > 1;
  const required = (field: string, select = false) => ({
    required: true,
    ...(select ? {} : { whitespace: true }),
    message: t(select ? 'cases.requiredSelect' : 'cases.requiredInput', { field: t(`cases.fields.${field}`) }),
  });

  const submit = async () => {
    if (campaignId === undefined) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // each field already says what is wrong
    }
    const body: NewCaseBody = {
      source: office ? v.source : 'unit',
      category: v.category ?? '',
      countyId: v.countyId ?? 0,
      address: (v.address ?? '').trim(),
      enterprise: blankToNull(v.enterprise),
      occurredOn: v.occurredOn ? v.occurredOn.format('YYYY-MM-DD') : null,
      description: (v.description ?? '').trim(),
      whistleblower: v.whistleblower ?? false,
      reporterName: blankToNull(v.reporterName),
      reporterPhone: blankToNull(v.reporterPhone),
      ...(!office && showUnit && v.unitId !== undefined ? { unitId: v.unitId } : {}),
    };
    let created;
    try {
      created = await create.mutateAsync(body);
    } catch {
      return; // shown by the alert and on the fields
    }
    if (files.length > 0) {
      setUploading(true);
      for (const file of files) {
        try {
          await uploadCaseFile(campaignId, created.id, file, 'evidence');
        } catch (e) {
          void message.error(`${file.name}${t('punct.colon')}${errorMessage(e, lang, t('errors.unknown'))}`);
        }
      }
      setUploading(false);
    }
    void message.success(t('cases.created', { reference: created.reference }));
    navigate(`/cases/${created.id}`, { replace: true });
  };

  const busy = create.isPending || uploading;

  return (
    <div>
      <PageHeader
        title={office ? t('cases.newTitleOffice') : t('cases.newTitleUnit')}
        sub={office ? t('cases.newHintOffice') : t('cases.newHintUnit')}
      />
      <ErrorAlert error={campaignError} />
      <ErrorAlert error={create.error} form={form} listFields />
      <Form<Values> form={form} layout="vertical" initialValues={initial} data-testid="case-new-form" disabled={busy}>
        <Card size="small" title={t('cases.sectionFacts')} style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            {office && (
              <Col xs={24}>
                <Form.Item name="source" label={t('cases.fields.source')} rules={[required('source', true)]}>
                  <Radio.Group
                    data-testid="case-source"
                    optionType="button"
                    options={OFFICE_SOURCES.map((s) => ({ value: s, label: t(`cases.sources.${s}`) }))}
                  />
                </Form.Item>
              </Col>
            )}
            {showUnit && (
              <Col xs={24} md={12}>
                <Form.Item name="unitId" label={t('cases.fields.unitId')} rules={[required('unitId', true)]}>
                  <UnitTreeSelect data-testid="case-unit" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12}>
              <Form.Item name="category" label={t('cases.fields.category')} rules={[required('category', true)]}>
                <Select<string>
                  data-testid="case-category"
                  placeholder={t('cases.chooseCategory')}
                  options={categoryOptions}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="countyId" label={t('cases.fields.countyId')} rules={[required('countyId', true)]}>
                <Select<number>
                  data-testid="case-county"
                  placeholder={t('cases.chooseCounty')}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={countyOptions}
                  notFoundContent={t('cases.noCounties')}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="address" label={t('cases.fields.address')} rules={[required('address'), { max: 200, message: t('cases.tooLong', { field: t('cases.fields.address'), n: 200 }) }]}>
                <Input data-testid="case-address" maxLength={200} placeholder={t('cases.addressPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="enterprise" label={t('cases.fields.enterprise')}>
                <Input data-testid="case-enterprise" maxLength={200} placeholder={t('cases.optional')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="occurredOn" label={t('cases.fields.occurredOn')}>
                <DatePicker
                  data-testid="case-occurred-on"
                  style={{ width: '100%' }}
                  placeholder={t('cases.optional')}
                  disabledDate={(d) => d.isAfter(dayjs(todayInShanghai()), 'day')}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name="description"
                label={t('cases.fields.description')}
                rules={[required('description'), { max: 5000, message: t('cases.tooLong', { field: t('cases.fields.description'), n: 5000 }) }]}
              >
                <Input.TextArea
                  data-testid="case-description"
                  autoSize={{ minRows: 4, maxRows: 12 }}
                  maxLength={5000}
                  showCount
                  placeholder={t('cases.descriptionPlaceholder')}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="whistleblower" valuePropName="checked" extra={t('cases.whistleblowerHint')}>
                <Checkbox data-testid="case-whistleblower">{t('cases.fields.whistleblower')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={office ? t(`cases.sectionCaller_${source ?? 'hotline'}`) : t('cases.sectionInformant')} style={{ marginBottom: 12 }}>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('cases.reporterPrivacy')} />
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="reporterName" label={t('cases.fields.reporterName')}>
                <Input data-testid="case-reporter-name" maxLength={50} placeholder={t('cases.optional')} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="reporterPhone"
                label={t('cases.fields.reporterPhone')}
                rules={[{ pattern: PHONE, message: t('cases.phoneInvalid') }]}
              >
                <Input data-testid="case-reporter-phone" maxLength={20} inputMode="tel" placeholder={t('cases.optional')} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('cases.sectionEvidence')} style={{ marginBottom: 12 }}>
          {files.map((f, n) => (
            <div key={`${f.name}:${n}`} data-testid={`case-file-${n}`} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <PaperClipOutlined />
              <Typography.Text ellipsis style={{ maxWidth: 320 }}>
                {f.name}
              </Typography.Text>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                data-testid={`case-file-remove-${n}`}
                aria-label={t('common.remove')}
                onClick={() => setFiles((all) => all.filter((_, i) => i !== n))}
              />
            </div>
          ))}
          <Space data-testid="case-files" style={{ marginTop: 8 }} wrap>
            <FilePickerButton accept={ACCEPT} onFiles={(chosen) => setFiles((all) => [...all, ...chosen])}>
              {t('cases.chooseFiles')}
            </FilePickerButton>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cases.filesHint')}
            </Typography.Text>
          </Space>
        </Card>
      </Form>
      <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 10, marginBottom: 12, boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}>
        <Space wrap>
          <Button type="primary" data-testid="case-submit" loading={busy} onClick={() => void submit()}>
            {uploading ? t('cases.uploading') : t('cases.submitNew')}
          </Button>
          <Link to="/cases" data-testid="case-cancel">
            <Button disabled={busy}>{t('common.cancel')}</Button>
          </Link>
        </Space>
      </Card>
    </div>
  );
}
