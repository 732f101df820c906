import { Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentCampaign } from './CampaignContext';
import { ErrorAlert } from './ErrorAlert';

/** What a campaign page shows while the campaign list loads, fails, or is empty; null once there is one. */
export function useCampaignGate(): React.ReactNode | null {
  const { t } = useTranslation();
  const { currentId, isLoading, error } = useCurrentCampaign();
  if (isLoading) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (error) return <ErrorAlert error={error} />;
  if (currentId === undefined) return <Empty description={t('campaign.none')} />;
  return null;
}
