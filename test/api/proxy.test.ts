import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbReady } from '../support/harness';
import { reportFacts } from '../support/reports';
import { freshTarget, HttpClient, killAllServers, proofOfWork, startServerProcess, type ServerProcess, type Target } from '../support/server-process';
import { dropRedisKeys, nginxAvailable, redisAvailable, REDIS_URL, requestFrom, startNginx, uniquePrefix, type Nginx, type Reply } from '../support/proxy';

/*
 * Per-client limits behind a real reverse proxy (Debian's nginx), and across several processes
 * sharing Redis. Clients connect from distinct loopback addresses, so nginx sees distinct
 * $remote_addr and passes each on in X-Forwarded-For; the server believes that header only from
 * the proxy's own address (TRUST_PROXY). The receipt look-up allows 3 a minute per client here.
 */

const LOOKUPS = 3;
const STATUS = '/api/public/report-status';
const WRONG_RECEIPT = { receipt: '0000-0000-0000-0000-0000' };
const CODE = 'kunming-2022';
const ready = dbReady && nginxAvailable() && (await redisAvailable());
const describeProxy = ready ? describe : describe.skip;

const lookUp = (from: string, port: number, headers: Record<string, string> = {}) => requestFrom(from, port, 'POST', STATUS, WRONG_RECEIPT, headers);

/** Look-ups from one client until the first refusal (at most `max`): the answers in order. */
async function exhaust(from: string, port: number, max = LOOKUPS + 3, headers: Record<string, string> = {}): Promise<Reply[]> {
  const answers: Reply[] = [];
  for (let i = 0; i < max; i++) {
    const a = await lookUp(from, port, headers);
    answers.push(a);
    if (a.status === 429) break;
  }
  return answers;
}

function expectThrottledAfterLimit(answers: Reply[]) {
  expect(answers.map((a) => a.status)).toEqual([...Array<number>(LOOKUPS).fill(404), 429]);
  const refusal = answers[LOOKUPS]!.body;
  expect(refusal).toMatchObject({ statusCode: 429, code: 'request.too_many' });
  expect(refusal.message).toMatch(/频繁/);
  expect(refusal.messageEn).toMatch(/Too many requests/);
}

describeProxy('behind a real nginx: limits per client, and across processes sharing Redis', () => {
  let target: Target;
  const prefix = uniquePrefix();
  const base = { REPORT_LOOKUPS_PER_MINUTE: String(LOOKUPS), REPORT_POW_BITS: '4' };
  let trusting: [ServerProcess, ServerProcess];
  let naive: ServerProcess;
  let pair: Nginx;
  let naiveProxy: Nginx;
  const portOf = (s: ServerProcess) => Number(new URL(s.baseUrl).port);
  const hostOf = (s: ServerProcess) => new URL(s.baseUrl).host;

  beforeAll(async () => {
    target = await freshTarget();
    const shared = { ...target.env, ...base, TRUST_PROXY: '127.0.0.1', REDIS_URL, REDIS_PREFIX: prefix };
    // One after the other: the first prepares the database, the second finds it ready.
    const first = await startServerProcess(shared);
    trusting = [first, await startServerProcess(shared)];
    naive = await startServerProcess({ ...target.env, ...base });
    pair = await startNginx(trusting.map(hostOf));
    naiveProxy = await startNginx([hostOf(naive)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([pair?.stop(), naiveProxy?.stop()]);
    await Promise.all([...(trusting ?? []), naive].filter(Boolean).map((s) => s.stop()));
    await killAllServers();
    await dropRedisKeys(prefix);
    await target?.drop();
  });

  it('throttles the client that exhausts the receipt look-ups, and only that client', async () => {
    const answers = await exhaust('127.0.0.2', pair.port);
    expectThrottledAfterLimit(answers);
    // Another citizen through the same proxy is not in that bucket.
    const other = await lookUp('127.0.0.3', pair.port);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('report.receipt_unknown');
  });

  it('counts one client across both processes: the limit holds whichever process answers', async () => {
    const answers = await exhaust('127.0.0.5', pair.port);
    expectThrottledAfterLimit(answers);
    // nginx took turns: both processes answered, and together they allowed the limit once, not twice.
    const upstreams = new Set(answers.map((a) => String(a.headers['x-upstream'])));
    expect(upstreams).toEqual(new Set(trusting.map(hostOf)));
  });

  it('ignores X-Forwarded-For from a connection that is not a trusted proxy', async () => {
    // A script connecting directly, claiming a new address each time, still counts as itself.
    let n = 0;
    const answers: Reply[] = [];
    for (let i = 0; i < LOOKUPS + 3; i++) {
      const a = await lookUp('127.0.0.4', portOf(trusting[0]), { 'x-forwarded-for': `10.0.${n++}.1` });
      answers.push(a);
      if (a.status === 429) break;
    }
    expectThrottledAfterLimit(answers);
  });

  it('without TRUST_PROXY every client behind the proxy shares one bucket (why the setting exists)', async () => {
    expectThrottledAfterLimit(await exhaust('127.0.0.6', naiveProxy.port));
    expect((await lookUp('127.0.0.7', naiveProxy.port)).status).toBe(429);
  });

  it('spends a challenge once across processes: issued by one, redeemed on the other, refused on both after', async () => {
    const [one, two] = trusting;
    const county = (await new HttpClient(one.baseUrl).get(`/api/public/campaigns/${CODE}/report-form`)).body.counties[0].id as number;
    const pow = await proofOfWork(new HttpClient(one.baseUrl));
    const report = { ...pow, ...reportFacts(county) };
    const first = await requestFrom('127.0.0.1', portOf(two), 'POST', `/api/public/campaigns/${CODE}/reports`, report);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    for (const s of [one, two]) {
      const again = await requestFrom('127.0.0.1', portOf(s), 'POST', `/api/public/campaigns/${CODE}/reports`, report);
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'report.pow_expired', fields: [{ field: 'challenge' }] });
    }
  });
});

describe.skipIf(!dbReady || !(await redisAvailable()))('the shared store', () => {
  it('is connected while the app runs and closed when it closes', async () => {
    const { startTestApp } = await import('../support/harness');
    const { Redis } = await import('ioredis');
    const prefix = uniquePrefix();
    const name = `${prefix}app`;
    const watcher = new Redis(REDIS_URL);
    const connected = async () => String(await watcher.client('LIST')).split('\n').some((line) => line.includes(` name=${name} `));
    try {
      const t = await startTestApp({}, { REDIS_URL, REDIS_PREFIX: prefix });
      // A challenge issued, a limit counted: both went through Redis under the run's prefix.
      expect((await t.client().post('/api/public/report-challenge')).status).toBe(200);
      expect(await connected()).toBe(true);
      expect((await watcher.keys(`${prefix}*`)).length).toBeGreaterThan(0);
      await t.close();
      // Redis drops the client just after answering QUIT: wait for that, within a deadline.
      const deadline = Date.now() + 5_000;
      while ((await connected()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await connected()).toBe(false);
    } finally {
      await dropRedisKeys(prefix);
      watcher.disconnect();
    }
  });
});
