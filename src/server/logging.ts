import type { FastifyServerOptions } from 'fastify';

/**
 * Request logs say what was asked and how it ended, never who asked: no address, no headers.
 * Citizens report anonymously through this same process (and its public report routes log
 * nothing at all: see report.routes.ts).
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream && { stream }),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
