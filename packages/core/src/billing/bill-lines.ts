import type { Fen } from '../units/money.ts';
import type { BillLine, LineCategory, PriceUnit, QuantityUnit } from './bill.ts';

/** What every line of one kind shares (code, labels, units, rule, version): fixed when a rule is compiled. */
export interface LineKind {
  readonly code: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly category: LineCategory;
  readonly unit: QuantityUnit;
  readonly priceUnit: PriceUnit;
  readonly rule: string;
  readonly tariffVersion: number;
}

/**
 * The lines of the bill being calculated, in columns. Rules append with `add`; a calculator keeps
 * one and clears it per bill, so bulk billing builds no object per line: the bill run encodes and
 * audits straight from the columns, and `BillLine` objects are made only for a bill handed out.
 */
export class BillLines {
  length = 0;
  readonly kind: LineKind[] = [];
  readonly quantity: number[] = [];
  readonly unitPrice: number[] = [];
  readonly amount: number[] = [];
  /** Share applied to quantity × unit price, or 0/0 for none. */
  readonly factorNum: number[] = [];
  readonly factorDen: number[] = [];
  /** Labels of a line that names its own figures (the power factor), else undefined: the kind's. */
  readonly labelZh: (string | undefined)[] = [];
  readonly labelEn: (string | undefined)[] = [];

  clear(): void {
    this.length = 0;
  }

  add(kind: LineKind, quantity: number, unitPrice: number, amount: Fen): void {
    this.push(kind, quantity, unitPrice, amount, 0, 0, undefined, undefined);
  }

  /** A line for part of a month or a price-change segment: `num/den` of quantity × unit price. */
  addFactored(kind: LineKind, quantity: number, unitPrice: number, amount: Fen, num: number, den: number): void {
    this.push(kind, quantity, unitPrice, amount, num, den, undefined, undefined);
  }

  /** A line whose labels differ from bill to bill. */
  addLabelled(
    kind: LineKind,
    quantity: number,
    unitPrice: number,
    amount: Fen,
    labelZh: string,
    labelEn: string,
  ): void {
    this.push(kind, quantity, unitPrice, amount, 0, 0, labelZh, labelEn);
  }

  private push(
    kind: LineKind,
    quantity: number,
    unitPrice: number,
    amount: number,
    num: number,
    den: number,
    labelZh: string | undefined,
    labelEn: string | undefined,
  ): void {
    const i = this.length++;
    this.kind[i] = kind;
    this.quantity[i] = quantity;
    this.unitPrice[i] = unitPrice;
    this.amount[i] = amount;
    this.factorNum[i] = num;
    this.factorDen[i] = den;
    this.labelZh[i] = labelZh;
    this.labelEn[i] = labelEn;
  }

  /** Line `i` as a `BillLine` object. */
  line(i: number): BillLine {
    const k = this.kind[i];
    const line: BillLine = {
      code: k.code,
      labelZh: this.labelZh[i] ?? k.labelZh,
      labelEn: this.labelEn[i] ?? k.labelEn,
      category: k.category,
      quantity: this.quantity[i],
      unit: k.unit,
      unitPrice: this.unitPrice[i],
      priceUnit: k.priceUnit,
      amount: this.amount[i] as Fen,
      rule: k.rule,
      tariffVersion: k.tariffVersion,
    };
    if (this.factorDen[i] !== 0) line.factor = [this.factorNum[i], this.factorDen[i]];
    return line;
  }

  toArray(): BillLine[] {
    const out = new Array<BillLine>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.line(i);
    return out;
  }
}
