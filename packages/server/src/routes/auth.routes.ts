import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@meterflow/core';
import { SESSION_COOKIE } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import type { Services } from '../services.ts';
import { SMALL_BODY_LIMIT_BYTES } from '../http/limits.ts';
import { commonErrors } from '../http/error-body.ts';

const Me = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    role: Type.String(),
    customerId: Type.Union([Type.String(), Type.Null()]),
    orgId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Me' },
);
export const authSchemas = [Me];

export function authRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const toMe = (p: Principal) => ({
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    customerId: p.customerId,
    orgId: p.orgId,
  });

  r.post(
    '/api/auth/login',
    {
      bodyLimit: SMALL_BODY_LIMIT_BYTES,
      config: {
        rateLimit: {
          max: s.config.loginAttemptsPerMinute,
          timeWindow: '1 minute',
          keyGenerator: (req) =>
            `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '')}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets the session cookie',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: Type.Ref('Me') }), ...commonErrors },
      },
    },
    async (req, reply) => {
      const { token, principal } = await s.sessions.login(req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: s.config.cookieSecure,
        maxAge: s.config.sessionTtlMinutes * 60,
      });
      return { user: toMe(principal) };
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Log out; ends the session', response: { 204: Type.Null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await s.sessions.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: Type.Object({ user: Type.Ref('Me') }), ...commonErrors },
      },
    },
    async (req) => {
      if (!req.principal) throw new AppError('UNAUTHENTICATED', 'log in first (no session, or it expired)');
      return { user: toMe(req.principal) };
    },
  );
}
