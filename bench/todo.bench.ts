/*
 * How fast the platform answers the two requests every unit makes when it opens the
 * platform near a deadline: its to-do list, and the office's obligations matrix.
 * Each figure is printed beside a bare Fastify route answering a constant, measured
 * in the same run on the same machine, so the ratio is what we compare across changes.
 *
 *   npm run bench            (SQLite)
 *   BENCH_DB=postgres npm run bench
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';

// The harness picks its database when it is first imported, so choose before importing it.
process.env.TEST_DB = process.env.BENCH_DB ?? 'sqlite';
const { startTestApp } = await import('../test/support/harness');
const { buildAccount, TEST_PASSWORD } = await import('../test/support/factories');

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function measure(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

async function main() {
  const t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;

  const bare = Fastify();
  bare.get('/constant', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/constant`;

  const reporter = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
  const login = async (username: string, password: string) => {
    const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };
  const reporterCookie = await login(reporter.username, TEST_PASSWORD);
  const adminCookie = await login('admin', 'admin-password-2022');

  const baseline = await measure(bareUrl);
  const todo = await measure(`${base}/api/campaigns/${t.campaignId}/obligations/mine`, { cookie: reporterCookie });
  const matrix = await measure(`${base}/api/campaigns/${t.campaignId}/obligations/matrix`, { cookie: adminCookie });
  const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);

  const row = (name: string, m: { rps: number; p99: number }) =>
    `| ${name} | ${Math.round(m.rps)} | ${m.p99} | ${(m.rps / baseline.rps).toFixed(3)} |`;
  console.log(`\n${t.database.handle.dialect}, ${CONNECTIONS} connections, ${DURATION} s each, RSS after run ${rss} MiB`);
  console.log('| request | req/s | p99 ms | ratio to bare route |');
  console.log('|---|---|---|---|');
  console.log(row('bare Fastify constant route (baseline)', baseline));
  console.log(row('a county reporter’s to-do list', todo));
  console.log(row('the office’s obligations matrix (55 units)', matrix));

  await bare.close();
  await t.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
