/*
 * What the activity and package benchmarks share: a seeded generator so every run builds the same
 * data, timing with the process's peak memory, and a wait for a quiet machine (it has two cores,
 * and browser tests may be running beside a benchmark).
 */
import fs from 'node:fs';

/** A deterministic generator (mulberry32). */
export function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MiB = 1048576;

/** Duration and peak resident memory of the whole process while `fn` runs, sampled every 10 ms. */
export async function measured<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMiB: number; startMiB: number; value: T }> {
  const startMiB = Math.round(process.memoryUsage().rss / MiB);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const start = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - start;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms, peakMiB: Math.round(peak / MiB), startMiB, value };
  } finally {
    clearInterval(timer);
  }
}

/** The median run of `runs` after `warmUps` unmeasured ones (caches, JIT, the database's pages); the highest peak. */
export async function median<T>(fn: () => Promise<T>, runs: number, warmUps = 1) {
  for (let i = 0; i < warmUps; i++) await fn();
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await measured(fn));
  const sorted = [...all].sort((a, b) => a.ms - b.ms);
  const mid = sorted[sorted.length >> 1]!;
  return { ms: mid.ms, peakMiB: Math.max(...all.map((r) => r.peakMiB)), startMiB: all[0]!.startMiB, value: mid.value, all: all.map((r) => r.ms) };
}

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [one!, five!, fifteen!];
}

export const loadText = () => loadAverage().map((n) => n.toFixed(2)).join(' ');

/**
 * With BENCH_MAX_LOAD set, waits (polling every 30 s, at most 15 minutes) until the 1-minute load
 * is below it, so a timing is not taken while something else holds a core. Returns the load at the
 * end of the wait, for the report; the run goes on after 15 minutes whatever the load, and says so.
 */
export async function quietMachine(what: string): Promise<string> {
  const max = Number(process.env.BENCH_MAX_LOAD ?? NaN);
  if (!Number.isFinite(max)) return loadText();
  const deadline = Date.now() + 15 * 60_000;
  while (loadAverage()[0] >= max && Date.now() < deadline) {
    console.error(`[${what}] load ${loadText()}, waiting for the 1-minute load to fall below ${max}`);
    await new Promise((r) => setTimeout(r, 30_000));
  }
  const load = loadText();
  if (loadAverage()[0] >= max) console.error(`[${what}] load still ${load} after 15 minutes; measuring anyway`);
  return load;
}

/**
 * Signs in over real HTTP and returns the cookies. An account with two-factor answers the code
 * step with one of its recovery codes (each spent once), as a person without their phone would.
 */
export async function signInOverHttp(baseUrl: string, username: string, password: string, recoveryCodes: string[] = []): Promise<string[]> {
  const post = (url: string, body: unknown) => fetch(`${baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let r = await post('/api/auth/login', { username, password });
  if (r.status === 200) {
    const body = await r.clone().json() as { pendingToken?: string };
    if (body.pendingToken) r = await post('/api/auth/login/code', { pendingToken: body.pendingToken, code: recoveryCodes.shift() ?? '' });
  }
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return r.headers.getSetCookie().map((c) => c.split(';')[0]!);
}
