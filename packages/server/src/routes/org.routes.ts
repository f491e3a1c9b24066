import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@meterflow/core';
import type { Org } from '@meterflow/store';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';

interface OrgNodeData {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  level: string;
  customerCount: number;
  children: OrgNodeData[];
}

function buildTree(orgs: readonly Org[], rootId: string, counts: Map<string, number>): OrgNodeData {
  const node = (o: Org): OrgNodeData => {
    const children = orgs.filter((c) => c.parentId === o.id).map(node);
    const own = counts.get(o.id) ?? 0;
    return {
      id: o.id,
      code: o.code,
      name: o.name,
      nameEn: o.nameEn,
      level: o.level,
      customerCount: own + children.reduce((n, c) => n + c.customerCount, 0),
      children,
    };
  };
  return node(orgs.find((o) => o.id === rootId)!);
}

export function orgRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/orgs/tree',
    {
      schema: {
        tags: ['organisation'],
        summary: 'The supply organisation tree below the user’s branch, with customer counts',
        response: { 200: Type.Object({ root: Type.Ref('OrgNode') }), ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireStaff(p);
      const orgs = await s.store.orgs.list();
      const rootId = p.role === 'admin' ? orgs.find((o) => o.parentId === null)?.id : p.orgId;
      if (!rootId || !orgs.some((o) => o.id === rootId))
        throw new AppError('NOT_FOUND', 'no organisation for this user');
      return { root: buildTree(orgs, rootId, await s.store.customers.countByOrg()) };
    },
  );
}
