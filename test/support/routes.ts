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
