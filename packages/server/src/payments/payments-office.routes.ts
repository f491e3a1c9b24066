import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { requireIdempotencyKey } from './idempotency-key.ts';
import {
  AccountNo,
  Fen,
  IdempotencyHeaders,
  OrderViewSchema,
  ReconciliationReportSchema,
  RefundSchema,
  RefundStatusSchema,
} from './payments-schemas.ts';

/** Largest CSV file accepted (bank result files, provider statements). */
export const CSV_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
const SEARCH_LIMIT_MAX = 200;
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const CASHIER_ROLES: Principal['role'][] = ['clerk', 'admin'];
const APPROVER_ROLES: Principal['role'][] = ['clerk', 'auditor', 'admin'];

/** Staff routes: counter payments, search, timeout queries, bank files, reconciliation, refunds, late fees. */
export function paymentsOfficeRoutes(app: FastifyInstance, s: Services): void {
  void app.register(async (sub) => {
    sub.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    officeRoutes(sub, s);
  });
}

function officeRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const ps = s.payments;
  const staff = (req: Parameters<typeof principalOf>[0], roles?: Principal['role'][]) => {
    const p = principalOf(req);
    s.access.requireStaff(p);
    if (roles) s.access.requireRole(p, roles);
    return p;
  };

  r.post(
    '/api/payments/counter',
    {
      schema: {
        tags: ['payments-office'],
        summary: 'Take a payment at the counter for any account by number (cross-region); posted before the answer',
        headers: IdempotencyHeaders,
        body: Type.Object(
          { accountNo: AccountNo, amountFen: Fen, reference: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ order: OrderViewSchema, replayed: Type.Boolean() }), ...commonErrors },
      },
    },
    async (req) => {
      const p = staff(req, CASHIER_ROLES);
      const key = requireIdempotencyKey(req.headers['idempotency-key']);
      const target = await s.access.payableAccountWithHolderByNo(req.body.accountNo);
      return ps.payments.counterPayment(
        p,
        key,
        'POST /api/payments/counter',
        req.body,
        [{ accountId: target.account.id, amountFen: req.body.amountFen }],
        req.body.reference,
        [target],
      );
    },
  );

  r.get(
    '/api/payments/search',
    {
      schema: {
        tags: ['payments-office'],
        summary:
          "Search payments by account number, order/receipt/transaction id, date, channel or state (within the user's branches)",
        querystring: Type.Object({
          accountNo: Type.Optional(AccountNo),
          ref: Type.Optional(Type.String({ maxLength: 64 })),
          from: Type.Optional(Day),
          to: Type.Optional(Day),
          channel: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('counter'), Type.Literal('bank')])),
          state: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('paid'), Type.Literal('closed')])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT_MAX })),
        }),
        response: { 200: Type.Object({ items: Type.Array(OrderViewSchema) }), ...commonErrors },
      },
    },
    async (req) => {
      const p = staff(req);
      const q = req.query;
      const accountIds = q.accountNo ? [(await s.access.accountByNo(p, q.accountNo)).id] : undefined;
      const items = await ps.payments.history(accountIds, q.limit ?? 50, {
        orgIds: await s.access.paymentSearchOrgs(p),
        state: q.state,
        channel: q.channel,
        ref: q.ref,
        fromDate: q.from,
        toDate: q.to,
      });
      return { items };
    },
  );

  r.post(
    '/api/payments/orders/query-stale',
    {
      schema: {
        tags: ['payments-office'],
        summary:
          'Query the provider about online orders waiting too long (the payments.stale-orders job does this too)',
        response: {
          200: Type.Object({
            queried: Type.Integer(),
            paid: Type.Integer(),
            closed: Type.Integer(),
            pending: Type.Integer(),
            failed: Type.Integer(),
            unreachable: Type.Boolean(),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      staff(req);
      return ps.payments.queryStaleOrders();
    },
  );

  r.get(
    '/api/payments/bank/withholding-file',
    {
      schema: {
        tags: ['payments-office'],
        summary: 'Bank withholding (代扣) request file for the accounts that owe money (CSV)',
        response: { 200: Type.String(), ...commonErrors },
      },
    },
    async (req, reply) => {
      const f = await ps.bank.requestFile(staff(req, CASHIER_ROLES));
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${f.fileName}"`);
      return f.csv;
    },
  );

  r.post(
    '/api/payments/bank/result-file',
    {
      schema: {
        tags: ['payments-office'],
        summary: "Read the bank's withholding result file (text/csv); successes are posted once",
        body: Type.String({ maxLength: CSV_BODY_LIMIT_BYTES }),
        response: {
          200: Type.Object({
            batchId: Type.String(),
            lines: Type.Integer(),
            paid: Type.Integer(),
            duplicates: Type.Integer(),
            failed: Type.Integer(),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => ps.bank.resultFile(staff(req, CASHIER_ROLES), req.body),
  );

  r.post(
    '/api/payments/reconciliation',
    {
      schema: {
        tags: ['payments-office'],
        summary: "Upload the provider's daily statement (text/csv) and get the reconciliation report",
        querystring: Type.Object({
          day: Day,
          channel: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('bank')])),
        }),
        body: Type.String({ maxLength: CSV_BODY_LIMIT_BYTES }),
        response: { 200: ReconciliationReportSchema, ...commonErrors },
      },
    },
    async (req) => ps.reconciliation.upload(staff(req), req.query.day, req.query.channel ?? 'online', req.body),
  );

  r.get(
    '/api/payments/reconciliation',
    {
      schema: {
        tags: ['payments-office'],
        summary: 'Reconciliation reports, newest first',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Intersect([ReconciliationReportSchema, Type.Object({ uploadedAt: Type.String() })])),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      staff(req);
      return { items: await ps.reconciliation.list() };
    },
  );

  r.post(
    '/api/payments/refunds',
    {
      schema: {
        tags: ['payments-office'],
        summary: "Request a refund out of an account's credit (a second person approves)",
        body: Type.Object(
          {
            accountNo: AccountNo,
            amountFen: Fen,
            reason: Type.String({ minLength: 2, maxLength: 200 }),
            paymentOrderId: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: RefundSchema, ...commonErrors },
      },
    },
    async (req) => {
      const p = staff(req, CASHIER_ROLES);
      const account = await s.access.accountByNo(p, req.body.accountNo);
      return ps.refunds.request(p, {
        accountId: account.id,
        amountFen: req.body.amountFen,
        reason: req.body.reason,
        paymentOrderId: req.body.paymentOrderId,
      });
    },
  );

  r.get(
    '/api/payments/refunds',
    {
      schema: {
        tags: ['payments-office'],
        summary: "Refunds in the user's branches with their payout, newest first",
        querystring: Type.Object({ state: Type.Optional(RefundStatusSchema) }),
        response: { 200: Type.Object({ items: Type.Array(RefundSchema) }), ...commonErrors },
      },
    },
    async (req) => ({ items: await ps.refunds.list(staff(req), req.query.state) }),
  );

  r.post(
    '/api/payments/refunds/:id/payout',
    {
      schema: {
        tags: ['payments-office'],
        summary: 'Retry the payout of an approved refund through the provider (never pays twice)',
        params: IdParams,
        response: { 200: RefundSchema, ...commonErrors },
      },
    },
    async (req) => ps.refunds.retryPayout(staff(req, APPROVER_ROLES), req.params.id),
  );

  r.post(
    '/api/payments/refunds/payout-files',
    {
      schema: {
        tags: ['payments-office'],
        summary: 'Make a bank payout file of the approved refunds waiting to be paid by bank (download it by id)',
        response: {
          200: Type.Object({
            fileId: Type.String(),
            fileName: Type.String(),
            lines: Type.Integer(),
            totalFen: Type.Integer(),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const f = await ps.refunds.payoutFile(staff(req, CASHIER_ROLES));
      return { fileId: f.fileId, fileName: f.fileName, lines: f.lines, totalFen: f.totalFen };
    },
  );

  r.get(
    '/api/payments/refunds/payout-files/:id',
    {
      schema: {
        tags: ['payments-office'],
        summary: 'Download a bank payout file (CSV)',
        params: IdParams,
        response: { 200: Type.String(), ...commonErrors },
      },
    },
    async (req, reply) => {
      staff(req, CASHIER_ROLES);
      const f = await ps.refunds.storedPayoutFile(req.params.id);
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${f.fileName}"`);
      return f.csv;
    },
  );

  r.post(
    '/api/payments/refunds/payout-result',
    {
      schema: {
        tags: ['payments-office'],
        summary: "Read the bank's refund payout result file (text/csv); successes are posted once",
        body: Type.String({ maxLength: CSV_BODY_LIMIT_BYTES }),
        response: {
          200: Type.Object({
            lines: Type.Integer(),
            paid: Type.Integer(),
            failed: Type.Integer(),
            duplicates: Type.Integer(),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => ps.refunds.payoutResult(staff(req, CASHIER_ROLES), req.body),
  );

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    r.post(
      `/api/payments/refunds/:id/${verb}`,
      {
        schema: {
          tags: ['payments-office'],
          summary: `${verb} a refund (not by its requester)`,
          params: IdParams,
          response: { 200: RefundSchema, ...commonErrors },
        },
      },
      async (req) => ps.refunds.decide(staff(req, APPROVER_ROLES), req.params.id, approve),
    );
  }

  r.post(
    '/api/payments/late-fees/assess',
    {
      schema: {
        tags: ['payments-office'],
        summary: 'Charge the late fee (违约金) of an account as of a date',
        body: Type.Object({ accountNo: AccountNo, asOf: Day }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            lateFeeRef: Type.Union([Type.String(), Type.Null()]),
            totalFen: Type.Integer(),
            minimumApplied: Type.Boolean(),
            items: Type.Array(
              Type.Object(
                { ref: Type.String(), days: Type.Integer(), feeFen: Type.Integer() },
                { additionalProperties: true },
              ),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const p = staff(req, CASHIER_ROLES);
      const account = await s.access.accountByNo(p, req.body.accountNo);
      return ps.lateFees.assess(p, account.id, req.body.asOf);
    },
  );

  r.post(
    '/api/payments/late-fees/waive',
    {
      schema: {
        tags: ['payments-office'],
        summary: 'Waive all or part of a late fee, with a reason (audited)',

        body: Type.Object(
          {
            accountNo: AccountNo,
            lateFeeRef: Type.String({ maxLength: 100 }),
            amountFen: Fen,
            reason: Type.String({ minLength: 2, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ waiverId: Type.String(), entrySeq: Type.Integer() }), ...commonErrors },
      },
    },
    async (req) => {
      const p = staff(req, APPROVER_ROLES);
      const account = await s.access.accountByNo(p, req.body.accountNo);
      return ps.lateFees.waive(p, {
        accountId: account.id,
        lateFeeRef: req.body.lateFeeRef,
        amountFen: req.body.amountFen,
        reason: req.body.reason,
      });
    },
  );
}
