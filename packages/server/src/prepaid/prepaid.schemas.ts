import { Type } from 'typebox';
import {
  MAX_AUTO_TOP_UP_FEN,
  MAX_WARNING_DAYS,
  MAX_WARNING_FEN,
} from '@meterflow/core/payments/customer-payment-settings';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Channel = Type.Union([Type.Literal('in_app'), Type.Literal('sms'), Type.Literal('voice'), Type.Literal('email')]);
const Frequency = Type.Union([Type.Literal('on_threshold'), Type.Literal('daily'), Type.Literal('weekly')]);
const Minute = Type.Integer({ minimum: 0, maximum: 1439 });
const QuietHours = Nullable(Type.Object({ startMinute: Minute, endMinute: Minute }));
const AutoPayment = Nullable(
  Type.Object({
    triggerFen: Type.Integer({ minimum: 0, maximum: MAX_WARNING_FEN }),
    topUpFen: Type.Integer({ minimum: 1, maximum: MAX_AUTO_TOP_UP_FEN }),
    maxPerMonthFen: Type.Integer({ minimum: 1, maximum: 10 * MAX_AUTO_TOP_UP_FEN }),
  }),
);
const WarningLine = Type.Union([
  Type.Object({ kind: Type.Literal('amount'), fen: Type.Integer({ minimum: 0, maximum: MAX_WARNING_FEN }) }),
  Type.Object({ kind: Type.Literal('days'), days: Type.Integer({ minimum: 1, maximum: MAX_WARNING_DAYS }) }),
]);

const Settings = Type.Object({
  warningLine: WarningLine,
  reminderFrequency: Frequency,
  channels: Type.Array(Channel, { minItems: 1, maxItems: 4 }),
  quietHours: QuietHours,
  autoPayment: AutoPayment,
  locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]),
  phone: Type.String({ maxLength: 20 }),
  email: Type.String({ maxLength: 120 }),
});

const Supply = Type.Union([
  Type.Literal('on'),
  Type.Literal('trip_pending'),
  Type.Literal('off'),
  Type.Literal('close_pending'),
]);

/** Response and body schemas of the prepaid routes. */
export const prepaidSchemas = {
  SettingsBody: Settings,
  Position: Type.Object({
    accountId: Type.String(),
    availableFen: Type.Integer(),
    warningFen: Type.Integer(),
    stopFen: Type.Integer(),
    restoreFen: Type.Integer(),
    supply: Supply,
    warned: Type.String(),
    lastSettledDate: Nullable(Type.String()),
    lastChargeFen: Type.Integer(),
    cycleWh: Type.Integer(),
    tripDeferredUntil: Nullable(Type.String()),
    forecast: Nullable(
      Type.Object({
        daysLeft: Type.Integer(),
        runsOutOn: Nullable(Type.String()),
        capped: Type.Boolean(),
        dailyCostFen: Type.Object({ workday: Type.Integer(), weekend: Type.Integer(), holiday: Type.Integer() }),
      }),
    ),
    settings: Settings,
  }),
  Advice: Type.Object({
    kind: Type.String(),
    numbers: Type.Record(Type.String(), Type.String()),
    text: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
  }),
  Counts: Type.Object({ accounts: Type.Integer(), near: Type.Integer(), past: Type.Integer(), off: Type.Integer() }),
  AccountRow: Type.Object({
    accountId: Type.String(),
    meterAddress: Type.String(),
    tariffCode: Type.String(),
    availableFen: Type.Integer(),
    warningFen: Type.Integer(),
    stopFen: Type.Integer(),
    supply: Supply,
    lastSettledDate: Nullable(Type.String()),
    tripDeferredUntil: Nullable(Type.String()),
  }),
  Command: Type.Object({
    id: Type.String(),
    accountId: Type.String(),
    meterId: Type.String(),
    meterAddress: Type.String(),
    action: Type.String(),
    status: Type.String(),
    attempts: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    history: Type.Array(Type.Object({ status: Type.String(), at: Type.String(), note: Nullable(Type.String()) })),
  }),
  Run: Type.Object({
    id: Type.String(),
    day: Type.String(),
    status: Type.String(),
    accounts: Type.Integer(),
    settled: Type.Integer(),
    invalid: Type.Integer(),
    chargedFen: Type.Integer(),
    atWarning: Type.Integer(),
    atStop: Type.Integer(),
    posted: Type.Integer(),
    reminders: Type.Integer(),
    commands: Type.Integer(),
  }),
};
