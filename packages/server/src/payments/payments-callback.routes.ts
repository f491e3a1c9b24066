import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@meterflow/core';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { SIGNATURE_HEADER, verifyBody } from './provider-signature.ts';
import { SMALL_BODY_LIMIT_BYTES } from '../http/limits.ts';

/**
 * The provider's asynchronous callback. The signature covers the exact bytes received, so the body
 * is kept raw in this scope and parsed only after the check. The 200 is sent after the payment is
 * committed; a duplicate or late notice gets a 200 too and changes nothing.
 */
export function paymentsCallbackRoutes(app: FastifyInstance, s: Services): void {
  void app.register(async (sub) => {
    sub.removeContentTypeParser('application/json');
    sub.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: SMALL_BODY_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    const r = sub.withTypeProvider<TypeBoxTypeProvider>();
    r.post(
      '/api/payments/callback',
      {
        schema: {
          tags: ['payments'],
          summary: 'Payment provider callback (HMAC-SHA256 of the raw body in x-mf-signature)',
          security: [],
          body: Type.String(),
          response: { 200: Type.Object({ ok: Type.Boolean(), duplicate: Type.Boolean() }), ...commonErrors },
        },
      },
      async (req) => {
        const raw = req.body;
        const sig = req.headers[SIGNATURE_HEADER];
        if (!verifyBody(s.payments.config.providerSecret, raw, typeof sig === 'string' ? sig : undefined))
          throw new AppError('SIGNATURE_INVALID', 'callback signature does not match its body');
        let notice: unknown;
        try {
          notice = JSON.parse(raw);
        } catch {
          throw new AppError('VALIDATION_FAILED', 'callback body is not JSON', [
            { path: '/body', message: 'not JSON' },
          ]);
        }
        if (!isNotice(notice))
          throw new AppError('VALIDATION_FAILED', 'callback body has the wrong shape', [
            { path: '/body', message: 'expected orderId, providerTxnId, amountFen, paidAt, status=paid' },
          ]);
        const out = await s.payments.payments.applyProviderPayment(
          notice.orderId,
          notice.providerTxnId,
          notice.amountFen,
          notice.paidAt,
        );
        return { ok: true, duplicate: !out.posted };
      },
    );
  });
}

function isNotice(
  v: unknown,
): v is { orderId: string; providerTxnId: string; amountFen: number; paidAt: string; status: 'paid' } {
  const o = v as Record<string, unknown>;
  return (
    !!o &&
    typeof o.orderId === 'string' &&
    typeof o.providerTxnId === 'string' &&
    o.providerTxnId.length > 0 &&
    Number.isSafeInteger(o.amountFen) &&
    typeof o.paidAt === 'string' &&
    o.status === 'paid'
  );
}
