import { formatKwh } from '../units/energy.ts';
import { formatScaled, formatYuan, type Fen } from '../units/money.ts';
import type { Bill, BillLine } from './bill.ts';

const QUANTITY_UNIT = { Wh: 'kWh', W: 'kW', VA: 'kVA', Fen: 'yuan' } as const;
const PRICE_UNIT = {
  'microYuan/kWh': 'yuan/kWh',
  'microYuan/kW·month': 'yuan/kW·month',
  'microYuan/kVA·month': 'yuan/kVA·month',
  basisPoints: 'percent',
} as const;

/** A bill as readable JSON: decimal strings in kWh, kW, kVA, yuan and percent; fen kept alongside. */
export function billToJson(bill: Bill): Record<string, unknown> {
  return {
    tariffId: bill.tariffId,
    ...(bill.accountId !== undefined ? { account: bill.accountId } : {}),
    period: { from: bill.periodFrom, to: bill.periodTo, days: bill.days },
    estimated: bill.estimated,
    ...(bill.powerFactorHundredths !== undefined ? { powerFactor: formatScaled(bill.powerFactorHundredths, 2) } : {}),
    lines: bill.lines.map(lineToJson),
    total: formatYuan(bill.totalFen),
    net: formatYuan(bill.netFen),
    tax: formatYuan(bill.taxFen),
    totalFen: bill.totalFen,
  };
}

function lineToJson(l: BillLine): Record<string, unknown> {
  const quantity = l.unit === 'Fen' ? formatYuan(l.quantity as Fen) : formatKwh(l.quantity as never);
  const unitPrice = l.priceUnit === 'basisPoints' ? formatScaled(l.unitPrice, 2) : formatScaled(l.unitPrice, 6);
  return {
    code: l.code,
    label: { zh: l.labelZh, en: l.labelEn },
    quantity,
    unit: QUANTITY_UNIT[l.unit],
    unitPrice,
    priceUnit: PRICE_UNIT[l.priceUnit],
    ...(l.factor ? { factor: `${l.factor[0]}/${l.factor[1]}` } : {}),
    amount: formatYuan(l.amount),
    rule: l.rule,
    tariffVersion: l.tariffVersion,
  };
}
