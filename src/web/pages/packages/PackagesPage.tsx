/*
 * 资料打包: the city office zips every unit's summary, statistics table and media originals (one
 * unit's or all of them) in the background and downloads the package when it is made. Packages
 * are kept a day.
 *
 * Test ids, each documented where it is rendered:
 *   StartPackage: pkg-start-all, pkg-unit, pkg-start-unit;
 *   PackageJobCard: pkg-job-<id>, pkg-progress-<id>, pkg-download-<id>;
 *   here: pkg-jobs (the list of recent packages).
 */
import { Card, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePackageJobs } from '../../api/packages';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { PackageJobCard } from './PackageJobCard';
import { StartPackage } from './StartPackage';

export default function PackagesPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  const { data: jobs, isLoading, error } = usePackageJobs(currentId);

  if (gate || currentId === undefined) return gate;

  return (
    <div style={{ maxWidth: 960 }}>
      <PageHeader title={t('packages.title')} />
      <StartPackage campaignId={currentId} />
      <Card size="small" title={t('packages.recent')} data-testid="pkg-jobs">
        <ErrorAlert error={error} />
        {isLoading ? (
          <div style={{ padding: 24, textAlign: 'center' }}>
            <Spin />
          </div>
        ) : !jobs?.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('packages.none')} />
        ) : (
          jobs.map((job) => <PackageJobCard key={job.id} campaignId={currentId} listed={job} />)
        )}
      </Card>
    </div>
  );
}
