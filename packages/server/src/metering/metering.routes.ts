import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, type Issue } from '@meterflow/core';
import { parseMeterReadingMessage } from '@meterflow/protocols/meter-message/index';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import {
  BlockHistory,
  Collection,
  CsvReport,
  DateRange,
  Date_,
  EditBody,
  IngestResult,
  MeterIdParam,
  MeterReads,
  ReadingsBody,
  RejectQuery,
  Usage,
  VeeListQuery,
} from './metering.schemas.ts';

/** Largest binary batch or CSV file accepted over HTTP; bigger imports use the CLI. */
export const INGEST_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** Roles that may push readings and imports over HTTP. */
const INGEST_ROLES = ['admin', 'clerk'] as const;
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 120 }) });

/** Metering: ingestion (binary batch, JSON, CSV), the VEE queue, meter reads, collection, usage. */
export function meteringRoutes(app: FastifyInstance, s: Services): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['application/octet-stream', 'text/csv'],
      { parseAs: 'buffer', bodyLimit: INGEST_BODY_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    ingestRoutes(scope, s);
  });
  queueRoutes(app, s);
  readRoutes(app, s);
  resubmitRoute(app, s);
}

function ingestRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/metering/intervals',
    {
      bodyLimit: INGEST_BODY_LIMIT_BYTES,
      schema: {
        tags: ['metering'],
        summary:
          'Interval batch (MFIB, application/octet-stream): accepted or rejected whole; duplicates change nothing',
        response: { 200: Type.Ref('StoreReadsResult'), ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), INGEST_ROLES);
      if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send application/octet-stream');
      return s.metering.ingest.ingestBatchPayload(req.body, 'http');
    },
  );
  r.post(
    '/api/metering/imports/csv',
    {
      bodyLimit: INGEST_BODY_LIMIT_BYTES,
      schema: {
        tags: ['metering'],
        summary: 'Interval CSV v1 (text/csv): accepted rows stored, every bad row reported and kept for correction',
        querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: CsvReport, ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, INGEST_ROLES);
      if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send text/csv');
      return s.metering.ingest.importCsv(req.body, req.query.name ?? 'upload.csv', p.userId);
    },
  );
  r.post(
    '/api/metering/readings',
    {
      schema: {
        tags: ['metering'],
        summary: 'JSON reading messages of many meters: intervals, register reads, daily freezes, events',
        body: ReadingsBody,
        response: { 200: IngestResult, ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), INGEST_ROLES);
      const total = { inserted: 0, merged: 0, unchanged: 0, reads: 0, registers: 0, freezes: 0, events: 0 };
      const issues: Issue[] = [];
      // Check every meter first so the caller gets every problem at once and nothing is half stored.
      req.body.meters.forEach(({ meterId, ...msg }, i) => {
        issues.push(...parseMeterReadingMessage(meterId, msg, 'head-end', s.config.zone, `/meters/${i}`).issues);
      });
      if (issues.length)
        throw new AppError('VALIDATION_FAILED', `${issues.length} problem(s), first at ${issues[0].path}`, issues);
      for (const { meterId, ...msg } of req.body.meters) {
        const one = await s.metering.ingest.ingestMessage(meterId, msg, 'head-end', 'http');
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += one[k];
      }
      return total;
    },
  );
  r.get(
    '/api/metering/rejects',
    {
      schema: {
        tags: ['metering'],
        summary: 'Rejected rows and messages kept for correction',
        querystring: RejectQuery,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                batchId: Type.String(),
                line: Type.Integer(),
                raw: Type.String(),
                errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
                status: Type.String(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), INGEST_ROLES);
      const q = req.query;
      return { items: await s.store.metering.batches.rejects({ ...q, limit: q.limit ?? 100, offset: q.offset ?? 0 }) };
    },
  );
}

function resubmitRoute(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/metering/rejects/:id/resubmit',
    {
      schema: {
        tags: ['metering'],
        summary:
          'Correct and resubmit a rejected CSV row or MQTT message: stored and closed when it passes, still open (with every problem) when not',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ raw: Type.String({ minLength: 1, maxLength: 65536 }) }),
        response: {
          200: Type.Object({ rejectId: Type.Integer(), status: Type.Literal('corrected'), reads: Type.Integer() }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, INGEST_ROLES);
      return s.metering.resubmit.resubmit(req.params.id, req.body.raw, p.userId);
    },
  );
}

function queueRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/metering/vee-exceptions',
    {
      schema: {
        tags: ['metering'],
        summary: 'The VEE exception queue within the user’s branches, oldest day first',
        querystring: VeeListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('VeeException')), total: Type.Integer() }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      return s.metering.queue.list(principalOf(req), { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    },
  );
  r.get(
    '/api/metering/vee-exceptions/:id',
    {
      schema: {
        tags: ['metering'],
        summary: 'One VEE exception',
        params: IdParams,
        response: { 200: Type.Ref('VeeException'), ...commonErrors },
      },
    },
    async (req) => s.metering.queue.get(principalOf(req), req.params.id),
  );
  r.post(
    '/api/metering/vee-exceptions/:id/accept',
    {
      schema: {
        tags: ['metering'],
        summary: 'Accept the values as they stand; closes the day’s open exceptions',
        params: IdParams,
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: Type.Ref('VeeException'), ...commonErrors },
      },
    },
    async (req) => s.metering.queue.accept(principalOf(req), req.params.id, req.body.note),
  );
  r.post(
    '/api/metering/vee-exceptions/:id/estimate',
    {
      schema: {
        tags: ['metering'],
        summary: 'Replace the exception’s slots by estimates (a new block version)',
        params: IdParams,
        body: Type.Object({}),
        response: { 200: Type.Ref('VeeException'), ...commonErrors },
      },
    },
    async (req) => s.metering.queue.estimate(principalOf(req), req.params.id),
  );
  r.post(
    '/api/metering/vee-exceptions/:id/edit',
    {
      schema: {
        tags: ['metering'],
        summary: 'Set slot values with a reason (a new block version, quality edited, audited)',
        params: IdParams,
        body: EditBody,
        response: { 200: Type.Ref('VeeException'), ...commonErrors },
      },
    },
    async (req) => s.metering.queue.edit(principalOf(req), req.params.id, req.body.edits, req.body.reason),
  );
  r.post(
    '/api/metering/vee/run',
    {
      schema: {
        tags: ['metering'],
        summary: 'Run VEE now over changed blocks of finished days (administrators)',
        body: Type.Object({}),
        response: {
          200: Type.Object({ checked: Type.Integer(), exceptions: Type.Integer(), versions: Type.Integer() }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), ['admin']);
      return s.metering.vee.runAll();
    },
  );
}

function readRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/metering/meters/:meterId/reads',
    {
      schema: {
        tags: ['metering'],
        summary: 'A meter’s interval data (latest version, with quality per slot), daily freezes and events',
        params: Type.Object({ meterId: MeterIdParam }),
        querystring: Type.Object({
          from: Date_,
          to: Date_,
          channel: Type.Optional(Type.Integer({ minimum: 1, maximum: 255 })),
        }),
        response: { 200: MeterReads, ...commonErrors },
      },
    },
    async (req) =>
      s.metering.query.meterReads(
        principalOf(req),
        req.params.meterId,
        req.query.channel ?? 1,
        req.query.from,
        req.query.to,
      ),
  );
  r.get(
    '/api/metering/meters/:meterId/blocks/:date',
    {
      schema: {
        tags: ['metering'],
        summary: 'Every version of one block day and its edit trail',
        params: Type.Object({ meterId: MeterIdParam, date: Date_ }),
        querystring: Type.Object({ channel: Type.Optional(Type.Integer({ minimum: 1, maximum: 255 })) }),
        response: { 200: BlockHistory, ...commonErrors },
      },
    },
    async (req) =>
      s.metering.query.blockHistory(principalOf(req), req.params.meterId, req.query.channel ?? 1, req.params.date),
  );
  r.get(
    '/api/metering/collection',
    {
      schema: {
        tags: ['metering'],
        summary: 'Collection success rate (采集成功率) per reading book and day',
        querystring: DateRange,
        response: { 200: Collection, ...commonErrors },
      },
    },
    async (req) => ({ books: await s.metering.query.collection(principalOf(req), req.query.from, req.query.to) }),
  );
  r.get(
    '/api/accounts/:id/usage',
    {
      schema: {
        tags: ['accounts'],
        summary: 'An account’s energy use by day or month from stored interval data (multiplier applied)',
        params: IdParams,
        querystring: Type.Object({
          from: Date_,
          to: Date_,
          granularity: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('month')], { default: 'day' })),
        }),
        response: { 200: Usage, ...commonErrors },
      },
    },
    async (req) => {
      const granularity = req.query.granularity ?? 'day';
      const points = await s.metering.query.accountUsage(
        principalOf(req),
        req.params.id,
        req.query.from,
        req.query.to,
        granularity,
      );
      return { accountId: req.params.id, granularity, unit: 'kWh' as const, points };
    },
  );
}
