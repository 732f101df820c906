import { describe, expect, it } from 'vitest';
import { clockOf, loadConfig } from './config';

describe('configuration', () => {
  it('reads the report settings with their defaults, and refuses what is not a number', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/x' });
    expect(c.reports).toMatchObject({ powBits: 16, perHourPerSource: 30, lookupsPerMinutePerSource: 10, maxFiles: 6, benchBaseline: false });
    expect(c.reports.receiptKeyFile).toBe('/tmp/x/receipt.key');
    expect(() => loadConfig({ REPORT_POW_BITS: 'many' })).toThrow(/REPORT_POW_BITS/);
  });

  it('reads the trusted proxies and the shared store, and refuses a proxy that is not an address', () => {
    const c = loadConfig({ TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8,::1,loopback ', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'loopback']);
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({}).reports.maxImagePixels).toBe(40_000_000);
    for (const bad of ['nginx', '10.0.0.0/33', '1.2.3.4/8/1', '10.0.0.0/x']) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });

  it('starts the clock where SAFEMONTH_CLOCK says and lets it run on', async () => {
    expect(() => loadConfig({ SAFEMONTH_CLOCK: 'June' })).toThrow(/SAFEMONTH_CLOCK/);
    const now = clockOf(loadConfig({ SAFEMONTH_CLOCK: '2022-06-20T09:00:00+08:00' }));
    const first = now().getTime();
    expect(Math.abs(first - Date.parse('2022-06-20T09:00:00+08:00'))).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(now().getTime()).toBeGreaterThan(first);
    expect(Math.abs(clockOf(loadConfig({}))().getTime() - Date.now())).toBeLessThan(1000);
  });
});
