/*
 * What the case pages share: the status and source tags, the deadline cell, the campaign's case
 * categories and the county-level units as choices, and whether the caller sits at the city office.
 */
import { useMemo } from 'react';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCampaignCounties, type CaseSource, type CaseStatus, type CaseSummary } from '../../api/cases';
import { useMe } from '../../api/auth';
import { useCampaign } from '../../api/campaigns';
import type { CampaignDefinition } from '../../api/types';
import { useUnits } from '../../api/units';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { useLang } from '../../i18n';
import { formatDate, formatDay, formatDeadline, tx } from '../../lib/format';

export const CASE_STATUS_COLOR: Record<CaseStatus, string> = {
  received: 'gold',
  not_accepted: 'default',
  accepted: 'blue',
  assigned: 'processing',
  founded: 'volcano',
  unfounded: 'cyan',
  rectifying: 'orange',
  rectified: 'lime',
  closed: 'green',
  merged: 'default',
};

export function CaseStatusTag({ status, testId }: { status: CaseStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={CASE_STATUS_COLOR[status]} data-status={status} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {t(`cases.statuses.${status}`)}
    </Tag>
  );
}

const SOURCE_COLOR: Record<CaseSource, string> = {
  public: 'geekblue',
  unit: 'purple',
  hotline: 'magenta',
  inspection: 'cyan',
  media: 'orange',
};

export function CaseSourceTag({ source }: { source: CaseSource }) {
  const { t } = useTranslation();
  return (
    <Tag color={SOURCE_COLOR[source]} data-source={source} style={{ marginInlineEnd: 0 }}>
      {t(`cases.sources.${source}`)}
    </Tag>
  );
}

/** A calendar day as it is, or an instant's Shanghai day. */
export function dayOf(value: string | null | undefined, lang: 'zh' | 'en'): string {
  if (!value) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value, lang) : formatDate(value, lang);
}

/** The running deadline: red with 已超期 when passed, 已督办 when the office escalated it. */
export function DeadlineCell({ c, testId }: { c: Pick<CaseSummary, 'deadlineAt' | 'overdue' | 'escalated'>; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Space size={4} wrap data-testid={testId} data-overdue={c.overdue ? 'true' : 'false'}>
      {c.deadlineAt ? (
        <Typography.Text type={c.overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
          {formatDeadline(c.deadlineAt, lang)}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      )}
      {c.overdue && (
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          {t('cases.overdueTag')}
        </Tag>
      )}
      {c.escalated && (
        <Tag color="magenta" style={{ marginInlineEnd: 0 }}>
          {t('cases.escalatedTag')}
        </Tag>
      )}
    </Space>
  );
}

export type CaseCategory = NonNullable<CampaignDefinition['cases']>['categories'][number];

/** The current campaign and the case choices it defines. */
export function useCaseCampaign() {
  const lang = useLang();
  const { currentId } = useCurrentCampaign();
  const { data: campaign, error } = useCampaign(currentId);
  const def = campaign?.definition;
  const categoryOptions = useMemo(
    () => (def?.cases?.categories ?? []).map((c) => ({ value: c.key, label: tx(c.name, lang) })),
    [def, lang],
  );
  /** Days to rectify when the handler sets none (§六: 30 calendar days). */
  const rectifyDays = def?.cases?.deadlines.rectifyDays ?? 30;
  return { campaignId: currentId, campaign, def, categoryOptions, rectifyDays, error };
}

/**
 * The county-level units (counties and development zones) by id: those in the caller's unit list
 * (the office sees every one, a county its own), and with `everyCounty` also the campaign's full
 * list, since a department may file a lead in any county.
 */
export function useCountyOptions(everyCounty = false) {
  const { data: units } = useUnits();
  const { current } = useCurrentCampaign();
  const office = useIsOffice();
  // The office's own list already holds every county.
  const { data: campaignCounties } = useCampaignCounties(current?.code, everyCounty && !office && current?.status === 'active');
  return useMemo(() => {
    const byId = new Map<number, { code: string; name: string; zone: boolean }>();
    for (const c of campaignCounties ?? []) byId.set(c.id, { code: c.code, name: c.name, zone: !/^\d/.test(c.code) });
    for (const u of units ?? []) {
      if ((u.type === 'county' || u.type === 'zone') && u.active) byId.set(u.id, { code: u.code, name: u.name, zone: u.type === 'zone' });
    }
    return [...byId]
      .sort(([, a], [, b]) => (a.zone === b.zone ? a.code.localeCompare(b.code) : a.zone ? 1 : -1))
      .map(([id, u]) => ({ value: id, label: u.name }));
  }, [units, campaignCounties]);
}

/** The city office's desk: its accounts register calls and see the whole city. */
export function useIsOffice(): boolean {
  const { data: me } = useMe();
  return me?.unit.type === 'city_office';
}

/** A unit's short name where it has one. */
export function unitName(u: { name: string; shortName?: string } | null | undefined): string {
  return u ? u.shortName || u.name : '';
}
