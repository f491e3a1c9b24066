import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideAutoPayment,
  effectiveWarningFen,
  validateCustomerPaymentSettings,
  type CustomerPaymentSettings,
} from './customer-payment-settings.ts';
import { expectedDailyCost, forecastDaysLeft, type DayType, type UsageDay } from './balance-forecast.ts';

const settings: CustomerPaymentSettings = {
  warningLine: { kind: 'days', days: 3 },
  reminderFrequency: 'daily',
  channels: ['sms', 'in_app'],
  quietHours: { startMinute: 1320, endMinute: 420 },
  autoPayment: { triggerFen: 1000, topUpFen: 10000, maxPerMonthFen: 15000 },
};

test('settings are validated with every problem at once', () => {
  assert.deepEqual(validateCustomerPaymentSettings(settings), []);
  const bad = validateCustomerPaymentSettings({
    ...settings,
    warningLine: { kind: 'days', days: 0 },
    channels: ['fax' as never],
    autoPayment: { triggerFen: 0, topUpFen: 0, maxPerMonthFen: -1 },
  });
  assert.deepEqual(
    bad.map((i) => i.path),
    ['/warningLine/days', '/channels/0', '/autoPayment/topUpFen', '/autoPayment/maxPerMonthFen'],
  );
});

test('warning line in days follows the daily cost; auto payment respects the monthly cap', () => {
  assert.equal(effectiveWarningFen(settings, 450, 0), 1350);
  assert.equal(effectiveWarningFen({ ...settings, warningLine: { kind: 'amount', fen: 2000 } }, 450, 0), 2000);
  assert.equal(decideAutoPayment(settings, 1500, 0), null);
  assert.equal(decideAutoPayment(settings, 900, 0), 10000);
  assert.equal(decideAutoPayment(settings, 900, 10000), 5000);
  assert.equal(decideAutoPayment(settings, 900, 15000), null);
});

// 2024-05-01 was a Wednesday; a holiday on 05-01..05-03 for the forecast calendar.
const dayType = (date: string): DayType =>
  ['2024-05-01', '2024-05-02', '2024-05-03'].includes(date)
    ? 'holiday'
    : [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())
      ? 'weekend'
      : 'workday';

test('weighted average favours recent days and is day-type aware', () => {
  const history: UsageDay[] = [];
  for (let i = 0; i < 20; i++) {
    const date = new Date(Date.UTC(2024, 3, 1 + i)).toISOString().slice(0, 10);
    history.push({ date, costFen: dayType(date) === 'weekend' ? 800 : i < 10 ? 300 : 500, dayType: dayType(date) });
  }
  const c = expectedDailyCost(history)!;
  assert.equal(c.weekend, 800);
  // Workdays in the window (04-07..04-20) cost 300 before 04-11 and 500 from then: recent weigh more.
  assert.ok(c.workday > 400 && c.workday < 500, String(c.workday));
  assert.equal(c.holiday > c.workday, true, 'no holiday history: falls back to the overall average');
});

test('days left walks the calendar by day type', () => {
  const history: UsageDay[] = [
    { date: '2024-04-29', costFen: 400, dayType: 'workday' },
    { date: '2024-04-27', costFen: 1000, dayType: 'weekend' },
  ];
  // 05-06 Mon 400, 05-07 400, 05-08 400 → 1200; 05-09 would take it to 1600 > 1500.
  const f = forecastDaysLeft({ availableFen: 1500, stopFen: 0, history, from: '2024-05-06', dayTypeOf: dayType })!;
  assert.equal(f.daysLeft, 3);
  assert.equal(f.runsOutOn, '2024-05-09');
  const weekend = forecastDaysLeft({
    availableFen: 1500,
    stopFen: 0,
    history,
    from: '2024-05-11',
    dayTypeOf: dayType,
  })!;
  assert.equal(weekend.daysLeft, 1);
  assert.equal(
    forecastDaysLeft({ availableFen: 1500, stopFen: 0, history: [], from: '2024-05-06', dayTypeOf: dayType }),
    null,
  );
  assert.equal(
    forecastDaysLeft({ availableFen: 1e9, stopFen: 0, history, from: '2024-05-06', dayTypeOf: dayType })!.capped,
    true,
  );
});
