import { describe, expect, it } from 'vitest';
import { pickCurrentCampaign } from './campaign.current';

const y = (id: number, year: number, extra: Partial<{ status: 'active' | 'archived'; organiserDepth: number }> = {}) => ({
  id, status: 'active' as const, ...extra,
  periods: [{ start: `${year}-06-01`, end: `${year}-06-30` }, { start: `${year}-06-01`, end: `${year}-12-31` }],
});

describe('the current campaign', () => {
  it('is the one running today, even when next year’s copy exists', () => {
    expect(pickCurrentCampaign([y(1, 2022), y(2, 2023)], '2022-11-20')?.id).toBe(1);
    expect(pickCurrentCampaign([y(2, 2023), y(1, 2022)], '2022-12-31')?.id).toBe(1);
  });
  it('between campaigns is the next to start, else the one that ended last', () => {
    expect(pickCurrentCampaign([y(1, 2022), y(2, 2023)], '2023-02-01')?.id).toBe(2);
    expect(pickCurrentCampaign([y(1, 2022), y(2, 2023)], '2024-02-01')?.id).toBe(2);
  });
  it('never is an archived campaign', () => {
    expect(pickCurrentCampaign([y(1, 2022, { status: 'archived' }), y(2, 2023)], '2022-07-01')?.id).toBe(2);
    expect(pickCurrentCampaign([y(1, 2022, { status: 'archived' })], '2022-07-01')).toBeUndefined();
  });
  it('of several running, is the one whose organiser stands highest', () => {
    const city = y(1, 2022, { organiserDepth: 2 });
    const province = y(2, 2022, { organiserDepth: 1 });
    expect(pickCurrentCampaign([city, province], '2022-06-10')?.id).toBe(2);
  });
});
