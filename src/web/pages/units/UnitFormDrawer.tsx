import { useEffect } from 'react';
import { App as AntApp, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateUnit, useUpdateUnit, type UnitInput } from '../../api/units';
import { UNIT_TYPES, type Unit } from '../../api/types';
import { FormDrawer } from '../../components/FormDrawer';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';

interface Props {
  open: boolean;
  /** The unit to edit; absent for a new one. */
  unit?: Unit;
  /** For a new unit: the parent pre-selected. */
  parentId?: number;
  onClose: () => void;
}

type Values = UnitInput & { sortOrder?: number };

export default function UnitFormDrawer({ open, unit, parentId, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUnit();
  const update = useUpdateUnit();
  const mutation = unit ? update : create;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    create.reset();
    update.reset();
    form.setFieldsValue(
      unit
        ? { code: unit.code, name: unit.name, shortName: unit.shortName, type: unit.type, sortOrder: unit.sortOrder }
        : { parentId },
    );
  }, [open, unit, parentId]);

  const submit = (v: Values) => {
    const done = () => {
      void message.success(t('common.saved'));
      onClose();
    };
    if (unit) {
      update.mutate(
        { id: unit.id, code: v.code.trim(), name: v.name.trim(), shortName: v.shortName.trim(), type: v.type, sortOrder: v.sortOrder },
        { onSuccess: done },
      );
    } else {
      create.mutate(
        { code: v.code.trim(), name: v.name.trim(), shortName: v.shortName.trim(), type: v.type, parentId: v.parentId },
        { onSuccess: done },
      );
    }
  };

  return (
    <FormDrawer
      open={open}
      title={unit ? t('units.editTitle') : t('units.newTitle')}
      onClose={onClose}
      form={form}
      error={mutation.error}
      saving={mutation.isPending}
      onSave={submit}
      testPrefix="unit"
      codeFields={{ 'unit.code_taken': 'code' }}
    >
        <Form.Item
          name="code"
          label={t('units.code')}
          extra={t('units.codeHint')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, message: t('units.codeInvalid') },
          ]}
        >
          <Input data-testid="unit-code" maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input data-testid="unit-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="shortName" label={t('units.shortName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input data-testid="unit-short-name" maxLength={50} />
        </Form.Item>
        <Form.Item name="type" label={t('units.type')} rules={[{ required: true, message: t('form.required') }]}>
          <Select data-testid="unit-type" options={UNIT_TYPES.map((u) => ({ value: u, label: t(`unitType.${u}`) }))} />
        </Form.Item>
        {!unit && (
          <Form.Item name="parentId" label={t('units.parent')} extra={t('units.parentHint')} rules={[{ required: true, message: t('form.required') }]}>
            <UnitTreeSelect data-testid="unit-parent" placeholder={t('units.parentPlaceholder')} />
          </Form.Item>
        )}
        {unit && (
          <Form.Item name="sortOrder" label={t('units.sortOrder')}>
            <InputNumber precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
    </FormDrawer>
  );
}
