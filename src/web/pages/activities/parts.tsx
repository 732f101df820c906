/*
 * What the activity pages share: the status tag, the campaign's task categories and counties as
 * choices, and the period a category's dates must fall in.
 */
import { useMemo } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActivityStatus } from '../../api/activities';
import { useCampaign } from '../../api/campaigns';
import type { CampaignDefinition } from '../../api/types';
import { useUnits } from '../../api/units';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';

export const ACTIVITY_STATUS_COLOR: Record<ActivityStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  accepted: 'green',
  returned: 'orange',
};

export function ActivityStatusTag({ status, testId }: { status: ActivityStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={ACTIVITY_STATUS_COLOR[status]} data-status={status} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {t(`activities.statuses.${status}`)}
    </Tag>
  );
}

export type TaskCategory = CampaignDefinition['taskCategories'][number];

/** The period a category's activities must fall in (a Month task in June, the Tour until December). */
export function periodOf(def: CampaignDefinition | undefined, category: string | undefined) {
  const c = def?.taskCategories.find((x) => x.key === category);
  return c ? def?.periods.find((p) => p.key === c.period) : undefined;
}

/** The current campaign's definition and the choices the activity pages offer from it. */
export function useActivityCampaign() {
  const lang = useLang();
  const { currentId } = useCurrentCampaign();
  const { data: campaign, isLoading, error } = useCampaign(currentId);
  const def = campaign?.definition;
  const categoryOptions = useMemo(
    () => (def?.taskCategories ?? []).map((c) => ({ value: c.key, label: `${c.section} ${tx(c.name, lang)}` })),
    [def, lang],
  );
  const categoryName = (key: string) => tx(def?.taskCategories.find((c) => c.key === key)?.name, lang) || key;
  return { campaignId: currentId, campaign, def, categoryOptions, categoryName, isLoading, error };
}

/**
 * The counties an activity may be placed in: those the plan names and those the office added
 * since. A unit sees only its own subtree in the unit list, so the plan supplies the rest.
 */
export function useCountyOptions(def: CampaignDefinition | undefined) {
  const { data: units } = useUnits();
  return useMemo(() => {
    const byCode = new Map<string, string>();
    for (const u of def?.units ?? []) if (u.type === 'county') byCode.set(u.code, u.name);
    for (const u of units ?? []) if (u.type === 'county' && u.active) byCode.set(u.code, u.name);
    return [...byCode]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, name]) => ({ value: code, label: name }));
  }, [def, units]);
}
