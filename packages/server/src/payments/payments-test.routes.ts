import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { postReceivable } from './post-receivable.ts';
import { Fen } from './payments-schemas.ts';

/** Most receivables one test call may post. */
const TEST_RECEIVABLES_MAX = 100;
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/**
 * Test-only routes, mounted only when MF_ENABLE_TEST_ROUTES=1 (browser tests, local demos) and only
 * for administrators: they post released bills as receivables until the demo's billing releases its own.
 */
export function paymentsTestRoutes(app: FastifyInstance, s: Services): void {
  if (!s.payments.config.testRoutes) return;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/payments/test/receivables',
    {
      schema: {
        tags: ['payments-test'],
        summary: 'TEST ONLY (MF_ENABLE_TEST_ROUTES=1): post released bills as receivables of accounts',
        body: Type.Object(
          {
            items: Type.Array(
              Type.Object(
                {
                  billId: Type.String({ minLength: 1, maxLength: 64 }),
                  accountId: Type.String({ maxLength: 64 }),
                  amountFen: Fen,
                  dueDate: Day,
                  energyWh: Type.Optional(Type.Integer({ minimum: 0 })),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: TEST_RECEIVABLES_MAX },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ posted: Type.Integer() }), ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, ['admin']);
      const at = s.clock.now().toISOString();
      for (const it of req.body.items) {
        const account = await s.access.account(p, it.accountId);
        await postReceivable(s.store, { ...it, accountId: account.id }, at);
      }
      return { posted: req.body.items.length };
    },
  );
}
