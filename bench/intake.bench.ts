/*
 * Public hazard-report intake under load: POST /api/public/campaigns/kunming-2022/reports (JSON,
 * no files) from 50 concurrent keep-alive connections until BENCH_REPORTS reports are answered,
 * beside baselines measured in the same run with the same bodies and the same client:
 *   - POST /api/bench/intake-baseline (registered by the server under reports.benchBaseline):
 *     the same body validated with the same zod schema, one row inserted with one durable
 *     statement — the least a durable intake can do. Anonymous, like the intake;
 *   - the same baseline, word for word (schema, statement, database handle), on the bare Fastify
 *     below, without the app's hooks (helmet, compression, session, rate limit): what they cost;
 *   - a bare Fastify answering a constant {ok:true} to the same POST: a second Fastify instance
 *     started in this process on its own port (startTestApp returns the app already `ready()`, so
 *     no route can be added to it), which parses the JSON body and nothing else — the HTTP ceiling.
 * Each phase has a short unmeasured warm-up. Figures: requests/s, p50/p99 latency as the client
 * sees it (request written → whole answer read), non-2xx answers, and the peak RSS of this process.
 *
 * The server runs in this process (startTestApp, listening on 127.0.0.1, a random port) and so
 * does the client (node:http with a keep-alive Agent, maxSockets 50; undici is not a direct
 * dependency), so the two share one event loop and the RSS is the server's plus a small client.
 * The proofs of work are fetched (POST /api/public/report-challenge) and solved with node:crypto
 * before any timing, so the timed phase is the server's intake, not the client's hashing. The
 * difficulty is REPORT_POW_BITS=8 here; whatever the bits, verifying a proof costs the server one
 * SHA-256 (and one HMAC of the challenge), so the figure holds for production's 16 bits.
 * Rate limits are raised out of the way (REPORT_RATE_PER_HOUR, PUBLIC_RATE_PER_MINUTE).
 *
 * After the run: the `cases` rows with source 'public' must equal the 201s received (warm-up
 * included), every returned reference (`${year}-${id padded to 6}`) must name one of those rows,
 * each returned receipt must hash (HMAC, the server's key) to that row's receipt_hash, and there
 * must be as many 'receive' events as rows. The goal: intake ≥ 50 % of the baseline's throughput,
 * p99 < 50 ms, no report lost.
 *
 *   npm run bench:intake                     (SQLite, WAL, synchronous=FULL)
 *   BENCH_DB=postgres npm run bench:intake   (a database created for the run in the local PostgreSQL, then dropped)
 *   BENCH_REPORTS=10000 BENCH_WARMUP=500 BENCH_CONNECTIONS=50 npm run bench:intake
 *   BENCH_MAX_LOAD=1.5 …                     wait for a quiet machine before timing
 */
import http from 'node:http';
import crypto from 'node:crypto';
import os from 'node:os';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { loadText, MiB, quietMachine } from './support';

process.env.TEST_DB = process.env.BENCH_DB ?? 'sqlite';
const { startTestApp } = await import('../test/support/harness');
const { solvePow } = await import('../src/domain/cases/case.pow');
const { normaliseReceipt } = await import('../src/domain/cases/case.receipt');
const { hashReceipt, loadReceiptKey } = await import('../src/server/features/reports/report.receipts');
const { publicReportSchema } = await import('../src/server/features/reports/report.schema');
const { parseOrThrow } = await import('../src/server/http/errors');
const { shanghaiDay } = await import('../src/domain/time');

const REPORTS = Number(process.env.BENCH_REPORTS ?? 4000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BITS = 8;
const CAMPAIGN = 'kunming-2022';
const INTAKE = `/api/public/campaigns/${CAMPAIGN}/reports`;
const BASELINE = '/api/bench/intake-baseline';

interface Answer { status: number; body: string }

function post(agent: http.Agent, port: number, path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = body ? { 'content-type': 'application/json', 'content-length': body.length } : { 'content-length': 0 };
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One request per body, from CONNECTIONS loops each taking the next body until none is left. */
async function load(agent: http.Agent, port: number, path: string, bodies: Buffer[], onAnswer: (a: Answer) => void = () => {}) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let firstRefusal: string | undefined;
  let next = 0;
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
  const start = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const sent = performance.now();
      const a = await post(agent, port, path, body);
      latencies.push(performance.now() - sent);
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if ((a.status < 200 || a.status > 299) && firstRefusal === undefined) firstRefusal = `${a.status} ${a.body.slice(0, 300)}`;
      onAnswer(a);
    }
  }));
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  const non2xx = [...statuses].filter(([s]) => s < 200 || s > 299).reduce((n, [, c]) => n + c, 0);
  return { n: bodies.length, ms, rps: (bodies.length / ms) * 1000, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1]!, non2xx, statuses, firstRefusal, peakMiB: Math.round(peak / MiB) };
}

async function main() {
  const t = await startTestApp({}, {
    REPORT_POW_BITS: String(BITS), REPORT_RATE_PER_HOUR: '1000000', REPORT_LOOKUPS_PER_MINUTE: '1000000',
    PUBLIC_RATE_PER_MINUTE: '1000000', SAFEMONTH_BENCH_BASELINE: 'true',
  });
  const bare = Fastify({ logger: false });
  bare.post('/bare', async () => ({ ok: true }));
  // The server's baseline, word for word, on the bare Fastify: same schema, same statement, same
  // database handle, without the app's hooks (helmet, compression, session, rate limit).
  bare.post('/baseline-replica', async (req, reply) => {
    const body = parseOrThrow(publicReportSchema, req.body);
    await sql`insert into bench_intake (day, body) values (${shanghaiDay(t.clock.now)}, ${JSON.stringify(body)})`.execute(t.db);
    return reply.code(201).send({ ok: true });
  });
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const barePort = (bare.server.address() as { port: number }).port;
    const dialect = t.database.handle.dialect;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

    const county = await t.db.selectFrom('units').select(['id', 'name']).where('code', '=', '530102').executeTakeFirstOrThrow();
    const campaign = await t.db.selectFrom('campaigns').select(['year']).where('code', '=', CAMPAIGN).executeTakeFirstOrThrow();

    // Wait for a quiet machine first: a challenge expires 10 minutes after it is issued.
    const before = await quietMachine('intake');
    // Proofs of work, untimed: fetched over HTTP like a browser would, solved here.
    const total = WARMUP + REPORTS;
    const solveStart = performance.now();
    const challenges: { challenge: string; bits: number }[] = [];
    let fetched = 0;
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (fetched < total) {
        fetched++;
        const a = await post(agent, port, '/api/public/report-challenge');
        if (a.status !== 200) throw new Error(`report-challenge answered ${a.status}: ${a.body}`);
        challenges.push(JSON.parse(a.body) as { challenge: string; bits: number });
      }
    }));
    const sha = (s: string) => crypto.createHash('sha256').update(s).digest();
    const bodies: Buffer[] = [];
    for (const [i, c] of challenges.entries()) {
      if (c.bits !== BITS) throw new Error(`the server asks for ${c.bits} bits, not ${BITS}`);
      const nonce = await solvePow(c.challenge, c.bits, sha);
      bodies.push(Buffer.from(JSON.stringify({
        challenge: c.challenge, nonce: String(nonce), category: 'gas_safety', countyId: county.id,
        address: `昆明市${county.name}某街道${i % 97 + 1}号小区北门餐馆后厨`,
        description: '餐馆后厨液化石油气钢瓶与灶具距离不足，软管老化龟裂，未安装可燃气体报警装置，营业时常闻到燃气味，请尽快检查处理。',
        whistleblower: i % 10 === 0, enterprise: i % 3 === 0 ? '某某餐饮店' : null, occurredOn: '2022-05-18',
        reporterName: null, reporterPhone: i % 4 === 0 ? '13812345678' : null,
      })));
    }
    const solveMs = performance.now() - solveStart;
    const warm = bodies.slice(0, WARMUP);
    const timed = bodies.slice(WARMUP);

    // The baseline must be open like the intake (config.public), or it measures something else.
    const probe = await post(agent, port, BASELINE, warm[0]);
    if (probe.status !== 201) throw new Error(`${BASELINE} answered ${probe.status} to an anonymous caller: ${probe.body}`);

    // (1) the baseline: same bodies, same schema, one durable insert each.
    await load(agent, port, BASELINE, warm);
    const baseline = await load(agent, port, BASELINE, timed);
    // (1b) the same baseline on the bare Fastify, anonymous.
    await load(agent, barePort, '/baseline-replica', warm);
    const replica = await load(agent, barePort, '/baseline-replica', timed);

    // (2) the real intake; every answer kept to check against the database afterwards.
    const submitted: { receipt: string; reference: string }[] = [];
    const keep = (a: Answer) => { if (a.status === 201) submitted.push(JSON.parse(a.body) as { receipt: string; reference: string }); };
    const warmIntake = await load(agent, port, INTAKE, warm, keep);
    const intake = await load(agent, port, INTAKE, timed, keep);

    // (3) the bare constant route on its own Fastify.
    await load(agent, barePort, '/bare', warm);
    const bareRun = await load(agent, barePort, '/bare', timed);
    const after = loadText();
    agent.destroy();

    // No report lost: every 201 is a row, every row was answered, every receipt opens its row.
    const rows = await t.db.selectFrom('cases').select(['id', 'receipt_hash']).where('source', '=', 'public').execute();
    const events = await t.db.selectFrom('case_events').innerJoin('cases', 'cases.id', 'case_events.case_id')
      .select([sql<number>`count(*)`.as('n')]).where('cases.source', '=', 'public').where('case_events.action', '=', 'receive').executeTakeFirstOrThrow();
    const key = loadReceiptKey(t.config.reports);
    const byId = new Map(rows.map((r) => [r.id, r.receipt_hash]));
    let unmatched = 0;
    const references = new Set<string>();
    for (const s of submitted) {
      references.add(s.reference);
      const [year, id] = s.reference.split('-');
      const hash = byId.get(Number(id));
      if (Number(year) !== campaign.year || hash === undefined || hash !== hashReceipt(key, normaliseReceipt(s.receipt)!)) unmatched++;
    }
    const lost = rows.length - submitted.length;
    const ok = unmatched === 0 && lost === 0 && references.size === submitted.length && Number(events.n) === rows.length;
    const refused = [baseline, replica, warmIntake, intake, bareRun].find((r) => r.firstRefusal)?.firstRefusal;

    const statusText = (m: Map<number, number>) => [...m].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
      console.log(`| ${name} | ${r.n} | ${(r.ms / 1000).toFixed(2)} | ${r.rps.toFixed(0)} | ${(r.rps / baseline.rps).toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.non2xx} | ${r.peakMiB} |`);

    console.log(`\nintake, ${dialect}${dialect === 'sqlite' ? ' (WAL, synchronous=FULL)' : ''}: ${REPORTS.toLocaleString('en')} requests per phase after ${WARMUP} unmeasured, ${CONNECTIONS} keep-alive connections, client and server in one process (node ${process.version}, ${os.cpus().length} cores); proof of work ${BITS} bits, ${total} challenges fetched and solved before timing in ${(solveMs / 1000).toFixed(1)} s`);
    console.log(`load average (1/5/15 min): before fetching the challenges ${before}; after the last phase ${after}`);
    console.log('| route | requests | s | requests/s | ratio to baseline | p50 ms | p99 ms | max ms | non-2xx | peak RSS MiB |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    row('baseline: validate + one durable insert (the server\'s route)', baseline);
    row('same baseline on the bare Fastify, no app hooks', replica);
    row('public report intake (one transaction: case + event)', intake);
    row('bare Fastify, constant {ok:true}', bareRun);
    console.log(`statuses: baseline ${statusText(baseline.statuses)}; replica ${statusText(replica.statuses)}; intake warm-up ${statusText(warmIntake.statuses)}, timed ${statusText(intake.statuses)}; bare ${statusText(bareRun.statuses)}`);
    console.log(`goal: intake/baseline throughput ${(intake.rps / baseline.rps * 100).toFixed(0)} % (≥ 50 %: ${intake.rps >= baseline.rps / 2 ? 'met' : 'MISSED'}; ${(intake.rps / replica.rps * 100).toFixed(0)} % of the bare-Fastify baseline); intake p99 ${intake.p99.toFixed(1)} ms (< 50 ms: ${intake.p99 < 50 ? 'met' : 'MISSED'})`);
    console.log(`durability: 201s received ${submitted.length}, public cases in the database ${rows.length}, 'receive' events ${events.n}, distinct references ${references.size}, references or receipts not matching their row ${unmatched}: ${!ok ? 'MISMATCH' : submitted.length === total ? 'no report lost' : `no report lost, but only ${submitted.length} of ${total} accepted`}`);
    if (refused) console.log(`first refusal: ${refused}`);
    if (!ok || refused || submitted.length !== total) process.exitCode = 1;
  } finally {
    await bare.close();
    await t.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
