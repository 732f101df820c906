import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { freePort } from '../../support/server-process';

const root = path.resolve(import.meta.dirname, '../../..');

/** The administrator's password the browser suites start the platform with. */
export const ADMIN_PASSWORD = 'e2e-admin-password';
/** Where the browser suites leave their screenshots and the sheets they write. */
export const shots = path.resolve('test-results');


export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * The platform as a newcomer runs it: the real command line, a fresh data folder,
 * the built web app, the reference campaign loaded on first start.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!fs.existsSync(path.join(root, 'dist/web/index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` (npm test does it for you)');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-e2e-'));
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/safemonth.mjs'), 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`server did not start:\n${out}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSuite {
  server: RunningServer;
  browser: Browser;
}

/**
 * A fresh platform and one Chromium for a describe block, started before its first test and
 * stopped after its last. The fields are set by then: read them inside the tests.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    suite.server = await startServer({ SAFEMONTH_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env });
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
