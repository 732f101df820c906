/*
 * The office's create-or-edit drawer (accounts, units): the whole width on a phone and 480 px
 * beside the list on a desk, Cancel and Save at the top, the refusal above the form with its field
 * errors put on the fields (`codeFields` maps a refusal that names no field, like a taken name, to
 * the field it is about), and Enter in any field saving. `onSave` gets the values only once every
 * field is valid; until then each field says what is wrong.
 */
import type { ReactNode } from 'react';
import { Button, Drawer, Form, Grid, Space } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

export function FormDrawer<V>({
  open, title, onClose, form, error, saving, onSave, testPrefix, codeFields, children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  form: FormInstance<V>;
  error: unknown;
  saving: boolean;
  onSave: (values: V) => void;
  /** `<prefix>-form` and `<prefix>-submit`. */
  testPrefix: string;
  codeFields?: Record<string, string>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const save = () => form.validateFields().then(onSave, () => undefined);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={screens.sm ? 480 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid={`${testPrefix}-submit`}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} form={form} codeFields={codeFields} />
      <Form form={form} layout="vertical" data-testid={`${testPrefix}-form`} onFinish={() => void save()} autoComplete="off">
        {children}
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
