import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CUSTOMER_SEARCH_LIMIT_MAX } from '@meterflow/store';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { SEARCH_LIMIT_DEFAULT, SEARCH_QUERY_MAX_LENGTH } from '../http/limits.ts';

export function customerRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Staff search: by name, account number or meter address, within the user’s branches',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: SEARCH_QUERY_MAX_LENGTH }),
          limit: Type.Optional(
            Type.Integer({ minimum: 1, maximum: CUSTOMER_SEARCH_LIMIT_MAX, default: SEARCH_LIMIT_DEFAULT }),
          ),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                type: Type.String(),
                orgName: Type.String(),
                accountNos: Type.Array(Type.String()),
                matchedBy: Type.String(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireStaff(p);
      const scope = await s.access.scopeOf(p);
      const hits = await s.store.customers.search(req.query.q, scope.orgIds, req.query.limit ?? SEARCH_LIMIT_DEFAULT);
      const accounts = await s.store.accounts.listByCustomers(hits.map((h) => h.customer.id));
      const orgs = await s.views.orgs();
      return {
        items: hits.map((h) => ({
          id: h.customer.id,
          name: h.customer.name,
          type: h.customer.type,
          orgName: orgs.get(h.customer.orgId)?.name ?? '',
          accountNos: accounts.filter((a) => a.customerId === h.customer.id).map((a) => a.accountNo),
          matchedBy: h.matchedBy,
        })),
      };
    },
  );

  r.get(
    '/api/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: "A customer's file: details, accounts with meters, subsidiaries",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          200: Type.Object({
            customer: Type.Ref('CustomerView'),
            accounts: Type.Array(Type.Ref('AccountDetail')),
            subsidiaries: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireStaff(p);
      const customer = await s.access.customer(p, req.params.id);
      const accounts = await s.store.accounts.listByCustomers([customer.id]);
      const subs = await s.store.customers.listByParent(customer.id);
      return {
        customer: s.views.customer(customer, await s.views.orgs()),
        accounts: await s.views.details(accounts),
        subsidiaries: subs.map((c) => ({ id: c.id, name: c.name })),
      };
    },
  );
}
