import { z } from 'zod';
import type { Text } from '../text';

/*
 * The kinds of participant a campaign addresses. The plan's header addresses counties, zones,
 * member departments and enterprises; townships are here because county offices push the
 * campaign down to them, even though the city plan does not name them. A province office organises
 * the province's campaign above the cities' offices. The installation's own list (seeded with these)
 * is the `unit_types` table.
 */
export const unitTypes = ['province_office', 'city_office', 'county', 'zone', 'department', 'enterprise', 'township'] as const;

export type UnitType = (typeof unitTypes)[number];

export const unitTypeSchema = z.enum(unitTypes);

export const unitTypeLabels: Record<UnitType, Text> = {
  province_office: { zh: '省安委办', en: 'Provincial work-safety committee office' },
  city_office: { zh: '市安委办', en: 'City work-safety committee office' },
  county: { zh: '县（市）区安委会', en: 'County-level work-safety committee' },
  zone: { zh: '开发（度假）园区安委会', en: 'Development or resort zone work-safety committee' },
  department: { zh: '市安委会成员单位', en: 'Member unit of the city work-safety committee' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  township: { zh: '乡镇（街道）', en: 'Township or sub-district' },
};
