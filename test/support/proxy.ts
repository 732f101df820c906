import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './server-process';

/*
 * A real reverse proxy in front of real server processes: Debian's nginx, started as a child
 * with a generated configuration in a temp folder (pid, logs and its temp files there too), the
 * way the README's example deploys it; and a plain HTTP client that can connect from any loopback
 * address (the whole of 127/8 is the machine's on Linux), so nginx sees distinct clients.
 */

const NGINX = '/usr/sbin/nginx';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Under CI a missing nginx fails the suite; elsewhere the suite is skipped, saying why. */
export function nginxAvailable(): boolean {
  if (fs.existsSync(NGINX)) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${NGINX} is missing (apt-get install nginx)`);
  console.warn(`[proxy] skipped: ${NGINX} is missing (apt-get install nginx)`);
  return false;
}

/** Under CI an unreachable Redis fails the suite; elsewhere the suite is skipped, saying why. */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch (e) {
    if (process.env.CI === 'true') throw new Error(`CI=true and Redis is not reachable at ${REDIS_URL}`, { cause: e });
    console.warn(`[proxy] skipped: Redis is not reachable at ${REDIS_URL}`);
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Removes every key under `prefix` (a test run's own). */
export async function dropRedisKeys(prefix: string) {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export const uniquePrefix = () => `safemonth-test-${crypto.randomBytes(6).toString('hex')}:`;

/** Resolves once something accepts TCP connections on the port, polling; throws at the deadline. */
export async function waitForPort(port: number, child: ChildProcess, log: () => string, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before listening:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${ms} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Nginx { port: number; dir: string; stop(): Promise<void>; log(): string }

/**
 * nginx on a free port proxying to `upstreams` (host:port, round robin), as the README deploys it
 * minus TLS: the client's address in X-Forwarded-For, the body size cap, and which upstream
 * answered in a response header (X-Upstream), so a test can see both processes at work.
 */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-nginx-'));
  // As root, nginx's workers run as nobody and must reach their temp folders in here.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 130m;
  upstream safemonth { ${upstreams.map((u) => `server ${u};`).join(' ')} }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://safemonth;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`);
  let out = '';
  const child = spawn(NGINX, ['-e', path.join(dir, 'error.log'), '-c', conf, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => `${out}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`;
  process.once('exit', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
  try {
    await waitForPort(port, child, log);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    port, dir, log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply { status: number; body: any; headers: http.IncomingHttpHeaders }

/** One request from a chosen local address (a distinct client as far as the peer can tell). */
export function requestFrom(localAddress: string, port: number, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({
      host: '127.0.0.1', port, method, path: url, localAddress, agent: false,
      headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : { 'content-length': 0 }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
