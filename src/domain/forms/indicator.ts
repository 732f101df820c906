import type { IndicatorType } from '../campaign/campaign.schema';

/*
 * Small facts about a statistics indicator and a rule, shared by the server and the web form
 * (kept apart from the campaign schema so the web does not carry the schema).
 */

/** How many decimal places an indicator's figures have: 0 for a count, 2 for decimal and money unless given. */
export function indicatorDecimals(i: { type?: IndicatorType; decimals?: number }): number {
  return (i.type ?? 'integer') === 'integer' ? 0 : i.decimals ?? 2;
}

/** The indicators a side of a rule adds up: one key, or the keys of a sum. */
export const ruleTerms = (side: string | readonly string[]): readonly string[] => (typeof side === 'string' ? [side] : side);
