import { randomUUID } from 'node:crypto';
import { addDays, localDate, SeededRandom, type Clock } from '@meterflow/core';
import { DEFAULT_PREPAID_LINES } from '@meterflow/core/payments/prepaid-lines';
import type { TariffDocument } from '@meterflow/core/billing/tariff-document';
import { recordPayment, type DailyFreezeRecord, type PaymentOrder, type Store } from '@meterflow/store';
import { readCatalogue } from '../billing/tariff-catalogue.ts';
import { catalogueDailyTariffs } from './prepaid-module.ts';
import { SettlementService } from './settlement.service.ts';
import { dailyTariffOf } from './tariff-daily-pricing.ts';
import { seedDemoIntervalBlocks } from './demo-interval-blocks.ts';

/** The demo customer whose account walks through warning, trip and close in the browser test. */
export const DEMO_PREPAID_ACCOUNT = 'acc-620524-0001';
/** Days of freezes seeded; all but the last three are settled at seeding, so forecasts have history. */
const HISTORY_DAYS = 16;
const MAX_DEMO_PREPAID = 20_000;
const ZONE = 'Asia/Shanghai';

/**
 * Takes the demo's prepaid accounts under cost control: an opening counter payment each, daily
 * freezes for the last HISTORY_DAYS days, and the older days settled. The demo account
 * acc-620524-0001 uses 5 kWh a day, then 25 and 40 kWh on the two unsettled days: settling them
 * crosses its 20-yuan warning line and then its stop line.
 */
export async function seedDemoPrepaid(store: Store, clock: Clock): Promise<number> {
  const today = localDate(clock.now(), ZONE);
  const first = addDays(today, -HISTORY_DAYS);
  const docs = readCatalogue().map((e) => ({ code: e.code, document: e.document as TariffDocument }));
  const cands = await store.prepaid.accounts.candidates(today, MAX_DEMO_PREPAID);
  const rng = new SeededRandom(645);
  const enrol = [];
  const freezes: DailyFreezeRecord[] = [];
  const topUps: { accountId: string; fen: number }[] = [];
  for (const c of cands) {
    const t = docs.find((d) => d.code === c.tariffCode);
    const daily = t ? dailyTariffOf(c.tariffCode, t.document, today) : null;
    if (!daily) continue;
    const periods = Math.max(1, daily.periodCodes.length);
    const demo = c.accountId === DEMO_PREPAID_ACCOUNT;
    enrol.push({
      ...c,
      periods,
      lines: DEFAULT_PREPAID_LINES,
      creditAllowanceFen: 0,
      availableFen: 0,
      balanceSeq: 0,
      cycleMonth: first.slice(0, 7),
      at: clock.now().toISOString(),
    });
    topUps.push({ accountId: c.accountId, fen: demo ? 3000 + (HISTORY_DAYS - 3) * 255 : rng.int(150, 600) * 100 });
    const reg = new Array<number>(periods + 1).fill(0).map(() => rng.int(1000, 900_000) * 1000);
    for (let d = 0; d < HISTORY_DAYS; d++) {
      const date = addDays(first, d);
      for (let k = 0; k <= periods; k++)
        if (periods === 1 ? k === 0 : true)
          freezes.push({
            meterId: c.meterId,
            register: 'forward-active',
            tariff: k,
            date,
            valueWh: reg[k],
            quality: 0,
            source: 'demo-prepaid',
          });
      const kwh = demo ? (d === HISTORY_DAYS - 3 ? 25 : d === HISTORY_DAYS - 2 ? 40 : 5) : rng.int(3, 15);
      const parts = periods === 1 ? [kwh * 1000] : splitKwh(kwh * 1000, periods, rng);
      reg[0] += kwh * 1000;
      parts.forEach((wh, k) => periods > 1 && (reg[k + 1] += wh));
    }
  }
  await store.prepaid.accounts.enrol(enrol);
  const demoMeter = enrol.find((e) => e.accountId === DEMO_PREPAID_ACCOUNT)?.meterId;
  if (demoMeter) await seedDemoIntervalBlocks(store, demoMeter, today, clock.now());
  await store.metering.reads.insertDailyFreezes(freezes, clock.now().toISOString());
  await Promise.all(topUps.map((t) => openingPayment(store, clock, t.accountId, t.fen, today)));
  const settle = new SettlementService(store, clock, catalogueDailyTariffs(docs), ZONE);
  for (let d = 0; d < HISTORY_DAYS - 3; d++) await settle.settle(addDays(first, d));
  return enrol.length;
}

function splitKwh(wh: number, periods: number, rng: SeededRandom): number[] {
  const out = new Array<number>(periods).fill(0);
  for (let left = wh; left > 0; left -= 100) out[rng.int(0, periods - 1)] += Math.min(100, left);
  return out;
}

function openingPayment(store: Store, clock: Clock, accountId: string, fen: number, day: string) {
  const at = clock.now().toISOString();
  const id = `pc-demo-${randomUUID()}`;
  const order: PaymentOrder = {
    id,
    channel: 'counter',
    amountFen: fen,
    state: 'created',
    providerTxnId: null,
    payerCustomerId: null,
    createdBy: null,
    createdAt: at,
    paidAt: null,
    businessDate: null,
    receiptNo: null,
    targets: [{ accountId, amountFen: fen }],
  };
  return store.payments.ledger.run(() =>
    recordPayment(order, { providerTxnId: id, amountFen: fen, paidAt: at, businessDate: day }),
  );
}
