import { useEffect } from 'react';
import { App as AntApp, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateAccount, useUpdateAccount, type AccountInput } from '../../api/accounts';
import { ROLES, type Account } from '../../api/types';
import { FormDrawer } from '../../components/FormDrawer';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';

interface Props {
  open: boolean;
  account?: Account;
  defaultUnitId?: number;
  onClose: () => void;
}

type Values = AccountInput & { active?: boolean; confirm?: string };

export const PASSWORD_MIN = 10;

export default function AccountFormDrawer({ open, account, defaultUnitId, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const mutation = account ? update : create;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    create.reset();
    update.reset();
    form.setFieldsValue(
      account
        ? { username: account.username, displayName: account.displayName, unitId: account.unit.id, roles: account.roles, active: account.active }
        : { unitId: defaultUnitId, roles: ['unit_reporter'] },
    );
  }, [open, account, defaultUnitId]);

  const submit = (v: Values) => {
    const done = () => {
      void message.success(t('common.saved'));
      onClose();
    };
    if (account) {
      update.mutate(
        { id: account.id, displayName: v.displayName.trim(), unitId: v.unitId, roles: v.roles, active: v.active },
        { onSuccess: done },
      );
    } else {
      create.mutate(
        { username: v.username.trim(), displayName: v.displayName.trim(), unitId: v.unitId, roles: v.roles, password: v.password },
        { onSuccess: done },
      );
    }
  };

  return (
    <FormDrawer
      open={open}
      title={account ? t('accounts.editTitle') : t('accounts.newTitle')}
      onClose={onClose}
      form={form}
      error={mutation.error}
      saving={mutation.isPending}
      onSave={submit}
      testPrefix="account"
      codeFields={{ 'account.username_taken': 'username' }}
    >
        <Form.Item
          name="username"
          label={t('accounts.username')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { pattern: /^[A-Za-z0-9._@-]{2,64}$/, message: t('accounts.usernameInvalid') },
          ]}
        >
          <Input data-testid="account-username" disabled={Boolean(account)} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input data-testid="account-display-name" maxLength={64} />
        </Form.Item>
        <Form.Item name="unitId" label={t('accounts.unit')} rules={[{ required: true, message: t('form.required') }]}>
          <UnitTreeSelect data-testid="account-unit" />
        </Form.Item>
        <Form.Item name="roles" label={t('accounts.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('accounts.rolesRequired') }]}>
          <Select
            mode="multiple"
            data-testid="account-roles"
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            optionFilterProp="label"
          />
        </Form.Item>
        {!account && (
          <>
            <Form.Item
              name="password"
              label={t('accounts.initialPassword')}
              extra={t('profile.passwordRule', { n: PASSWORD_MIN })}
              rules={[
                { required: true, message: t('form.required') },
                { min: PASSWORD_MIN, message: t('profile.passwordTooShort', { n: PASSWORD_MIN }) },
              ]}
            >
              <Input.Password data-testid="account-password" autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        {account && (
          <Form.Item name="active" label={t('accounts.active')} valuePropName="checked">
            <Switch data-testid="account-active" />
          </Form.Item>
        )}
    </FormDrawer>
  );
}
