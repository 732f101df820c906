import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppDeps } from './context';
import { AppError, fieldError, invalidFields, nulPath, zodFieldErrors } from './http/errors';
import { translate, type MessageKey } from './http/messages';
import { registerSessionHook } from './http/session';
import { refuseDeepJson } from './http/json-depth';
import { closeSharedStore, connectSharedStore } from './shared-store';
import { logFailure, requestLogging } from './logging';
import { healthRoutes } from './features/health/health.routes';
import { authRoutes } from './features/auth/auth.routes';
import { unitRoutes } from './features/orgs/unit.routes';
import { accountRoutes } from './features/accounts/account.routes';
import { campaignRoutes } from './features/campaigns/campaign.routes';
import { obligationRoutes } from './features/obligations/obligation.routes';
import { auditRoutes } from './features/audit/audit.routes';
import { liaisonRoutes } from './features/liaisons/liaison.routes';
import { statisticsRoutes } from './features/statistics/statistics.routes';
import { mediaRoutes } from './features/media/media.routes';
import { activityRoutes } from './features/activities/activity.routes';
import { summaryRoutes } from './features/summaries/summary.routes';
import { packageRoutes } from './features/packages/package.routes';
import { caseRoutes } from './features/cases/case.routes';
import { reportRoutes } from './features/reports/report.routes';
import { exposureRoutes } from './features/exposures/exposure.routes';
import compress from '@fastify/compress';

/** Each capability registers its own routes; adding one is one line here. */
const features = [healthRoutes, authRoutes, campaignRoutes, unitRoutes, accountRoutes, obligationRoutes, liaisonRoutes, statisticsRoutes, mediaRoutes, activityRoutes, summaryRoutes, packageRoutes, caseRoutes, reportRoutes, exposureRoutes, auditRoutes];

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  sessionSecret: string;
}

export async function buildApp(given: AppDeps, opts: BuildOptions): Promise<FastifyInstance> {
  const redis = given.redis ?? connectSharedStore(given.config);
  const deps: AppDeps = { ...given, redis };
  const app = Fastify({
    logger: opts.logger ?? false,
    ...requestLogging,
    bodyLimit: 1024 * 1024,
    // req.ip is the X-Forwarded-For client only when the connection comes from a listed proxy;
    // otherwise the connecting address, whatever the request's headers say.
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
    // The router's own refusals (a malformed %-escape, an over-long path segment) in our bilingual shape too.
    frameworkErrors: (err, _req, reply) => {
      const code = (err as { statusCode?: number }).statusCode ?? 400;
      const status = code < 500 ? code : 400;
      void (reply as FastifyReply).code(status).send(generic(status, 'request.invalid'));
    },
  });

  // Our own validator: one 400 that names every bad field, in Chinese and English.
  app.setValidatorCompiler(({ schema, httpPart }) => (data: unknown) => {
    const zodSchema = schema as unknown as z.ZodType;
    const where = httpPart === 'body' ? undefined : httpPart === 'querystring' ? 'query' : httpPart;
    const nul = nulPath(data);
    if (nul !== null) return { error: invalidFields([fieldError(where ? `${where}.${nul}` : nul, 'field.nul')]) };
    const r = zodSchema.safeParse(data);
    if (r.success) return { value: r.data };
    return { error: invalidFields(zodFieldErrors(zodSchema, data, where) ?? []) };
  });
  app.setSerializerCompiler(serializerCompiler);
  // Before any validator or handler walks the body (recursively): nesting past the limit is a 400.
  app.addHook('preValidation', async (req) => refuseDeepJson(req.body));
  if (redis && !given.redis) app.addHook('onClose', () => closeSharedStore(redis));

  await app.register(cookie, { secret: opts.sessionSecret });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as <style> elements; scripts stay strictly 'self'.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: deps.config.cookieSecure,
  });
  // Phones on a mobile network load the web app through this: gzip only (brotli on the fly
  // costs too much CPU per request), and only types mime-db marks compressible, so zips,
  // xlsx, docx and photos pass through untouched.
  await app.register(compress, { global: true, encodings: ['gzip'], threshold: 1024 });
  // Per source, the source being req.ip (see trustProxy); in Redis when processes share one.
  await app.register(rateLimit, {
    global: false, keyGenerator: (req) => req.ip, ...(redis ? { redis, nameSpace: `${deps.config.redisPrefix}rate:` } : {}),
  });
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'safemonth API 安全生产月活动管理平台接口', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sm_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  registerSessionHook(app, deps);

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return reply.code(err.statusCode).send(err.toJSON());
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) {
      logFailure(app, req, err);
      return reply.code(500).send(generic(500, 'request.internal'));
    }
    // Fastify's own 4xx (bad JSON, wrong content type, too large, throttled) in our bilingual shape.
    const key: MessageKey = status === 429 ? 'request.too_many' : status === 415 ? 'request.unsupported_media' : 'request.invalid';
    const body = generic(status, key);
    return reply.code(status).send({ ...body, messageEn: `${body.messageEn} (${(err as Error).message})` });
  });

  for (const feature of features) await feature(app, deps);

  const webDir = deps.config.webDir;
  const hasWeb = !!webDir && fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: false, maxAge: '1h' });
  }
  app.setNotFoundHandler((req, reply) => {
    // A missing script or stylesheet (an old build's, asked for by a stale page) is a 404, not the app's page.
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.method !== 'GET' || !hasWeb) {
      return reply.code(404).send(generic(404, 'request.not_found'));
    }
    // The public report pages (/report, /report/status) and the exposure page (/exposure) are
    // their own light page; every other client-side route (/todo, /units …) loads the app's one page.
    const pathname = req.url.split('?', 1)[0]!;
    const light = pathname === '/report' || pathname.startsWith('/report/') || pathname === '/exposure' || pathname === '/exposure/';
    const page = light ? 'report.html' : 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(page);
  });

  return app;
}

function generic(statusCode: number, key: MessageKey) {
  const t = translate(key);
  return { statusCode, code: key, message: t.zh, messageEn: t.en };
}
