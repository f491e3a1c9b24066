import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import { commonErrors } from '../http/error-body.ts';
import type { Services } from '../services.ts';
import { billStatementPdf } from './bill-statement-pdf.ts';

/** The printable PDF statement of a bill. */
export function statementRoutes(app: FastifyInstance, s: Services): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/bills/:id/statement.pdf',
    {
      schema: {
        tags: ['billing'],
        summary: 'The bill as a printable PDF statement in Chinese (font embedded)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: Type.String({ format: 'binary' }), ...commonErrors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await s.billing.billFor(p, req.params.id);
      const bill = await s.billing.views.detail(row);
      const account = await s.access.account(p, row.account_id);
      const customer = await s.store.customers.get(account.customerId);
      const org = (await s.store.orgs.list()).find((o) => o.id === account.orgId);
      const pdf = await billStatementPdf(bill, {
        company: org?.name ?? '',
        customerName: customer?.name ?? '',
        address: account.address,
      });
      void reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="bill-${bill.accountNo}-${bill.cycle}.pdf"`);
      return reply.send(pdf);
    },
  );
}
