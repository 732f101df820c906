/*
 * The record's own fields. The forms offered are the chosen category's, and a change of category
 * drops the forms that do not belong to it; the dates offered are the category's period.
 *
 * Test ids:
 *   act-unit (new records, for callers with more than one unit), act-category, act-forms,
 *   act-title, act-start, act-end, act-county, act-address, act-organiser, act-audience,
 *   act-participants, act-description, act-link-<n>, act-link-add, act-link-remove-<n>, act-public.
 */
import { Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { MAX_INDICATOR_VALUE } from '../../../domain/forms/statistics.rules';
import type { CampaignDefinition } from '../../api/types';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import { periodOf } from './parts';
import type { ActivityFormValues } from './useActivityEditor';

const LINK = /^https?:\/\/[^\s/]+\S*$/i;

interface Props {
  def: CampaignDefinition;
  categoryOptions: { value: string; label: string }[];
  countyOptions: { value: string; label: string }[];
  showUnit: boolean;
}

export function ActivityFields({ def, categoryOptions, countyOptions, showUnit }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const form = Form.useFormInstance<ActivityFormValues>();
  const category = Form.useWatch('category', form);
  const startsOn = Form.useWatch('startsOn', form);
  const period = periodOf(def, category);
  const formOptions = (def.taskCategories.find((c) => c.key === category)?.forms ?? []).map((f) => ({ value: f.key, label: tx(f.name, lang) }));

  const outside = (d: Dayjs) => !!period && (d.isBefore(period.start, 'day') || d.isAfter(period.end, 'day'));
  const pickerStart = period ? dayjs(period.start) : undefined;

  return (
    <>
      {showUnit && (
        <Form.Item name="unitId" label={t('activities.unit')} rules={[{ required: true, message: t('form.required') }]}>
          <UnitTreeSelect data-testid="act-unit" />
        </Form.Item>
      )}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="category" label={t('activities.category')} rules={[{ required: true, message: t('form.required') }]}>
            <Select<string>
              data-testid="act-category"
              options={categoryOptions}
              showSearch={{ optionFilterProp: 'label' }}
              popupMatchSelectWidth={false}
              onChange={(key) => {
                const allowed = new Set(def.taskCategories.find((c) => c.key === key)?.forms.map((f) => f.key) ?? []);
                form.setFieldValue('forms', (form.getFieldValue('forms') as string[] | undefined)?.filter((f) => allowed.has(f)) ?? []);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="forms"
            label={t('activities.forms')}
            rules={[{ required: true, type: 'array', min: 1, message: t('activities.formsRequired') }]}
            extra={category ? undefined : t('activities.chooseCategoryFirst')}
          >
            <Select<string[]>
              data-testid="act-forms"
              mode="multiple"
              disabled={!category}
              options={formOptions}
              optionFilterProp="label"
              popupMatchSelectWidth={false}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="title" label={t('activities.title')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input data-testid="act-title" maxLength={200} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item
            name="startsOn"
            label={t('activities.startsOn')}
            rules={[{ required: true, message: t('form.required') }]}
            extra={period ? t('activities.periodHint', { name: tx(period.name, lang), start: period.start, end: period.end }) : undefined}
          >
            <DatePicker
              data-testid="act-start"
              style={{ width: '100%' }}
              format="YYYY-MM-DD"
              disabledDate={outside}
              defaultPickerValue={pickerStart}
              onChange={(d) => {
                const end = form.getFieldValue('endsOn') as Dayjs | null | undefined;
                if (d && (!end || end.isBefore(d, 'day'))) form.setFieldValue('endsOn', d);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="endsOn"
            label={t('activities.endsOn')}
            dependencies={['startsOn']}
            rules={[
              { required: true, message: t('form.required') },
              ({ getFieldValue }) => ({
                validator: (_, end: Dayjs | null) => {
                  const start = getFieldValue('startsOn') as Dayjs | null;
                  return start && end && end.isBefore(start, 'day') ? Promise.reject(new Error(t('activities.endsBeforeStart'))) : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker
              data-testid="act-end"
              style={{ width: '100%' }}
              format="YYYY-MM-DD"
              disabledDate={(d) => outside(d) || (!!startsOn && d.isBefore(startsOn, 'day'))}
              defaultPickerValue={startsOn ?? pickerStart}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="participants" label={t('activities.participants')} extra={t('activities.participantsHint')}>
            <InputNumber<number>
              data-testid="act-participants"
              min={0}
              max={MAX_INDICATOR_VALUE}
              precision={0}
              inputMode="numeric"
              suffix={t('activities.personTimes')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="countyCode" label={t('activities.county')}>
            <Select<string>
              data-testid="act-county"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={countyOptions}
              placeholder={t('activities.countyPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="address" label={t('activities.address')}>
            <Input data-testid="act-address" maxLength={300} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="organiser" label={t('activities.organiser')}>
            <Input data-testid="act-organiser" maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="audience" label={t('activities.audience')}>
            <Input data-testid="act-audience" maxLength={200} placeholder={t('activities.audiencePlaceholder')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('activities.description')}>
        <Input.TextArea data-testid="act-description" maxLength={5000} showCount autoSize={{ minRows: 3, maxRows: 10 }} />
      </Form.Item>
      <Form.Item label={t('activities.links')} extra={t('activities.linksHint')} style={{ marginBottom: 8 }}>
        <Form.List name="links">
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, n) => (
                <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Form.Item
                    name={f.name}
                    style={{ flex: 1, marginBottom: 0 }}
                    rules={[{ pattern: LINK, message: t('activities.linkInvalid') }]}
                  >
                    <Input data-testid={`act-link-${n}`} placeholder="https://" maxLength={500} inputMode="url" />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('common.remove')}
                    data-testid={`act-link-remove-${n}`}
                    onClick={() => remove(f.name)}
                  />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} data-testid="act-link-add">
                {t('activities.addLink')}
              </Button>
              <Form.ErrorList errors={errors} />
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="isPublic" label={t('activities.isPublic')} valuePropName="checked" extra={t('activities.publicHint')}>
        <Switch data-testid="act-public" />
      </Form.Item>
    </>
  );
}
