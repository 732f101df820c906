import { useMemo, useState } from 'react';
import { App as AntApp, Checkbox, Form, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { subtreeIds, useMoveUnit, useUnits } from '../../api/units';
import type { Unit } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';

export default function MoveUnitModal({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { data: units } = useUnits();
  const move = useMoveUnit();
  const [parentId, setParentId] = useState<number | undefined>(unit.parentId ?? undefined);
  const [toRoot, setToRoot] = useState(unit.parentId === null);
  // A unit cannot go under itself or one of its own sub-units.
  const exclude = useMemo(() => subtreeIds(units ?? [], unit.id), [units, unit.id]);

  const submit = () => {
    move.mutate(
      { id: unit.id, parentId: toRoot ? null : (parentId ?? null) },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('units.moveTitle')}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ loading: move.isPending, disabled: !toRoot && parentId === undefined }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {unit.name}
        {t('punct.paren', { x: unit.code })}
      </Typography.Paragraph>
      <ErrorAlert error={move.error} />
      <Form layout="vertical">
        <Form.Item label={t('units.newParent')}>
          <UnitTreeSelect value={toRoot ? undefined : parentId} onChange={setParentId} exclude={exclude} data-testid="unit-move-parent" />
        </Form.Item>
        <Checkbox checked={toRoot} onChange={(e) => setToRoot(e.target.checked)}>
          {t('units.moveToRoot')}
        </Checkbox>
      </Form>
    </Modal>
  );
}
