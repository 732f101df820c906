import { describe, expect, it } from 'vitest';
import {
  addYears,
  endOfDay,
  endOfMonth,
  isDay,
  isIsoDateTime,
  monthsBetween,
  shanghaiDay,
  startOfDay,
  startOfMonth,
} from './time';

describe('campaign time in Asia/Shanghai', () => {
  it('ends a day at the next Shanghai midnight, exclusive', () => {
    expect(endOfDay('2022-05-30').toISOString()).toBe('2022-05-30T16:00:00.000Z');
    expect(endOfDay('2022-12-31').toISOString()).toBe('2022-12-31T16:00:00.000Z');
    expect(endOfDay('2024-02-28').getTime()).toBe(startOfDay('2024-02-29').getTime());
  });

  it('starts a day at 00:00 +08:00', () => {
    expect(startOfDay('2022-06-01').toISOString()).toBe('2022-05-31T16:00:00.000Z');
  });

  it('takes a datetime with an offset as the instant it names', () => {
    expect(endOfDay('2022-06-01T09:30:00+08:00').toISOString()).toBe('2022-06-01T01:30:00.000Z');
    expect(startOfDay('2022-06-01T09:30:00Z').toISOString()).toBe('2022-06-01T09:30:00.000Z');
  });

  it('names the Shanghai day of an instant, across UTC midnight', () => {
    expect(shanghaiDay(new Date('2022-05-30T15:59:59.999Z'))).toBe('2022-05-30');
    expect(shanghaiDay(new Date('2022-05-30T16:00:00.000Z'))).toBe('2022-05-31');
  });

  it('validates calendar days', () => {
    expect(isDay('2022-02-28')).toBe(true);
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2022-02-29')).toBe(false);
    expect(isDay('2022-02-30')).toBe(false);
    expect(isDay('2022-13-01')).toBe(false);
    expect(isDay('2022-6-1')).toBe(false);
    expect(isIsoDateTime('2022-06-01T09:00:00+08:00')).toBe(true);
    expect(isIsoDateTime('2022-06-01T09:00:00')).toBe(false);
    expect(() => endOfDay('2022-02-30')).toThrow(RangeError);
  });

  it('adds years to days and datetimes, moving a leap day to Feb 28', () => {
    expect(addYears('2022-06-01', 5)).toBe('2027-06-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2022-06-01T09:30:00+08:00', 5)).toBe('2027-06-01T09:30:00+08:00');
    expect(addYears('2024-02-29T23:00:00.5Z', -1)).toBe('2023-02-28T23:00:00.5Z');
  });

  it('lists the months of a range', () => {
    expect(monthsBetween('2022-06-01', '2022-12-31')).toEqual([
      '2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12',
    ]);
    expect(monthsBetween('2022-11-15', '2023-02-01')).toEqual(['2022-11', '2022-12', '2023-01', '2023-02']);
    expect(monthsBetween('2022-06-01', '2022-06-30')).toEqual(['2022-06']);
  });

  it('bounds a month in Shanghai time', () => {
    expect(startOfMonth('2022-06').toISOString()).toBe('2022-05-31T16:00:00.000Z');
    expect(endOfMonth('2022-06').toISOString()).toBe('2022-06-30T16:00:00.000Z');
    expect(endOfMonth('2022-12').toISOString()).toBe('2022-12-31T16:00:00.000Z');
    expect(() => endOfMonth('2022-13')).toThrow(RangeError);
  });
});
