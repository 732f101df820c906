/*
 * What refusing a bad report costs the server, with and without files: a report whose proof of
 * work is made up (the right shape, a real challenge from the server, a nonce that does not solve
 * it), sent as multipart to POST /api/public/campaigns/kunming-2022/reports
 *   - with six PNGs of 100 megapixels each (made here with sharp: ~300 KB each on the wire, seconds
 *     of CPU each to decode — what a made-up proof once made the server do before refusing it), and
 *   - without files (the same JSON part alone),
 * in one run, against the real server: `safemonth serve` as a child process on SQLite in a temp
 * folder, exactly as an operator starts it. The client sends each whole body at once, as a script
 * would; the server answers after the JSON part and closes the connection without reading the rest.
 *
 * Figures, per refused request: the client's wall time (request written → answer read), and the
 * server process's CPU time (user + system, from /proc/<pid>/stat around each phase, 10 ms ticks,
 * over all requests of the phase). The ratio with/without files is the figure to compare: about 1
 * means a refusal costs the same whatever is attached. Requests run BENCH_CONNECTIONS at a time.
 *
 *   npm run bench:refusal
 *   BENCH_REQUESTS=200 BENCH_CONNECTIONS=4 npm run bench:refusal
 */
import fs from 'node:fs';
import http from 'node:http';
import { quietMachine } from './support';

process.env.TEST_DB = 'sqlite';
const { freshTarget, proofOfWork, HttpClient, startServerProcess } = await import('../test/support/server-process');
const { hugePng, multipartBody } = await import('../test/support/intake');

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const CODE = 'kunming-2022';
const INTAKE = `/api/public/campaigns/${CODE}/reports`;
const TICK_MS = 10;

/** The server's CPU time so far, user + system, in ms (Linux: /proc/<pid>/stat fields 14 and 15). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

interface Answer { status: number; code: string; ms: number }

/** One whole body on a fresh connection; the answer, even if the server hung up on the rest. */
function send(port: number, body: Buffer, contentType: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, path: INTAKE, method: 'POST', agent: false, headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let code = '';
        try { code = (JSON.parse(text) as { code?: string }).code ?? ''; } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, code, ms: performance.now() - started });
        req.destroy();
      });
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    req.end(body);
  });
}

async function phase(name: string, pid: number, port: number, form: { payload: Buffer; contentType: string }) {
  // Warm-up, unmeasured.
  for (let i = 0; i < 5; i++) await send(port, form.payload, form.contentType);
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let next = 0;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next++ < REQUESTS) {
      const a = await send(port, form.payload, form.contentType);
      latencies.push(a.ms);
      const key = `${a.status} ${a.code}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
  }));
  const wallMs = performance.now() - started;
  const cpu = cpuMs(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { name, bytes: form.payload.length, wallMs, perRequestMs: wallMs / REQUESTS, p50: at(0.5), p99: at(0.99), cpuPerRequestMs: cpu / REQUESTS, statuses };
}

async function main() {
  const target = await freshTarget();
  const server = await startServerProcess({
    ...target.env, REPORT_POW_BITS: '8', REPORT_RATE_PER_HOUR: '1000000', PUBLIC_RATE_PER_MINUTE: '1000000', LOG_LEVEL: 'error',
  });
  try {
    const port = Number(new URL(server.baseUrl).port);
    const client = new HttpClient(server.baseUrl);
    const county = (await client.get(`/api/public/campaigns/${CODE}/report-form`)).body.counties[0].id as number;
    const { challenge } = await proofOfWork(client);
    const report = JSON.stringify({
      challenge, nonce: 'made-up', category: 'gas_safety', countyId: county, address: '五华区某街道 12 号', enterprise: '某燃气经营部',
      occurredOn: '2022-06-08', description: '门店内违规存放多个液化石油气钢瓶，无任何消防器材。', whistleblower: false,
    });
    const made = performance.now();
    const png = await hugePng(100);
    console.log(`made a 100-MP PNG of ${(png.length / 1024).toFixed(0)} KB in ${((performance.now() - made) / 1000).toFixed(1)} s`);
    const withFiles = multipartBody([{ name: 'report', value: report }, ...Array.from({ length: 6 }, (_, i) => ({ name: 'file', file: { data: png, filename: `site-${i}.png`, type: 'image/png' } }))]);
    const without = multipartBody([{ name: 'report', value: report }]);

    const load = await quietMachine('refusal');
    const bare = await phase('bad proof, no files', server.pid, port, without);
    const heavy = await phase('bad proof, six 100-MP PNGs', server.pid, port, withFiles);
    for (const p of [bare, heavy]) {
      const refused = [...p.statuses].every(([k]) => k === '400 report.pow_invalid');
      if (!refused) throw new Error(`${p.name}: expected only 400 report.pow_invalid, got ${JSON.stringify([...p.statuses])}`);
    }
    console.log(`intake refusal (${REQUESTS} requests per phase, ${CONNECTIONS} at a time, load ${load}, SQLite, real server process ${server.pid})`);
    for (const p of [bare, heavy]) {
      console.log(`  ${p.name.padEnd(30)} ${(p.bytes / 1024).toFixed(0).padStart(6)} KB  wall ${p.perRequestMs.toFixed(2)} ms/request (p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms)  server CPU ${p.cpuPerRequestMs.toFixed(2)} ms/request`);
    }
    console.log(`  ratio with/without files: wall ${(heavy.perRequestMs / bare.perRequestMs).toFixed(2)}, server CPU ${(heavy.cpuPerRequestMs / Math.max(bare.cpuPerRequestMs, 0.01)).toFixed(2)}`);
  } finally {
    await server.stop();
    await target.drop();
  }
}

await main();
