import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { WORK_ORDER_STATES } from './alarm.schemas.ts';
import { workOrderView } from './alarm-views.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) });
const NOTE_MAX = 2000;
const ACTIONS = ['acknowledge', 'start', 'resolve', 'close', 'reopen'] as const;

/** The work-order queue (派工单) and its actions. */
export function workOrderRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/work-orders',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Work orders in the user’s branches, newest first',
        querystring: Type.Object({
          state: Type.Optional(Type.Array(Type.Union(WORK_ORDER_STATES.map((x) => Type.Literal(x))), { maxItems: 5 })),
          branchId: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
          assigneeId: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('WorkOrderView')), total: Type.Integer() }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await s.alarms.listWorkOrders(principalOf(req), {
        states: q.state,
        branchIds: q.branchId,
        assigneeId: q.assigneeId,
        limit: q.limit,
        offset: q.offset,
      });
      return { items: page.items.map(workOrderView), total: page.total };
    },
  );

  r.get(
    '/api/work-orders/:id',
    {
      schema: {
        tags: ['alarms'],
        summary: 'One work order with its history',
        params: IdParams,
        response: { 200: Type.Ref('WorkOrderView'), ...commonErrors },
      },
    },
    async (req) => workOrderView(await s.alarms.workOrder(principalOf(req), req.params.id)),
  );

  for (const action of ACTIONS) {
    r.post(
      `/api/work-orders/:id/${action}`,
      {
        schema: {
          tags: ['alarms'],
          summary:
            action === 'resolve'
              ? 'Resolve a work order with a root-cause category and notes (dispatchers, administrators)'
              : `${action[0].toUpperCase()}${action.slice(1)} a work order (dispatchers, administrators)`,
          params: IdParams,
          body:
            action === 'resolve'
              ? Type.Object({
                  rootCause: Type.String({ minLength: 1, maxLength: 40 }),
                  note: Type.String({ maxLength: NOTE_MAX }),
                })
              : Type.Object({ note: Type.Optional(Type.String({ maxLength: NOTE_MAX })) }),
          response: { 200: Type.Ref('WorkOrderView'), ...commonErrors, 409: Type.Ref('ErrorBody') },
        },
      },
      async (req) => {
        const body = req.body as { rootCause?: string; note?: string };
        return workOrderView(await s.alarms.stepOrder(principalOf(req), req.params.id, action, body));
      },
    );
  }
}
