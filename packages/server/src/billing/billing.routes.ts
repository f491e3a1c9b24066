import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import { commonErrors } from '../http/error-body.ts';
import type { Services } from '../services.ts';
import { BillStatusSchema, BookId, Cycle } from './billing.schemas.ts';
import { REASON_MAX_CHARS } from './billing.service.ts';
import { statementRoutes } from './statement.routes.ts';

const BillParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const Items = (ref: string) => Type.Object({ items: Type.Array(Type.Ref(ref)) });
const Reason = Type.String({ minLength: 1, maxLength: REASON_MAX_CHARS });
const WhInt = Type.Integer({ minimum: 0, maximum: 9_000_000_000_000 });

/** Staff bill runs, audit queue, release and rebill; customer bill list, detail and statements. */
export function billingRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['billing'];

  r.post(
    '/api/billing/simulate',
    {
      schema: {
        tags,
        summary: 'Simulated billing determinants for a month (demo and training data)',
        body: Type.Object({ cycle: Cycle, readingBookId: Type.Optional(BookId) }),
        response: {
          200: Type.Object({ cycle: Type.String(), books: Type.Integer(), accounts: Type.Integer() }),
          ...commonErrors,
        },
      },
    },
    async (req) => s.billing.simulate(principalOf(req), req.body.cycle, req.body.readingBookId),
  );

  r.post(
    '/api/billing/runs',
    {
      schema: {
        tags,
        summary: 'Runs the bill run of a cycle for one reading book or every book in scope (idempotent)',
        body: Type.Object({ cycle: Cycle, readingBookId: Type.Optional(BookId) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                readingBookId: Type.String(),
                cycle: Type.String(),
                accounts: Type.Integer(),
                computed: Type.Integer(),
                byStatus: Type.Record(Type.String(), Type.Integer()),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => ({ items: await s.billing.run(principalOf(req), req.body.cycle, req.body.readingBookId) }),
  );

  r.get(
    '/api/billing/runs',
    {
      schema: {
        tags,
        summary:
          'Bill runs of the books in scope: progress, outcome and stage timeline (poll it while a run is in flight)',
        querystring: Type.Object({ cycle: Type.Optional(Cycle) }),
        response: { 200: Items('BillRunView'), ...commonErrors },
      },
    },
    async (req) => ({ items: await s.billing.runs(principalOf(req), req.query.cycle) }),
  );

  r.get(
    '/api/billing/runs/plan',
    {
      schema: {
        tags,
        summary:
          'The reading books a bill run of the cycle would bill (in scope, with determinants), with their accounts',
        querystring: Type.Object({ cycle: Cycle, readingBookId: Type.Optional(BookId) }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ readingBookId: Type.String(), accounts: Type.Integer() })),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => ({ items: await s.billing.plan(principalOf(req), req.query.cycle, req.query.readingBookId) }),
  );

  r.get(
    '/api/billing/audit-queue',
    {
      schema: {
        tags,
        summary: 'Bills held by the automatic audit, with the reasons',
        querystring: Type.Object({ cycle: Type.Optional(Cycle), readingBookId: Type.Optional(BookId) }),
        response: { 200: Items('BillView'), ...commonErrors },
      },
    },
    async (req) => ({ items: await s.billing.queue(principalOf(req), req.query.cycle, req.query.readingBookId) }),
  );

  r.get(
    '/api/billing/bills',
    {
      schema: {
        tags,
        summary: 'Bills of the books in scope (staff)',
        querystring: Type.Object({
          cycle: Type.Optional(Cycle),
          readingBookId: Type.Optional(BookId),
          status: Type.Optional(BillStatusSchema),
        }),
        response: { 200: Items('BillView'), ...commonErrors },
      },
    },
    async (req) => ({
      items: await s.billing.staffBills(principalOf(req), {
        ...req.query,
        status: req.query.status as 'held' | undefined,
      }),
    }),
  );

  r.post(
    '/api/billing/bills/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approves or rejects a held bill, with a reason',
        params: BillParams,
        body: Type.Object({
          decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
          reason: Reason,
        }),
        response: { 200: Type.Ref('BillDetail'), ...commonErrors },
      },
    },
    async (req) => s.billing.decide(principalOf(req), req.params.id, req.body.decision, req.body.reason),
  );

  r.post(
    '/api/billing/release',
    {
      schema: {
        tags,
        summary: 'Releases (电费发行) the audited bills of a book and cycle and posts their receivables',
        body: Type.Object({ readingBookId: BookId, cycle: Cycle }),
        response: {
          200: Type.Object({
            readingBookId: Type.String(),
            cycle: Type.String(),
            released: Type.Integer(),
            receivablesPosted: Type.Integer(),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => s.billing.release(principalOf(req), req.body.readingBookId, req.body.cycle),
  );

  r.post(
    '/api/billing/bills/:id/rebill',
    {
      schema: {
        tags,
        summary: 'Corrects a released bill: a credit note on it and a new bill from corrected determinants',
        params: BillParams,
        body: Type.Object({
          activeWh: Type.Optional(WhInt),
          touWh: Type.Optional(Type.Record(Type.String({ maxLength: 32 }), WhInt, { maxProperties: 12 })),
          actualRead: Type.Optional(Type.Boolean()),
          reason: Reason,
        }),
        response: {
          200: Type.Object({ creditNoteId: Type.String(), original: Type.String(), bill: Type.Ref('BillDetail') }),
          ...commonErrors,
        },
      },
    },
    async (req) => s.rebill.rebill(principalOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/bills',
    {
      schema: {
        tags,
        summary: "Released bills of the customer's accounts (or of one account)",
        querystring: Type.Object({ accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
        response: { 200: Items('BillView'), ...commonErrors },
      },
    },
    async (req) => ({ items: await s.billing.customerBills(principalOf(req), req.query.accountId) }),
  );

  r.get(
    '/api/bills/:id',
    {
      schema: {
        tags,
        summary: 'One bill with its lines',
        params: BillParams,
        response: { 200: Type.Ref('BillDetail'), ...commonErrors },
      },
    },
    async (req) => s.billing.views.detail(await s.billing.billFor(principalOf(req), req.params.id)),
  );

  statementRoutes(app, s);
}
