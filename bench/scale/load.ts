/*
 * The load side of the platform benchmark: a keep-alive HTTP driver (node:http, the same client
 * for every request and every baseline), the server's memory read from /proc while it works, and
 * a bare Fastify in a process of its own — the ceiling any route of this machine can reach.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MiB } from '../support';

export interface Request { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: Buffer }
export interface LoadResult { n: number; rps: number; p50: number; p99: number; non2xx: number; firstRefusal?: string; peakMiB: number; bytes: number }

function send(agent: http.Agent, port: number, r: Request): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...r.headers, 'content-length': r.body?.length ?? 0 };
    if (r.body) headers['content-type'] = 'application/json';
    const req = http.request({ host: '127.0.0.1', port, path: r.path, method: r.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Resident memory of a process now, from /proc (Linux). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * `connections` loops each sending the next request until `seconds` have passed or `requests`
 * (a function of the request's number) returns null; every answer's latency is kept. The peak
 * RSS is the server process's (`pid`), sampled every 20 ms.
 */
export async function drive(opts: {
  port: number; pid: number; connections: number; seconds: number; request: (i: number) => Request | null;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let bytes = 0;
  let firstRefusal: string | undefined;
  let next = 0;
  let peak = rssOf(opts.pid);
  const timer = setInterval(() => { try { peak = Math.max(peak, rssOf(opts.pid)); } catch { /* exited: the run fails below */ } }, 20);
  const start = performance.now();
  const until = start + opts.seconds * 1000;
  try {
    await Promise.all(Array.from({ length: opts.connections }, async () => {
      while (performance.now() < until) {
        const r = opts.request(next++);
        if (!r) return;
        const sent = performance.now();
        const a = await send(agent, opts.port, r);
        latencies.push(performance.now() - sent);
        bytes += a.body.length;
        if (a.status < 200 || a.status > 299) {
          non2xx++;
          firstRefusal ??= `${r.method} ${r.path}: ${a.status} ${a.body.toString('utf8').slice(0, 300)}`;
        }
      }
    }));
  } finally {
    clearInterval(timer);
    agent.destroy();
  }
  const ms = performance.now() - start;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { n: latencies.length, rps: (latencies.length / ms) * 1000, p50: at(0.5), p99: at(0.99), non2xx, firstRefusal, peakMiB: Math.round(peak / MiB), bytes };
}

export interface BareServer { port: number; pid: number; stop(): Promise<void> }

/** A bare Fastify answering a constant to GET and POST /constant, in its own process. */
export async function startBareServer(): Promise<BareServer> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-server.mjs');
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { port, pid: child.pid!, stop: async () => { child.kill('SIGTERM'); await exited; } };
}
