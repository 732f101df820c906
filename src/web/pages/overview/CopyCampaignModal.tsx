import { App as AntApp, Alert, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useCopyCampaign } from '../../api/campaigns';
import type { Campaign } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Props {
  campaign: Campaign;
  open: boolean;
  onClose: () => void;
}

interface CopyValues {
  year: Dayjs | null;
  documentNumber: string;
  issuedOn: Dayjs | null;
}

/**
 * "Copy to year…": next year's plan from this one, every date shifted by the year difference.
 * The new plan is a new document: its number (文号) and issue date are asked for, never carried over.
 */
export default function CopyCampaignModal({ campaign, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { setCurrentId } = useCurrentCampaign();
  const copy = useCopyCampaign(campaign.id);
  const [form] = Form.useForm<CopyValues>();

  const submit = (v: CopyValues) => {
    if (!v.year || !v.issuedOn) return;
    copy.mutate({ year: v.year.year(), documentNumber: v.documentNumber.trim(), issuedOn: v.issuedOn.format('YYYY-MM-DD') }, {
      onSuccess: (created) => {
        void message.success(t('overview.copied', { year: created.year }));
        setCurrentId(created.id);
        onClose();
        navigate('/');
      },
    });
  };

  return (
    <Modal
      open={open}
      title={t('overview.copyTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('overview.copyConfirm')}
      okButtonProps={{ loading: copy.isPending, 'data-testid': 'campaign-copy-submit' } as never}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('overview.copyHint', { year: campaign.year })} />
      <ErrorAlert error={copy.error} />
      <Form<CopyValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ year: dayjs(`${campaign.year + 1}-01-01`), documentNumber: '', issuedOn: null }}
      >
        <Form.Item name="year" label={t('overview.targetYear')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker picker="year" disabledDate={(d) => d.year() === campaign.year} style={{ width: '100%' }} data-testid="campaign-copy-year" />
        </Form.Item>
        <Form.Item
          name="documentNumber"
          label={t('overview.copyDocumentNumber')}
          extra={t('overview.copyDocumentNumberHint', { old: campaign.definition.identity.documentNumber })}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={100} data-testid="campaign-copy-docno" />
        </Form.Item>
        <Form.Item name="issuedOn" label={t('overview.issuedOn')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker style={{ width: '100%' }} data-testid="campaign-copy-issued" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
