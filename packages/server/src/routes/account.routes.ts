import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@meterflow/core';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function accountRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The accounts a customer or group administrator may see (staff use customer search)',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('AccountSummary')) }), ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, ['customer', 'group_admin']);
      const scope = await s.access.scopeOf(p);
      const accounts = await s.store.accounts.listByCustomers(scope.customerIds ?? []);
      return { items: await s.views.summaries(accounts) };
    },
  );

  r.get(
    '/api/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'One account with its service points, meters and reading book',
        params: IdParams,
        response: { 200: Type.Ref('AccountDetail'), ...commonErrors },
      },
    },
    async (req) => s.views.detail(await s.access.account(principalOf(req), req.params.id)),
  );

  r.get(
    '/api/group',
    {
      schema: {
        tags: ['accounts'],
        summary: "An enterprise group's subsidiaries and their accounts (group administrators)",
        response: {
          200: Type.Object({
            group: Type.Object({ id: Type.String(), name: Type.String() }),
            subsidiaries: Type.Array(
              Type.Object({ id: Type.String(), name: Type.String(), accounts: Type.Array(Type.Ref('AccountSummary')) }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, ['group_admin']);
      const group = p.customerId ? await s.store.customers.get(p.customerId) : undefined;
      if (!group) throw new AppError('NOT_FOUND', 'this user is not linked to an enterprise group');
      const subs = await s.store.customers.listByParent(group.id);
      const accounts = await s.views.summaries(await s.store.accounts.listByCustomers(subs.map((c) => c.id)));
      return {
        group: { id: group.id, name: group.name },
        subsidiaries: subs.map((c) => ({
          id: c.id,
          name: c.name,
          accounts: accounts.filter((a) => a.customerId === c.id),
        })),
      };
    },
  );
}
