import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });

/** Billing-cycle timelines per reading book, and the monthly alarm figures. */
export function cycleRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/alarms/cycles',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Billing cycles of reading books in the user’s branches, newest first',
        querystring: Type.Object({
          readingBookId: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                readingBookId: Type.String(),
                cycle: Type.String(),
                branchId: Type.String(),
                openedAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const runs = await s.alarms.listCycles(principalOf(req), req.query);
      return {
        items: runs.map((c) => ({
          readingBookId: c.readingBookId,
          cycle: c.cycle,
          branchId: c.branchId,
          openedAt: c.openedAt.toISOString(),
        })),
      };
    },
  );

  r.get(
    '/api/alarms/cycles/:readingBookId/:cycle',
    {
      schema: {
        tags: ['alarms'],
        summary: 'One cycle of a reading book: each stage against its time limit, now',
        params: Type.Object({ readingBookId: Type.String({ minLength: 1, maxLength: 64 }), cycle: Month }),
        response: { 200: Type.Ref('CycleTimelineView'), ...commonErrors },
      },
    },
    async (req) => s.alarms.timeline(principalOf(req), req.params.readingBookId, req.params.cycle),
  );

  r.get(
    '/api/alarms/figures',
    {
      schema: {
        tags: ['alarms'],
        summary:
          'Monthly figures: alarms by severity, stage overruns, work orders, mean minutes to acknowledge and resolve',
        querystring: Type.Object({ month: Month }),
        response: {
          200: Type.Object({
            month: Type.String(),
            alarmsRaised: Type.Integer(),
            bySeverity: Type.Record(Type.String(), Type.Integer()),
            overrunsPerStage: Type.Record(Type.String(), Type.Integer()),
            workOrdersOpened: Type.Integer(),
            escalated: Type.Integer(),
            meanMinutesToAcknowledge: Type.Union([Type.Number(), Type.Null()]),
            meanMinutesToResolve: Type.Union([Type.Number(), Type.Null()]),
            stillUnacknowledged: Type.Integer(),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => s.alarms.figures(principalOf(req), req.query.month),
  );
}
