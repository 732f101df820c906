/*
 * Campaigns of other organisers, made from the reference plan for tests: the same obligations,
 * forms and dates, another code and title, and the organiser's own units in place of the
 * reference city's. Used to run two cities and a province office in one installation.
 */
type Unit = { code: string; name: string; shortName: string; type: string; parent?: string };
type Def = Record<string, any>;

export function organiserCampaign(reference: Def, o: { code: string; title: string; issuer: string; units: Unit[] }): Def {
  const def = JSON.parse(JSON.stringify(reference)) as Def;
  def.code = o.code;
  def.identity.title = { zh: `${o.title}“安全生产月”活动方案`, en: `${o.code} Work-Safety Month plan` };
  def.identity.shortTitle = { zh: `${o.title}安全生产月`, en: `${o.code} Work-Safety Month` };
  def.identity.issuer = { zh: o.issuer, en: o.issuer };
  def.units = o.units;
  return def;
}

/** 曲靖 2022: the city office and three counties. */
export const QUJING_UNITS: Unit[] = [
  { code: '530300-AW', name: '曲靖市安全生产委员会办公室', shortName: '曲靖市安委办', type: 'city_office' },
  { code: '530302', name: '麒麟区', shortName: '麒麟', type: 'county', parent: '530300-AW' },
  { code: '530303', name: '沾益区', shortName: '沾益', type: 'county', parent: '530300-AW' },
  { code: '530304', name: '马龙区', shortName: '马龙', type: 'county', parent: '530300-AW' },
];

export const PROVINCE_UNITS: Unit[] = [
  { code: '530000-AW', name: '省安全生产委员会办公室', shortName: '省安委办', type: 'province_office' },
];
