import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { solvePow } from '../../src/domain/cases/case.pow';
import { createTestDatabase, testDialect } from './database';
import { codeFor, nextSecondFactorCode, rememberSecondFactor } from './second-factor';

/*
 * The platform as an operator runs it, for tests that need a real process: `safemonth serve`
 * on a free port (killed with SIGKILL when a test says so), the command line run as a child
 * (asynchronously, so the test's own requests keep going meanwhile), an HTTP client that keeps
 * cookies and echoes the CSRF token like the web app, and a data folder plus database to point
 * them at, read directly by the test.
 */

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/safemonth.mjs');

/** The administrator's password every process started here is given. */
export const PROCESS_ADMIN_PASSWORD = 'process-admin-password';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type Row = Record<string, unknown>;

/** A data folder and a database (SQLite in the folder, or a fresh PostgreSQL database), empty. */
export interface Target {
  dataDir: string;
  url?: string;
  /** DATA_DIR and DATABASE_URL for a process pointed at this target. */
  env: Record<string, string>;
  /** Raw SQL on the target: SQLite through a read-only connection opened for the call. */
  query(q: string): Promise<Row[]>;
  drop(): Promise<void>;
}

export async function freshTarget(): Promise<Target> {
  if (testDialect === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-proc-'));
    const file = path.join(dataDir, 'safemonth.db');
    return {
      dataDir,
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      query: async (q) => {
        const db = new SQLite(file, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(q).all() as Row[];
        } finally {
          db.close();
        }
      },
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const database = await createTestDatabase();
  return {
    dataDir: database.dataDir,
    url: database.url,
    env: { DATA_DIR: database.dataDir, DATABASE_URL: database.url! },
    query: async (q) => (await sql.raw<Row>(q).execute(database.handle.db)).rows,
    drop: () => database.drop(),
  };
}

export const count = async (t: Target, table: string, where = '') => Number((await t.query(`SELECT COUNT(*) AS n FROM ${table} ${where}`))[0]!.n);

/** Every base table of the target's schema. */
export async function tableNames(t: Target): Promise<string[]> {
  const rows = testDialect === 'sqlite'
    ? await t.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    : await t.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
  return rows.map((r) => String(r.name));
}

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  output(): string;
  /** SIGKILL, as a power cut or the OOM killer would: no shutdown code runs. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Every server started here and not yet ended: a failed test must not leave one running. */
const running = new Set<ServerProcess>();
process.once('exit', () => {
  for (const s of running) {
    try { process.kill(s.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

/** Kills every server this test file started that is still running (for afterAll). */
export async function killAllServers() {
  await Promise.all([...running].map((s) => s.kill9()));
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: root,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '',
      WEB_DIR: path.join(os.tmpdir(), 'safemonth-no-web'), SAFEMONTH_ADMIN_PASSWORD: PROCESS_ADMIN_PASSWORD, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`server did not start:\n${out}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    running.delete(server);
  };
  const server: ServerProcess = { baseUrl, pid: child.pid!, output: () => out, kill9: () => end('SIGKILL'), stop: () => end('SIGTERM') };
  running.add(server);
  return server;
}

export interface CliResult { status: number | null; stdout: string; stderr: string; ms: number }

/** `safemonth …` as a child process, without blocking this process's event loop. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: Date.now() - started }));
  });
}

export interface HttpAnswer<T = any> { status: number; body: T }

/** A browser-like client over real HTTP: keeps cookies, echoes the CSRF token on writes. */
export class HttpClient {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async send(method: string, url: string, body?: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('sm_csrf');
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { payload = JSON.stringify(body); headers['content-type'] = 'application/json'; }
    const res = await fetch(`${this.baseUrl}${url}`, { method, headers, body: payload });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const type = res.headers.get('content-type') ?? '';
    const answer = type.includes('application/json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: answer };
  }

  get = (url: string) => this.send('GET', url);
  post = (url: string, body: unknown = {}) => this.send('POST', url, body);
  delete = (url: string) => this.send('DELETE', url);

  /** Signs in; answers the code step, and sets up two-factor first for an account that must have it. */
  async login(username: string, password: string) {
    let r = await this.post('/api/auth/login', { username, password });
    if (r.status === 200 && r.body.pendingToken) {
      r = await this.post('/api/auth/login/code', { pendingToken: r.body.pendingToken, code: await nextSecondFactorCode(this.baseUrl, username) });
    }
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.account?.restriction === 'two_factor_enrolment') {
      const setup = await this.post('/api/auth/two-factor/setup');
      const enabled = await this.post('/api/auth/two-factor/enable', { code: await codeFor(setup.body.secret) });
      if (enabled.status !== 200) throw new Error(`two-factor of ${username}: ${enabled.status} ${JSON.stringify(enabled.body)}`);
      rememberSecondFactor(this.baseUrl, username, setup.body.secret, enabled.body.recoveryCodes);
    }
    return this;
  }
}

const sha = (s: string) => new Uint8Array(crypto.createHash('sha256').update(s).digest());

/** A fresh challenge and its solved nonce, as the report page gets them. */
export async function proofOfWork(c: HttpClient) {
  const r = await c.post('/api/public/report-challenge');
  if (r.status !== 200) throw new Error(`challenge: ${r.status} ${JSON.stringify(r.body)}`);
  const nonce = await solvePow(r.body.challenge, r.body.bits, sha);
  return { challenge: r.body.challenge as string, nonce: String(nonce) };
}

/** A report as multipart: the JSON in field `report`, then each photo in `file`. */
export function reportForm(json: unknown, photos: { data: Buffer; name: string }[]) {
  const form = new FormData();
  form.append('report', JSON.stringify(json));
  for (const p of photos) form.append('file', new Blob([new Uint8Array(p.data)], { type: 'image/jpeg' }), p.name);
  return form;
}

export const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');
export const sha256OfFile = (file: string) => sha256(fs.readFileSync(file));
