import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every route the app has registered, read from Fastify's own route tree
 * (`printRoutes({ commonPrefix: false })`), so a route nobody documented is still found.
 * Each line is `<indent>├── <segment> (<METHODS>)`; a segment extends its parent's path.
 */
export function registeredRoutes(app: FastifyInstance): RouteEntry[] {
  const out: RouteEntry[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)(?:├── |└── )(.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = [...m[1]!].length / 4;
    const url = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = url;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) out.push({ method, url });
  }
  return out;
}

/** `/api/units/:id` → `/api/units/{id}`, the OpenAPI spelling. */
export const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * The API routes open to anyone: health, login (both steps),
 * the public campaign page, public reporting, the exposure page and the token feed.
 */
export const PUBLIC_API_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/health', 'HEAD /api/health', 'POST /api/auth/login', 'POST /api/auth/login/code',
  'GET /api/public/campaigns/:code/activities', 'HEAD /api/public/campaigns/:code/activities',
  'GET /api/public/media/:mediaId/display', 'HEAD /api/public/media/:mediaId/display',
  'GET /api/public/campaigns/current', 'HEAD /api/public/campaigns/current',
  'GET /api/public/campaigns/:code/report-form', 'HEAD /api/public/campaigns/:code/report-form',
  'POST /api/public/report-challenge', 'POST /api/public/campaigns/:code/reports',
  'POST /api/public/report-status', 'POST /api/public/report-messages',
  'GET /api/public/campaigns/:code/exposures', 'HEAD /api/public/campaigns/:code/exposures',
  'GET /api/public/exposure-images/:imageId', 'HEAD /api/public/exposure-images/:imageId',
  'GET /api/feeds/exposures.json', 'HEAD /api/feeds/exposures.json',
]);

/** The API description (Swagger UI and its JSON/YAML): shapes, never data. */
export const isDocsUrl = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

/** The signed-in API: every /api route but the docs, the public ones and HEAD (which mirrors GET). */
export function guardedApiRoutes(app: FastifyInstance): RouteEntry[] {
  return registeredRoutes(app).filter((r) =>
    r.url.startsWith('/api/') && r.method !== 'HEAD' && !isDocsUrl(r.url) && !PUBLIC_API_ROUTES.has(`${r.method} ${r.url}`));
}
