/**
 * Builds the Fastify application: plugins, error handling, schemas, routes and the web app.
 * Everything it needs is passed in; it reads no environment and starts no timers of its own.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Registry, collectDefaultMetrics, Histogram } from 'prom-client';
import { AppError, type Clock } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import type { Config } from './config.ts';
import { buildServices, type Services } from './services.ts';
import { SESSION_COOKIE } from './auth/authenticate.ts';
import { errorHandler } from './http/error-handler.ts';
import { ErrorBody } from './http/error-body.ts';
import { BODY_LIMIT_BYTES, MAX_PARAM_LENGTH } from './http/limits.ts';
import { ROUTE_MODULES, SHARED_SCHEMAS } from './routes/index.ts';
import { systemRoutes } from './routes/system.routes.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  clock: Clock;
  /** Pino logger options or false; defaults to JSON logs at the configured level. */
  logger?: boolean | object;
}

export interface App {
  fastify: FastifyInstance;
  services: Services;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, store, clock } = deps;
  const fastify = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });
  const services = buildServices(config, store, clock);
  fastify.setErrorHandler(errorHandler);

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpSeconds = new Histogram({
    name: 'meterflow_http_request_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  fastify.addHook('onResponse', async (req, reply) => {
    httpSeconds.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await fastify.register(cookie);
  await fastify.register(rateLimit, {
    global: false,
    // After parsing, so the key can include the user name from the body.
    hook: 'preHandler',
    errorResponseBuilder: () => new AppError('RATE_LIMITED', 'too many login attempts; wait a minute and retry'),
  });
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MeterFlow API',
        version: '0.1.0',
        description:
          'Open HTTP API of MeterFlow. Errors share one body: `{ error: { code, message, details[] } }`; see docs/errors.md.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
  });
  await fastify.register(swaggerUi, { routePrefix: '/docs' });

  fastify.addSchema(ErrorBody);
  for (const s of SHARED_SCHEMAS) fastify.addSchema(s);

  fastify.decorateRequest('principal', null);
  fastify.addHook('preHandler', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    req.principal = token ? ((await services.sessions.resolve(token)) ?? null) : null;
  });

  for (const routes of ROUTE_MODULES) routes(fastify, services);
  systemRoutes(fastify, services, registry);
  await serveWebApp(fastify, config.webDist);
  return { fastify, services };
}

/** Serves the built single-page app, with index.html for any non-API path (client-side routes). */
async function serveWebApp(fastify: FastifyInstance, webDist: string): Promise<void> {
  const hasWeb = existsSync(join(webDist, 'index.html'));
  if (hasWeb) await fastify.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  fastify.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url === '/api';
    if (!isApi && hasWeb && req.method === 'GET') return reply.sendFile('index.html');
    const message = `no route ${req.method} ${req.url.split('?')[0]}`;
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message, details: [] } });
  });
}
