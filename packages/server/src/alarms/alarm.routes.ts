import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { ALARM_ACTING_ROLES } from './alarm-scope.ts';
import { SeveritySchema } from './alarm.schemas.ts';
import { alarmEventView, alarmView, workOrderView } from './alarm-views.ts';
import { alarmStreamRoute } from './alarm-stream.route.ts';
import { cycleRoutes } from './cycle.routes.ts';
import { workOrderRoutes } from './work-order.routes.ts';
import { observationRoutes } from './observation.routes.ts';
import { startAlarmJobs } from './alarm-jobs.ts';

/** Longest alarm or work-order id accepted in a path. */
export const ALARM_ID_MAX = 64;
export const ALARM_NOTE_MAX = 2000;
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: ALARM_ID_MAX }) });
export const Resolution = Type.Object({
  rootCause: Type.String({ minLength: 1, maxLength: 40 }),
  note: Type.String({ maxLength: ALARM_NOTE_MAX }),
});

/** Alarm board, detail, acknowledge and resolve; work orders; cycle timelines; the live stream; the sweep. */
export function alarmRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/alarms',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Alarms in the user’s branches, most severe and most recent first, with filters and paging',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
          severity: Type.Optional(Type.Array(SeveritySchema, { maxItems: 4 })),
          minSeverity: Type.Optional(SeveritySchema),
          kind: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
          branchId: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('AlarmView')), total: Type.Integer() }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await s.alarms.list(principalOf(req), {
        status: q.status,
        severities: q.severity,
        minSeverity: q.minSeverity,
        kinds: q.kind,
        branchIds: q.branchId,
        limit: q.limit,
        offset: q.offset,
      });
      return { items: page.items.map(alarmView), total: page.total };
    },
  );

  r.get(
    '/api/alarms/:id',
    {
      schema: {
        tags: ['alarms'],
        summary: 'One alarm with its diagnosis, history and latest work order',
        params: IdParams,
        response: {
          200: Type.Object({
            alarm: Type.Ref('AlarmView'),
            events: Type.Array(
              Type.Object({
                at: Type.String(),
                action: Type.String(),
                by: Type.String(),
                severity: Type.String(),
                note: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
            workOrder: Type.Union([Type.Ref('WorkOrderView'), Type.Null()]),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const d = await s.alarms.detail(principalOf(req), req.params.id);
      return {
        alarm: alarmView(d.alarm),
        events: d.events.map(alarmEventView),
        workOrder: d.workOrder ? workOrderView(d.workOrder) : null,
      };
    },
  );

  r.post(
    '/api/alarms/:id/acknowledge',
    {
      schema: {
        tags: ['alarms'],
        summary: `Acknowledge an open alarm (roles: ${ALARM_ACTING_ROLES.join(', ')}); its open work order too`,
        params: IdParams,
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: ALARM_NOTE_MAX })) }),
        response: { 200: Type.Ref('AlarmView'), ...commonErrors, 409: Type.Ref('ErrorBody') },
      },
    },
    async (req) => alarmView(await s.alarms.acknowledge(principalOf(req), req.params.id, req.body.note)),
  );

  r.post(
    '/api/alarms/:id/resolve',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Resolve an open alarm by hand with a root-cause category and notes; its work order too',
        params: IdParams,
        body: Resolution,
        response: { 200: Type.Ref('AlarmView'), ...commonErrors, 409: Type.Ref('ErrorBody') },
      },
    },
    async (req) =>
      alarmView(await s.alarms.resolve(principalOf(req), req.params.id, req.body.rootCause, req.body.note)),
  );

  r.post(
    '/api/alarms/sweep',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Evaluate every alarm rule once now (dispatchers and administrators)',
        response: { 200: Type.Ref('SweepSummaryView'), ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), ALARM_ACTING_ROLES);
      return s.alarms.sweep();
    },
  );

  r.get(
    '/api/alarms/config',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Alarm rules, stage limits and root-cause categories in force (staff)',
        response: {
          200: Type.Object({
            rules: Type.Array(Type.Object({ id: Type.String(), kind: Type.String() }, { additionalProperties: true })),
            stageLimits: Type.Array(Type.Object({ stage: Type.String() }, { additionalProperties: true })),
            rootCauses: Type.Array(Type.String()),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      s.access.requireStaff(principalOf(req));
      const st = s.alarms.settings;
      return { rules: st.rulesData.rules, stageLimits: st.limitsData, rootCauses: [...st.rootCauses] };
    },
  );

  workOrderRoutes(app, s);
  cycleRoutes(app, s);
  observationRoutes(app, s);
  alarmStreamRoute(app, s);
  startAlarmJobs(app, s);
}
