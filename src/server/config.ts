import net from 'node:net';
import path from 'node:path';

/** Everything the process reads from its environment, in one place, so the README can list it. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** A postgres:// URL selects PostgreSQL; empty means the SQLite file under dataDir. */
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  sessionSecret: string | undefined;
  /** Set when served behind HTTPS so the session cookie is marked Secure. */
  cookieSecure: boolean;
  logLevel: string;
  /** The address people reach the platform at (printed on QR posters); else the request's own. */
  publicUrl: string | undefined;
  /** Where the built web app lives; absent in API-only tests. */
  webDir: string | undefined;
  login: LoginConfig;
  /** Requests per source per minute to the routes open without an account (the public campaign page). */
  publicPerMinutePerSource: number;
  /** Absolute lifetime of a session. */
  sessionHours: number;
  /** A session unused this long ends (SESSION_IDLE_MINUTES). */
  sessionIdleMinutes: number;
  /**
   * Where the platform's clock starts (SAFEMONTH_CLOCK, an ISO instant); it then runs at the
   * normal pace. For training and demonstrations of a past campaign, e.g. June 2022.
   */
  clockStart: string | undefined;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, TRUST_PROXY,
   * comma-separated); empty: none, and the client is the connecting address. Every per-source
   * limit counts this address.
   */
  trustProxy: string[];
  /**
   * A Redis shared by several processes (REDIS_URL): rate limits and spent proof-of-work
   * challenges are kept there, under `redisPrefix` (REDIS_PREFIX). Empty: in this process's memory.
   */
  redisUrl: string | undefined;
  redisPrefix: string;
  media: MediaConfig;
  reports: ReportConfig;
}

/**
 * Failed logins slow the guesser, not the owner: counted per (user name, source address), per source
 * and per user name across sources, each with its own threshold; past it, that pair (or source, or
 * name) waits 1, 2, 4 … minutes, up to `maxBackoffMinutes`. Every refusal is the same generic answer.
 */
export interface LoginConfig {
  /** Failures of one user name from one source before its backoff starts (LOGIN_MAX_FAILURES). */
  maxFailures: number;
  /** Failures from one source over all user names before the source waits (LOGIN_SOURCE_MAX_FAILURES). */
  sourceMaxFailures: number;
  /** Failures of one user name from all sources before everyone waits (LOGIN_ACCOUNT_MAX_FAILURES). */
  accountMaxFailures: number;
  /** The longest wait (LOGIN_LOCK_MINUTES). */
  maxBackoffMinutes: number;
  /** Login attempts per source per minute, in memory (LOGIN_RATE_PER_MINUTE). */
  perMinutePerSource: number;
}

/** Public reporting (举报): abuse limits that identify nobody, and where the receipt key lives. */
export interface ReportConfig {
  /** Leading zero bits the browser's proof of work must find; each bit doubles its cost. */
  powBits: number;
  /** Reports and reporter messages per source per hour, counted in memory (or the shared Redis) only. */
  perHourPerSource: number;
  /** Receipt look-ups per source per minute; a wrong receipt counts like a right one. */
  lookupsPerMinutePerSource: number;
  /** Photos and videos with one report or message. */
  maxFiles: number;
  /** The most pixels a reporter's image may declare (REPORT_MAX_IMAGE_MEGAPIXELS); staff may send more. */
  maxImagePixels: number;
  /**
   * The HMAC key for receipts. Never in the database: from RECEIPT_KEY (hex), or a file beside
   * it (RECEIPT_KEY_FILE, default `${dataDir}/receipt.key`, created on first start).
   */
  receiptKey: string | undefined;
  receiptKeyFile: string;
  /** Registers the bare durable-insert baseline route used by bench/intake.bench.ts. */
  benchBaseline: boolean;
}

export type MediaKind = 'image' | 'video' | 'document';

export interface MediaConfig {
  /** `${dataDir}/media`: originals/ (kept for the office) and derived/ (thumbnails, display copies). */
  dir: string;
  /** Per kind, in bytes; the kind is known from the file's first bytes, never from its name. */
  maxBytes: Record<MediaKind, number>;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.SAFEMONTH_ADMIN_PASSWORD || undefined,
    sessionSecret: env.SESSION_SECRET || undefined,
    cookieSecure: env.COOKIE_SECURE === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    webDir: env.WEB_DIR ?? path.resolve('dist/web'),
    login: {
      maxFailures: intFrom(env.LOGIN_MAX_FAILURES, 5, 'LOGIN_MAX_FAILURES'),
      sourceMaxFailures: intFrom(env.LOGIN_SOURCE_MAX_FAILURES, 50, 'LOGIN_SOURCE_MAX_FAILURES'),
      accountMaxFailures: intFrom(env.LOGIN_ACCOUNT_MAX_FAILURES, 200, 'LOGIN_ACCOUNT_MAX_FAILURES'),
      maxBackoffMinutes: intFrom(env.LOGIN_LOCK_MINUTES, 60, 'LOGIN_LOCK_MINUTES'),
      perMinutePerSource: intFrom(env.LOGIN_RATE_PER_MINUTE, 20, 'LOGIN_RATE_PER_MINUTE'),
    },
    publicPerMinutePerSource: intFrom(env.PUBLIC_RATE_PER_MINUTE, 120, 'PUBLIC_RATE_PER_MINUTE'),
    sessionHours: intFrom(env.SESSION_HOURS, 12, 'SESSION_HOURS'),
    sessionIdleMinutes: intFrom(env.SESSION_IDLE_MINUTES, 30, 'SESSION_IDLE_MINUTES'),
    clockStart: instantFrom(env.SAFEMONTH_CLOCK, 'SAFEMONTH_CLOCK'),
    trustProxy: proxiesFrom(env.TRUST_PROXY),
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || 'safemonth:',
    reports: {
      powBits: intFrom(env.REPORT_POW_BITS, 16, 'REPORT_POW_BITS'),
      perHourPerSource: intFrom(env.REPORT_RATE_PER_HOUR, 30, 'REPORT_RATE_PER_HOUR'),
      lookupsPerMinutePerSource: intFrom(env.REPORT_LOOKUPS_PER_MINUTE, 10, 'REPORT_LOOKUPS_PER_MINUTE'),
      maxFiles: intFrom(env.REPORT_MAX_FILES, 6, 'REPORT_MAX_FILES'),
      maxImagePixels: intFrom(env.REPORT_MAX_IMAGE_MEGAPIXELS, 40, 'REPORT_MAX_IMAGE_MEGAPIXELS') * 1_000_000,
      receiptKey: env.RECEIPT_KEY || undefined,
      receiptKeyFile: path.resolve(env.RECEIPT_KEY_FILE ?? path.join(dataDir, 'receipt.key')),
      benchBaseline: env.SAFEMONTH_BENCH_BASELINE === 'true',
    },
    media: {
      dir: path.join(dataDir, 'media'),
      maxBytes: {
        image: intFrom(env.MEDIA_MAX_IMAGE_MB, 20, 'MEDIA_MAX_IMAGE_MB') * MB,
        video: intFrom(env.MEDIA_MAX_VIDEO_MB, 500, 'MEDIA_MAX_VIDEO_MB') * MB,
        document: intFrom(env.MEDIA_MAX_DOCUMENT_MB, 50, 'MEDIA_MAX_DOCUMENT_MB') * MB,
      },
    },
  };
}

const MB = 1024 * 1024;

function instantFrom(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  if (Number.isNaN(Date.parse(value))) throw new Error(`${name} must be an ISO date and time such as 2022-06-20T09:00:00+08:00, got "${value}"`);
  return value;
}

/** The platform's clock: the real one, or one started at `clockStart` that runs from there. */
export function clockOf(config: Pick<Config, 'clockStart'>): () => Date {
  if (!config.clockStart) return () => new Date();
  const offset = Date.parse(config.clockStart) - Date.now();
  return () => new Date(Date.now() + offset);
}

/** Names proxy-addr knows for whole ranges, besides addresses and CIDRs. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function proxiesFrom(value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    const [address, bits, extra] = entry.split('/');
    const family = net.isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const ok = PROXY_RANGES.has(entry)
      || (family !== 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits)));
    if (!ok) throw new Error(`TRUST_PROXY must list addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8), got "${entry}"`);
  }
  return list;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}
