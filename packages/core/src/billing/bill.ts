import type { Fen } from '../units/money.ts';

/** What a line is for: the power-factor base and the VAT split read these. */
export type LineCategory = 'energy' | 'basic' | 'funds' | 'adjustment' | 'credit';

/** Unit of a line's quantity: energy in Wh, demand in W, capacity in VA, a money base in fen. */
export type QuantityUnit = 'Wh' | 'W' | 'VA' | 'Fen';

/**
 * Unit of a line's unit price: micro-yuan per kWh, per kW·month, per kVA·month, or basis points
 * (0.01 %) of the base for the power-factor adjustment.
 */
export type PriceUnit = 'microYuan/kWh' | 'microYuan/kW·month' | 'microYuan/kVA·month' | 'basisPoints';

/** One line of a bill, traceable to the rule and tariff version that produced it. */
export interface BillLine {
  code: string;
  labelZh: string;
  labelEn: string;
  category: LineCategory;
  quantity: number;
  unit: QuantityUnit;
  unitPrice: number;
  priceUnit: PriceUnit;
  /** Share applied to quantity × unit price (part month, price change), as [numerator, denominator]. */
  factor?: readonly [number, number];
  amount: Fen;
  rule: string;
  tariffVersion: number;
}

/** The bill of one account for one period, before storage. */
export interface Bill {
  tariffId: string;
  accountId?: string;
  periodFrom: string;
  periodTo: string;
  /** Days the service was active in the period (move-in/out applied). */
  days: number;
  estimated: boolean;
  /** Monthly power factor in hundredths, when a power-factor rule needed it. */
  powerFactorHundredths?: number;
  lines: BillLine[];
  totalFen: Fen;
  /** Total without VAT: round(total / (1 + rate), 0.01 yuan). */
  netFen: Fen;
  /** VAT = total − net, so the two always add up. */
  taxFen: Fen;
}
