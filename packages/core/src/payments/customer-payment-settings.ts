import type { Issue } from '../errors/error-codes.ts';
import { CHANNEL_KINDS, type ChannelKind } from '../notifications/notification-channel.ts';
import type { QuietHours } from '../notifications/quiet-hours.ts';
import type { Fen } from '../units/money.ts';
import type { ReminderFrequency } from './prepaid-control.ts';

/** What the customer agreed for reminders and smart payment (智能交费 agreement). */
export interface CustomerPaymentSettings {
  /** Remind at a fixed amount, or when the forecast says this many days are left. */
  warningLine: { kind: 'amount'; fen: number } | { kind: 'days'; days: number };
  reminderFrequency: ReminderFrequency;
  channels: readonly ChannelKind[];
  quietHours: QuietHours | null;
  /** Automatic top-up from a signed bank or wallet agreement (代扣), off when null. */
  autoPayment: { triggerFen: number; topUpFen: number; maxPerMonthFen: number } | null;
}

export const MAX_WARNING_DAYS = 60;
export const MAX_WARNING_FEN = 10_000_000;
export const MAX_AUTO_TOP_UP_FEN = 5_000_000;

/** Every problem with a customer's settings at once. */
export function validateCustomerPaymentSettings(s: CustomerPaymentSettings): Issue[] {
  const issues: Issue[] = [];
  const w = s.warningLine;
  if (w.kind === 'amount' && !(Number.isSafeInteger(w.fen) && w.fen >= 0 && w.fen <= MAX_WARNING_FEN)) {
    issues.push({ path: '/warningLine/fen', message: `must be 0..${MAX_WARNING_FEN} fen` });
  }
  if (w.kind === 'days' && !(Number.isInteger(w.days) && w.days >= 1 && w.days <= MAX_WARNING_DAYS)) {
    issues.push({ path: '/warningLine/days', message: `must be 1..${MAX_WARNING_DAYS} days` });
  }
  if (!['on_threshold', 'daily', 'weekly'].includes(s.reminderFrequency))
    issues.push({ path: '/reminderFrequency', message: 'unknown' });
  if (s.channels.length === 0) issues.push({ path: '/channels', message: 'choose at least one channel' });
  s.channels.forEach(
    (c, i) => CHANNEL_KINDS.includes(c) || issues.push({ path: `/channels/${i}`, message: `unknown channel ${c}` }),
  );
  if (s.quietHours) {
    for (const k of ['startMinute', 'endMinute'] as const) {
      const v = s.quietHours[k];
      if (!(Number.isInteger(v) && v >= 0 && v < 1440))
        issues.push({ path: `/quietHours/${k}`, message: 'must be 0..1439' });
    }
  }
  const a = s.autoPayment;
  if (a) {
    if (!(Number.isSafeInteger(a.topUpFen) && a.topUpFen > 0 && a.topUpFen <= MAX_AUTO_TOP_UP_FEN)) {
      issues.push({ path: '/autoPayment/topUpFen', message: `must be 1..${MAX_AUTO_TOP_UP_FEN} fen` });
    }
    if (!Number.isSafeInteger(a.triggerFen))
      issues.push({ path: '/autoPayment/triggerFen', message: 'must be a whole number of fen' });
    if (!(Number.isSafeInteger(a.maxPerMonthFen) && a.maxPerMonthFen >= a.topUpFen)) {
      issues.push({ path: '/autoPayment/maxPerMonthFen', message: 'must be at least one top-up' });
    }
  }
  return issues;
}

/** The warning line in fen: the agreed amount, or days × expected daily cost (never below the stop line). */
export function effectiveWarningFen(s: CustomerPaymentSettings, dailyCostFen: number, stopFen: number): Fen {
  const raw = s.warningLine.kind === 'amount' ? s.warningLine.fen : stopFen + s.warningLine.days * dailyCostFen;
  return Math.max(raw, stopFen) as Fen;
}

/** Whether to start an automatic top-up now, and of how much, within the monthly cap. */
export function decideAutoPayment(
  s: CustomerPaymentSettings,
  availableFen: number,
  paidThisMonthFen: number,
): Fen | null {
  const a = s.autoPayment;
  if (!a || availableFen > a.triggerFen) return null;
  const room = a.maxPerMonthFen - paidThisMonthFen;
  const amount = Math.min(a.topUpFen, room);
  return amount > 0 ? (amount as Fen) : null;
}
