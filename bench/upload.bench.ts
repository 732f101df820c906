/*
 * Upload of a 200 MB video into the media library over HTTP (multipart, streamed to disk,
 * checked by its bytes and size-limited on the way), beside a raw copy of the same file on the
 * same disk measured in the same run. Peak RSS shows that the file is never held in memory.
 *
 *   npm run bench:upload                 (SQLite; BENCH_DB=postgres for PostgreSQL)
 *   BENCH_UPLOAD_MB=500 npm run bench:upload
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { signInOverHttp } from './support';

process.env.TEST_DB = process.env.BENCH_DB ?? 'sqlite';
const { startTestApp } = await import('../test/support/harness');

const MB = Number(process.env.BENCH_UPLOAD_MB ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** An MP4 as the sniffer sees one (an ftyp box with the isom brand), then incompressible bytes. */
async function makeVideo(file: string) {
  const out = fs.createWriteStream(file);
  const head = Buffer.alloc(32);
  head.writeUInt32BE(32, 0);
  head.write('ftypisom', 4, 'ascii');
  head.write('isomiso2avc1mp41', 16, 'ascii');
  out.write(head);
  const chunk = crypto.randomBytes(1 << 20);
  for (let i = 0; i < MB; i++) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

async function peakDuring<T>(fn: () => Promise<T>) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  clearInterval(timer);
  return { ms, peakMiB: Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576), value };
}

async function median(fn: () => Promise<unknown>) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await peakDuring(fn));
  runs.sort((a, b) => a.ms - b.ms);
  return { ms: runs[runs.length >> 1]!.ms, peakMiB: Math.max(...runs.map((r) => r.peakMiB)) };
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-upload-'));
  const video = path.join(work, 'drill.mp4');
  await makeVideo(video);
  const size = fs.statSync(video).size;

  const t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  // The administrator must have two-factor: set it up in process, sign in over HTTP with a recovery code.
  const office = t.client();
  await office.post('/api/auth/login', { username: 'admin', password: 'admin-password-2022' });
  const cookies = await signInOverHttp(base, 'admin', 'admin-password-2022', await office.enrolTwoFactor('admin'));
  const csrf = cookies.find((c) => c.startsWith('sm_csrf='))!.slice('sm_csrf='.length);

  const copy = await median(async () => {
    const target = path.join(t.config.dataDir, `copy-${crypto.randomUUID()}`);
    await pipeline(fs.createReadStream(video), fs.createWriteStream(target));
    fs.rmSync(target);
  });
  // curl is the client, in its own process, so the peak RSS measured here is the server's alone.
  const upload = await median(async () => {
    const { stdout: out } = await promisify(execFile)('curl', [
      '-sS', '-o', '/dev/null', '-w', '%{http_code}',
      '-H', `cookie: ${cookies.join('; ')}`, '-H', `x-csrf-token: ${decodeURIComponent(csrf)}`,
      '-F', `file=@${video};type=video/mp4`,
      `${base}/api/campaigns/${t.campaignId}/media`,
    ]);
    if (out.trim() !== '201') throw new Error(`upload answered ${out}`);
  });

  const rate = (ms: number) => (size / 1048576 / (ms / 1000)).toFixed(0);
  console.log(`\n${t.database.handle.dialect}, a ${(size / 1048576).toFixed(0)} MiB video, median of ${RUNS}; the client is curl in its own process, peak RSS is the server's`);
  console.log('| operation | ms | MiB/s | ratio to raw copy | peak RSS MiB |');
  console.log('|---|---|---|---|---|');
  console.log(`| raw file copy on the same disk (baseline) | ${copy.ms.toFixed(0)} | ${rate(copy.ms)} | 1.00 | ${copy.peakMiB} |`);
  console.log(`| upload over HTTP into the media library | ${upload.ms.toFixed(0)} | ${rate(upload.ms)} | ${(upload.ms / copy.ms).toFixed(2)} | ${upload.peakMiB} |`);

  await t.close();
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
