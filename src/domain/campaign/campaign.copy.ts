import { addYears, isDay, isIsoDateTime } from '../time';
import type { CampaignDefinition } from './campaign.schema';

/** Shifts every day and datetime anywhere in the tree, so a date field added later is not missed. */
function shiftDates(value: unknown, years: number): unknown {
  if (typeof value === 'string') {
    return isDay(value) || isIsoDateTime(value) ? addYears(value, years) : value;
  }
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, years));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, years)]));
  }
  return value;
}

function replaceYear(text: string, from: number, to: number): string {
  // Digits on either side mean a different number (a phone, 20221), not the year.
  return text.replace(new RegExp(`(?<!\\d)${from}(?!\\d)`, 'g'), String(to));
}

/**
 * Next year's campaign from this year's: the national month recurs every June with the next
 * edition number, so dates, year, code, titles and edition move together and everything else
 * (units, categories, forms, rules) carries over for the office to edit.
 * The new plan's document number (文号) and issue date are given by the office: last year's number
 * on this year's plan would be a false citation. The legal basis is kept as it is until the office
 * edits it. The case-handling holiday calendar is emptied.
 */
export function copyCampaignToYear(def: CampaignDefinition, year: number, issue: { documentNumber: string; issuedOn: string }): CampaignDefinition {
  const diff = year - def.year;
  // Holidays and 调休 days follow the lunar calendar and the State Council's yearly notice: a
  // shifted 2022 holiday would be wrong in 2027, so the new year starts with none to fill in.
  const shifted = shiftDates({ ...def, cases: { ...def.cases, calendar: { holidays: [], workdays: [] } } }, diff) as CampaignDefinition;
  const codeHasYear = new RegExp(`(?<!\\d)${def.year}(?!\\d)`).test(def.code);
  const { title, shortTitle } = shifted.identity;
  return {
    ...shifted,
    year,
    code: diff === 0 ? def.code : codeHasYear ? replaceYear(def.code, def.year, year) : `${def.code}-${year}`,
    identity: {
      ...shifted.identity,
      title: { zh: replaceYear(title.zh, def.year, year), en: replaceYear(title.en, def.year, year) },
      shortTitle: { zh: replaceYear(shortTitle.zh, def.year, year), en: replaceYear(shortTitle.en, def.year, year) },
      edition: def.identity.edition + diff,
      documentNumber: issue.documentNumber,
      issuedOn: issue.issuedOn,
    },
  };
}
