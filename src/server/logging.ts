import crypto from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { shanghaiDay } from '../domain/time';

/**
 * Request logs say what was asked and how it ended, never who asked: no address, no headers.
 * Citizens report anonymously through this same process, so only the staff API is logged at all
 * (`requestLogging`), and the one line a public request may cause (its failure) carries the day,
 * not the time: `day` in a line replaces pino's `time`.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream && { stream }),
    timestamp: false,
    mixin: (line: object) => ('day' in line ? {} : { time: Date.now() }),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * Staff's API is logged; everything else — the public API (reports, receipts, the report form),
 * the light pages (/report, /report/status, /exposure) and the app's pages, scripts and static
 * files — is not: a load of /report or of its script at 14:03:07.123 dates a reporter as surely as
 * a row would.
 */
export const isStaffApi = (url: string) => {
  const pathname = url.split('?', 1)[0]!;
  return pathname.startsWith('/api/') && !pathname.startsWith('/api/public/');
};

/**
 * Fastify options for request logging: each request's logger is silent unless the request is
 * staff's API, and request ids are random — Fastify's default (req-1, req-2 …) counts every
 * request, so two logged staff requests would bracket the unlogged report between them.
 */
export const requestLogging = {
  genReqId: () => crypto.randomBytes(8).toString('hex'),
  childLoggerFactory(logger: FastifyBaseLogger, bindings: object, opts: object, raw: { url?: string }) {
    return logger.child(bindings, isStaffApi(raw.url ?? '') ? opts : { ...opts, level: 'silent' });
  },
} satisfies Pick<FastifyServerOptions, 'genReqId' | 'childLoggerFactory'>;

/** A server error: staff's request as usual; a public one with its route and the day only. */
export function logFailure(app: FastifyInstance, req: FastifyRequest, err: unknown) {
  if (isStaffApi(req.url)) req.log.error({ err }, 'request failed');
  else app.log.error({ day: shanghaiDay(new Date()), route: req.routeOptions.url ?? 'not found', err }, 'public request failed');
}
