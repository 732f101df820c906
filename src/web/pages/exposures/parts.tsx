/*
 * What the exposure pages share: the status tag (with the awaited review step), the month label,
 * the campaign's review chain and outlets, and the cache-safe address of a blurred photo.
 */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCampaign } from '../../api/campaigns';
import type { ExposureStage, ExposureStatus, TypicalImage } from '../../api/exposures';
import type { Text } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { useLang } from '../../i18n';
import { formatDate, formatDay, tx, type Lang } from '../../lib/format';

export const EXPOSURE_STATUS_COLOR: Record<ExposureStatus, string> = {
  draft: 'default',
  in_review: 'processing',
  approved: 'cyan',
  published: 'green',
  withdrawn: 'red',
};

/** 审核中 · 宣传人员筛选 while in review; the plain status otherwise. */
export function TypicalStatusTag({ status, stage, testId }: { status: ExposureStatus; stage?: ExposureStage | null; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const label = t(`exposures.statuses.${status}`, { defaultValue: status });
  return (
    <Tag
      color={EXPOSURE_STATUS_COLOR[status] ?? 'default'}
      data-status={status}
      data-stage={stage?.key}
      data-testid={testId}
      style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
    >
      {status === 'in_review' && stage ? `${label} · ${tx(stage.name, lang)}` : label}
    </Tag>
  );
}

/** `2022-06` → 2022年6月 / June 2022. */
export function formatMonth(month: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (lang === 'zh') return `${year}年${n}月`;
  const name = new Date(Date.UTC(year, n - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  return `${name} ${year}`;
}

/** A calendar day as it is, or an instant's Shanghai day. */
export function dayOf(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value, lang) : formatDate(value, lang);
}

export interface ReviewStepDef {
  key: string;
  role: string;
  name: Text;
}

/** The campaign's exposure settings (the server's default chain when the definition has none). */
export function useExposureCampaign() {
  const { currentId } = useCurrentCampaign();
  const { data: campaign, error } = useCampaign(currentId);
  const exposure = campaign?.definition.exposure;
  return {
    campaignId: currentId,
    campaign,
    reviewChain: (exposure?.reviewChain ?? []) as ReviewStepDef[],
    outlets: exposure?.outlets ?? [],
    error,
  };
}

/**
 * The blurred copy's address. Re-drawing the boxes renders a new copy under the same address, so
 * the boxes are added as a version the server ignores: the browser never shows a stale blur.
 */
export function blurredSrc(image: Pick<TypicalImage, 'blurredUrl' | 'boxes'>): string {
  const v = image.boxes.map((b) => [b.x, b.y, b.w, b.h].map((n) => Math.round(n * 10_000)).join('.')).join('_') || '0';
  let hash = 0;
  for (let i = 0; i < v.length; i++) hash = (hash * 31 + v.charCodeAt(i)) >>> 0;
  return `${image.blurredUrl}${image.blurredUrl.includes('?') ? '&' : '?'}v=${hash.toString(36)}`;
}
