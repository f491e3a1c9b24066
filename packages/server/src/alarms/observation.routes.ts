import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';

const Risk = Type.Object({
  kind: Type.Literal('risk'),
  subjectKind: Type.Union([Type.Literal('meter'), Type.Literal('account'), Type.Literal('monitor')]),
  subjectId: Type.String({ minLength: 1, maxLength: 64 }),
  branchId: Type.Optional(Type.String({ maxLength: 64 })),
  riskKind: Type.Union([Type.Literal('powerQuality'), Type.Literal('safeUsage')]),
  score: Type.Number({ minimum: 0, maximum: 100 }),
  detail: Type.Optional(Type.String({ maxLength: 500 })),
});
const Reconciliation = Type.Object({
  kind: Type.Literal('reconciliation'),
  key: Type.String({ minLength: 1, maxLength: 100 }),
  channel: Type.String({ minLength: 1, maxLength: 40 }),
  branchId: Type.Optional(Type.String({ maxLength: 64 })),
  differenceFen: Type.Integer(),
  unmatchedCount: Type.Integer({ minimum: 0 }),
});
const CollectionJob = Type.Object({
  kind: Type.Literal('collectionJob'),
  jobId: Type.String({ minLength: 1, maxLength: 64 }),
  status: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
  error: Type.Optional(Type.String({ maxLength: 500 })),
});

/**
 * `POST /api/alarms/observations`: lets an external system (or an administrator testing a rule)
 * report a risk score, a reconciliation result or a collection job result. In-process contexts
 * call `services.alarms.observe(...)` instead.
 */
export function observationRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/alarms/observations',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Report an observation for the next sweep (administrators)',
        body: Type.Union([Risk, Reconciliation, CollectionJob]),
        response: { 204: Type.Null(), ...commonErrors },
      },
    },
    async (req, reply) => {
      s.access.requireRole(principalOf(req), ['admin']);
      const at = s.clock.now();
      const b = req.body;
      if (b.kind === 'risk') {
        const { kind: _k, ...risk } = b;
        await s.alarms.observe({ kind: 'risk', at, risk });
      } else if (b.kind === 'reconciliation') {
        const { kind: _k, ...result } = b;
        await s.alarms.observe({ kind: 'reconciliation', at, result });
      } else {
        const { kind: _k, ...job } = b;
        await s.alarms.observe({ kind: 'collectionJob', at, job });
      }
      return reply.status(204).send(null);
    },
  );
}
