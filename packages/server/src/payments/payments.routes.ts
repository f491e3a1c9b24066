import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@meterflow/core';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { GroupTableService } from './group-table.service.ts';
import { requireIdempotencyKey } from './idempotency-key.ts';
import {
  AccountNo,
  CreatedOrderSchema,
  Fen,
  GroupRowSchema,
  IdempotencyHeaders,
  OrderViewSchema,
  OverviewSchema,
} from './payments-schemas.ts';

const HISTORY_LIMIT_MAX = 200;
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/** Customer and group routes: overview, history, online orders (own, by account number, group), receipts. */
export function paymentsRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const pay = s.payments.payments;
  const orgName = async (id: string) => (await s.views.orgs()).get(id)?.name ?? '';

  r.get(
    '/api/payments/overview',
    {
      schema: {
        tags: ['payments'],
        summary: 'Balance, open bills and payments this month of an account',
        querystring: Type.Object({ accountId: Type.String({ maxLength: 64 }) }),
        response: { 200: OverviewSchema, ...commonErrors },
      },
    },
    async (req) => {
      const account = await s.access.account(principalOf(req), req.query.accountId);
      return pay.overview(account.id);
    },
  );

  r.get(
    '/api/payments/history',
    {
      schema: {
        tags: ['payments'],
        summary: 'Payments into an account, newest first',
        querystring: Type.Object({
          accountId: Type.String({ maxLength: 64 }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: HISTORY_LIMIT_MAX })),
        }),
        response: { 200: Type.Object({ items: Type.Array(OrderViewSchema) }), ...commonErrors },
      },
    },
    async (req) => {
      const account = await s.access.account(principalOf(req), req.query.accountId);
      return { items: await pay.history([account.id], req.query.limit ?? 50) };
    },
  );

  r.get(
    '/api/payments/lookup',
    {
      schema: {
        tags: ['payments'],
        summary: 'Cross-region payment: find any account by number; the holder is shown masked',
        querystring: Type.Object({ accountNo: AccountNo }),
        response: {
          200: Type.Object({
            accountId: Type.String(),
            accountNo: Type.String(),
            holderMasked: Type.String(),
            orgName: Type.String(),
            arrearsFen: Type.Integer(),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      principalOf(req);
      return pay.lookup(req.query.accountNo, orgName);
    },
  );

  r.post(
    '/api/payments/orders',
    {
      schema: {
        tags: ['payments'],
        summary: 'Create an online order for one account (by id or by number); pay it at the returned URL',
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            accountId: Type.Optional(Type.String({ maxLength: 64 })),
            accountNo: Type.Optional(AccountNo),
            amountFen: Fen,
          },
          { additionalProperties: false },
        ),
        response: { 200: CreatedOrderSchema, ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const key = requireIdempotencyKey(req.headers['idempotency-key']);
      const { accountId, accountNo, amountFen } = req.body;
      if (!accountId === !accountNo)
        throw new AppError('VALIDATION_FAILED', 'give accountId or accountNo', [
          { path: '/body/accountId', message: 'exactly one of accountId, accountNo' },
        ]);
      const account = accountId ? await s.access.account(p, accountId) : await s.access.payableAccountByNo(accountNo!);
      return pay.createOnlineOrder(
        p,
        key,
        'POST /api/payments/orders',
        req.body,
        [{ accountId: account.id, amountFen }],
        originOf(req),
      );
    },
  );

  r.post(
    '/api/payments/group-orders',
    {
      schema: {
        tags: ['payments'],
        summary: "One online payment for several of a group's subsidiaries' accounts",
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            items: Type.Array(
              Type.Object(
                { accountId: Type.String({ maxLength: 64 }), amountFen: Fen },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 50 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: CreatedOrderSchema, ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, ['group_admin']);
      const key = requireIdempotencyKey(req.headers['idempotency-key']);
      for (const it of req.body.items) await s.access.account(p, it.accountId);
      return pay.createOnlineOrder(p, key, 'POST /api/payments/group-orders', req.body, req.body.items, originOf(req));
    },
  );

  r.get(
    '/api/payments/orders/:id',
    {
      schema: {
        tags: ['payments'],
        summary: 'One payment order (the receipt once paid)',
        params: IdParams,
        response: { 200: OrderViewSchema, ...commonErrors },
      },
    },
    async (req) => pay.order(principalOf(req), req.params.id),
  );

  r.post(
    '/api/payments/orders/:id/query',
    {
      schema: {
        tags: ['payments'],
        summary: 'Ask the provider how a waiting order stands (paid is booked, timed out is closed)',
        params: IdParams,
        response: { 200: OrderViewSchema, ...commonErrors },
      },
    },
    async (req) => pay.order(principalOf(req), req.params.id, true),
  );

  r.get(
    '/api/payments/group/months',
    {
      schema: {
        tags: ['payments'],
        summary: "Each subsidiary's consumption, cost and arrears by bill month",
        querystring: Type.Object({ from: Month, to: Month }),
        response: { 200: Type.Object({ items: Type.Array(GroupRowSchema) }), ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, ['group_admin']);
      return { items: await s.payments.groups.months(p, req.query.from, req.query.to) };
    },
  );

  r.get(
    '/api/payments/group/months.csv',
    {
      schema: {
        tags: ['payments'],
        summary: 'The group table as CSV',
        querystring: Type.Object({ from: Month, to: Month }),
        response: { 200: Type.String(), ...commonErrors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      s.access.requireRole(p, ['group_admin']);
      const rows = await s.payments.groups.months(p, req.query.from, req.query.to);
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="group-${req.query.from}-${req.query.to}.csv"`);
      return GroupTableService.toCsv(rows);
    },
  );
}
