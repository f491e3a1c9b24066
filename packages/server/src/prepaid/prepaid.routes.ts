import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, assertNoIssues, localDate } from '@meterflow/core';
import {
  validateCustomerPaymentSettings,
  type CustomerPaymentSettings,
} from '@meterflow/core/payments/customer-payment-settings';
import { principalOf } from '../auth/authenticate.ts';
import { commonErrors } from '../http/error-body.ts';
import type { Services } from '../services.ts';
import { adviceFor } from './prepaid-advice.ts';
import { startPrepaidJobs } from './prepaid-jobs.ts';
import { prepaidSchemas as S } from './prepaid.schemas.ts';
import { accountRow, commandRow, positionView } from './prepaid-views.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Cost control for customers (position, settings, advice) and staff (lines, commands, settlement, true-up). */
export function prepaidRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  startPrepaidJobs(app, s);

  const position = async (accountId: string) => {
    const pos = await s.prepaid.control.position(accountId);
    if (!pos) throw new AppError('NOT_FOUND', `account ${accountId} is not prepaid`);
    return pos;
  };

  r.get(
    '/api/prepaid/accounts/:id',
    {
      schema: {
        tags: ['prepaid'],
        summary: 'A prepaid account: available balance, lines, supply, days-left forecast, agreed settings',
        params: IdParams,
        response: { 200: S.Position, ...commonErrors },
      },
    },
    async (req) => {
      await s.access.account(principalOf(req), req.params.id);
      return positionView(await position(req.params.id));
    },
  );

  r.post(
    '/api/prepaid/accounts/:id/settings',
    {
      schema: {
        tags: ['prepaid'],
        summary:
          'Agree reminder and smart-payment settings (warning line, frequency, channels, quiet hours, auto top-up)',
        params: IdParams,
        body: S.SettingsBody,
        response: { 200: S.Position, ...commonErrors },
      },
    },
    async (req) => {
      await s.access.account(principalOf(req), req.params.id);
      const b = req.body;
      const settings: CustomerPaymentSettings = {
        warningLine: b.warningLine,
        reminderFrequency: b.reminderFrequency,
        channels: b.channels,
        quietHours: b.quietHours,
        autoPayment: b.autoPayment,
      };
      assertNoIssues(validateCustomerPaymentSettings(settings), 'settings');
      await position(req.params.id);
      await s.store.notifications.settings.save({
        accountId: req.params.id,
        settings,
        locale: b.locale,
        phone: b.phone,
        email: b.email,
        updatedAt: s.clock.now().toISOString(),
      });
      await s.prepaid.control.evaluate([req.params.id]);
      return positionView(await position(req.params.id));
    },
  );

  r.get(
    '/api/prepaid/accounts/:id/advice',
    {
      schema: {
        tags: ['prepaid'],
        summary: 'Energy-saving advice from stored usage (similar customers, moving peak use to the valley)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(S.Advice) }), ...commonErrors },
      },
    },
    async (req) => {
      await s.access.account(principalOf(req), req.params.id);
      const items = await adviceFor(s.store, s.clock, s.config.zone, req.params.id, s.prepaid.dailyTariff);
      return {
        items: items.map((a) => ({
          kind: a.kind,
          numbers: Object.fromEntries(Object.entries(a.numbers).map(([k, v]) => [k, String(v)])),
          text: a.text,
        })),
      };
    },
  );

  r.get(
    '/api/prepaid/accounts',
    {
      schema: {
        tags: ['prepaid'],
        summary: 'Prepaid accounts near their warning line or past their stop line (staff), lowest balance first',
        querystring: Type.Object({
          band: Type.Optional(Type.Union([Type.Literal('near'), Type.Literal('past')])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Object({ counts: S.Counts, items: Type.Array(S.AccountRow) }), ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireStaff(principalOf(req));
      const items = await s.store.prepaid.accounts.list({
        band: req.query.band ?? 'near',
        limit: req.query.limit ?? 100,
      });
      return { counts: await s.store.prepaid.accounts.counts(), items: items.map(accountRow) };
    },
  );

  r.get(
    '/api/prepaid/commands',
    {
      schema: {
        tags: ['prepaid'],
        summary:
          'Remote trip/close commands with their status and history, newest first (staff; customers see their own account)',
        querystring: Type.Object({
          accountId: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(S.Command) }), ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (req.query.accountId) await s.access.account(p, req.query.accountId);
      else s.access.requireStaff(p);
      const items = await s.store.prepaid.commands.list({
        accountId: req.query.accountId,
        limit: req.query.limit ?? 100,
      });
      return { items: items.map(commandRow) };
    },
  );

  r.post(
    '/api/prepaid/settlements',
    {
      schema: {
        tags: ['prepaid'],
        summary:
          'Run the daily settlement (日结) of one day now, then cost control for the accounts that reached a line (staff)',
        body: Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
        response: { 200: S.Run, ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), ['clerk', 'admin']);
      if (req.body.day >= localDate(s.clock.now(), s.config.zone))
        throw new AppError('VALIDATION_FAILED', 'only a past day can be settled', [
          { path: '/day', message: 'must be before today' },
        ]);
      const out = await s.prepaid.settlement.settle(req.body.day);
      const control = await s.prepaid.control.evaluate(out.reachedLines);
      void s.notifications.service.dispatch().catch(() => undefined);
      void s.prepaid.commands.runDue().catch(() => undefined);
      return { ...out.run, posted: out.posted, reminders: control.reminders, commands: control.commands };
    },
  );

  r.post(
    '/api/prepaid/true-ups',
    {
      schema: {
        tags: ['prepaid'],
        summary: "Month-end true-up of a prepaid account's daily estimates against its released formal bill (staff)",
        body: Type.Object({
          accountId: Type.String({ minLength: 1, maxLength: 64 }),
          billId: Type.String({ minLength: 1, maxLength: 64 }),
          billTotalFen: Type.Integer({ minimum: 0 }),
          month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
        }),
        response: {
          200: Type.Object({
            entrySeq: Type.Integer(),
            created: Type.Boolean(),
            estimatesFen: Type.Integer(),
            billTotalFen: Type.Integer(),
            walletChangeFen: Type.Integer(),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), ['clerk', 'admin']);
      const b = req.body;
      return s.prepaid.trueUps.trueUp(b.accountId, b.billId, b.billTotalFen, b.month);
    },
  );
}
