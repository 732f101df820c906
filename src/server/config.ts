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
  /** Where the built web app lives; absent in API-only tests. */
  webDir: string | undefined;
  login: { maxFailures: number; lockMinutes: number; perMinutePerSource: number };
  /** Requests per source per minute to the routes open without an account (the public campaign page). */
  publicPerMinutePerSource: number;
  sessionHours: number;
  media: MediaConfig;
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
    webDir: env.WEB_DIR ?? path.resolve('dist/web'),
    login: {
      maxFailures: intFrom(env.LOGIN_MAX_FAILURES, 5, 'LOGIN_MAX_FAILURES'),
      lockMinutes: intFrom(env.LOGIN_LOCK_MINUTES, 15, 'LOGIN_LOCK_MINUTES'),
      perMinutePerSource: intFrom(env.LOGIN_RATE_PER_MINUTE, 20, 'LOGIN_RATE_PER_MINUTE'),
    },
    publicPerMinutePerSource: intFrom(env.PUBLIC_RATE_PER_MINUTE, 120, 'PUBLIC_RATE_PER_MINUTE'),
    sessionHours: intFrom(env.SESSION_HOURS, 12, 'SESSION_HOURS'),
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

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}
