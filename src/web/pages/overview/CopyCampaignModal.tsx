import { useState } from 'react';
import { App as AntApp, Alert, DatePicker, Form, Modal } from 'antd';
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

/** "Copy to year…": next year's plan from this one, every date shifted by the year difference. */
export default function CopyCampaignModal({ campaign, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { setCurrentId } = useCurrentCampaign();
  const copy = useCopyCampaign(campaign.id);
  const [year, setYear] = useState<Dayjs | null>(dayjs(`${campaign.year + 1}-01-01`));

  const submit = () => {
    if (!year) return;
    copy.mutate(year.year(), {
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
      onOk={submit}
      okText={t('overview.copyConfirm')}
      okButtonProps={{ disabled: !year, loading: copy.isPending, 'data-testid': 'campaign-copy-submit' } as never}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('overview.copyHint', { year: campaign.year })} />
      <ErrorAlert error={copy.error} />
      <Form layout="vertical">
        <Form.Item label={t('overview.targetYear')} required>
          <DatePicker
            picker="year"
            value={year}
            onChange={(v) => setYear(v)}
            disabledDate={(d) => d.year() === campaign.year}
            style={{ width: '100%' }}
            data-testid="campaign-copy-year"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
