import { useMemo, useState } from 'react';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Space,
  Tabs,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSaveDefinition } from '../../api/campaigns';
import type { Campaign, CampaignDefinition, Text } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Props {
  campaign: Campaign;
  open: boolean;
  onClose: () => void;
}

type Path = (string | number)[];

/** A calendar-day field whose value stays a `YYYY-MM-DD` string. */
const dayProps = {
  getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : undefined }),
  normalize: (v: Dayjs | null) => (v ? v.format('YYYY-MM-DD') : undefined),
};

function TextFields({ name, label, required = true, textarea }: { name: Path; label: string; required?: boolean; textarea?: boolean }) {
  const { t } = useTranslation();
  const Comp = textarea ? Input.TextArea : Input;
  const rules = required ? [{ required: true, whitespace: true, message: t('form.required') }] : [];
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item name={[...name, 'zh']} label={`${label}${t('punct.paren', { x: t('form.zh') })}`} rules={rules}>
          <Comp {...(textarea ? { autoSize: { minRows: 2, maxRows: 6 } } : {})} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[...name, 'en']} label={`${label}${t('punct.paren', { x: t('form.en') })}`} rules={rules}>
          <Comp {...(textarea ? { autoSize: { minRows: 2, maxRows: 6 } } : {})} />
        </Form.Item>
      </Col>
    </Row>
  );
}

type FormValues = Pick<CampaignDefinition, 'identity' | 'periods' | 'milestones' | 'contact'>;

function emptyText(v: Text | undefined): boolean {
  return !v || (!v.zh?.trim() && !v.en?.trim());
}

/** Puts the edited parts back into the whole definition, dropping optional fields left empty. */
function merge(def: CampaignDefinition, v: FormValues): CampaignDefinition {
  const contact = { ...def.contact, ...v.contact };
  if (!contact.fax?.trim()) delete contact.fax;
  return {
    ...def,
    identity: { ...def.identity, ...v.identity, legalBasis: def.identity.legalBasis },
    periods: (v.periods ?? []).map((p, i) => ({ ...def.periods[i], ...p })),
    milestones: (v.milestones ?? []).map((m) => {
      const out = { ...m, approximate: Boolean(m.approximate) };
      if (emptyText(out.place)) delete out.place;
      if (emptyText(out.description)) delete out.description;
      return out;
    }),
    contact,
  };
}

export default function EditCampaignDrawer({ campaign, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveDefinition(campaign.id);
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const initialJson = useMemo(() => JSON.stringify(campaign.definition, null, 2), [campaign.definition]);
  const [json, setJson] = useState(initialJson);
  const [jsonError, setJsonError] = useState<string | null>(null);

  const initialValues: FormValues = useMemo(
    () => ({
      identity: campaign.definition.identity,
      periods: campaign.definition.periods,
      milestones: campaign.definition.milestones,
      contact: campaign.definition.contact,
    }),
    [campaign.definition],
  );

  const done = () => {
    void message.success(t('common.saved'));
    onClose();
  };

  const saveForm = async () => {
    let values: FormValues;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as FormValues;
    } catch {
      return;
    }
    save.mutate(merge(campaign.definition, values), { onSuccess: done });
  };

  const saveJson = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      setJsonError(t('overview.invalidJson', { detail: e instanceof Error ? e.message : '' }));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setJsonError(t('overview.invalidJson', { detail: '' }));
      return;
    }
    setJsonError(null);
    save.mutate(parsed as CampaignDefinition, { onSuccess: done });
  };

  const formTab = (
    <Form form={form} layout="vertical" initialValues={initialValues} scrollToFirstError data-testid="campaign-form">
      <Card size="small" title={t('overview.identity')} style={{ marginBottom: 12 }}>
        <TextFields name={['identity', 'title']} label={t('overview.fieldTitle')} />
        <TextFields name={['identity', 'shortTitle']} label={t('overview.fieldShortTitle')} />
        <TextFields name={['identity', 'theme']} label={t('overview.theme')} />
        <TextFields name={['identity', 'issuer']} label={t('overview.issuer')} />
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name={['identity', 'edition']} label={t('overview.fieldEdition')} rules={[{ required: true, message: t('form.required') }]}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name={['identity', 'documentNumber']}
              label={t('overview.documentNumber')}
              rules={[{ required: true, whitespace: true, message: t('form.required') }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['identity', 'issuedOn']} label={t('overview.issuedOn')} rules={[{ required: true, message: t('form.required') }]} {...dayProps}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('overview.periods')} style={{ marginBottom: 12 }}>
        <Form.List name="periods">
          {(fields) =>
            fields.map((f) => (
              <div key={f.key} style={{ borderBottom: '1px dashed #eee', marginBottom: 8 }}>
                <Typography.Text type="secondary">{initialValues.periods[f.name]?.key}</Typography.Text>
                <TextFields name={[f.name, 'name']} label={t('overview.periodName')} />
                <Row gutter={12}>
                  <Col xs={12} md={8}>
                    <Form.Item name={[f.name, 'start']} label={t('overview.start')} rules={[{ required: true, message: t('form.required') }]} {...dayProps}>
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={8}>
                    <Form.Item name={[f.name, 'end']} label={t('overview.end')} rules={[{ required: true, message: t('form.required') }]} {...dayProps}>
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[f.name, 'section']} label={t('overview.section')} rules={[{ required: true, message: t('form.required') }]}>
                      <Input />
                    </Form.Item>
                  </Col>
                </Row>
              </div>
            ))
          }
        </Form.List>
      </Card>

      <Card size="small" title={t('overview.milestones')} style={{ marginBottom: 12 }}>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <div key={f.key} style={{ borderBottom: '1px dashed #eee', marginBottom: 8 }}>
                  <Row gutter={12}>
                    <Col xs={12} md={6}>
                      <Form.Item name={[f.name, 'key']} label={t('overview.key')} rules={[{ required: true, message: t('form.required') }]}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[f.name, 'date']} label={t('overview.date')} rules={[{ required: true, message: t('form.required') }]} {...dayProps}>
                        <DatePicker style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[f.name, 'section']} label={t('overview.section')} rules={[{ required: true, message: t('form.required') }]}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[f.name, 'approximate']} valuePropName="checked" label=" ">
                        <Checkbox>{t('overview.approximateLabel')}</Checkbox>
                      </Form.Item>
                    </Col>
                  </Row>
                  <TextFields name={[f.name, 'name']} label={t('overview.milestoneName')} />
                  <TextFields name={[f.name, 'place']} label={t('overview.place')} required={false} />
                  <TextFields name={[f.name, 'description']} label={t('overview.description')} required={false} textarea />
                  <Button danger size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)} style={{ marginBottom: 8 }}>
                    {t('common.remove')}
                  </Button>
                </div>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', name: { zh: '', en: '' }, date: undefined, approximate: false, section: '' })}
              >
                {t('overview.addMilestone')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small" title={t('overview.contact')}>
        <TextFields name={['contact', 'organisation']} label={t('overview.contactOrg')} />
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name={['contact', 'person']} label={t('overview.contactPerson')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['contact', 'email']} label={t('overview.email')} rules={[{ required: true, type: 'email', message: t('form.email') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['contact', 'phone']} label={t('overview.phone')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['contact', 'fax']} label={t('overview.fax')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </Form>
  );

  const jsonTab = (
    <div>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('overview.jsonHint')} />
      {jsonError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={jsonError} />}
      <Input.TextArea
        data-testid="campaign-json"
        value={json}
        onChange={(e) => setJson(e.target.value)}
        spellCheck={false}
        autoSize={{ minRows: 20, maxRows: 40 }}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
      />
    </div>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('overview.editTitle')}
      size={screens.md ? 900 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => (tab === 'form' ? void saveForm() : saveJson())}
            data-testid="campaign-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={save.error} form={tab === 'form' ? form : undefined} listFields />
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          if (k === 'json' && tab === 'form') {
            // Carry the form's edits over so the two views never disagree.
            setJson(JSON.stringify(merge(campaign.definition, form.getFieldsValue(true) as FormValues), null, 2));
          }
          save.reset();
          setTab(k as 'form' | 'json');
        }}
        items={[
          { key: 'form', label: t('overview.tabForm'), children: formTab },
          { key: 'json', label: t('overview.tabJson'), children: jsonTab },
        ]}
      />
    </Drawer>
  );
}
