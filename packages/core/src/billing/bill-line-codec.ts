import type { BillLine, LineCategory, PriceUnit, QuantityUnit } from './bill.ts';

/** What every line of one code under one tariff shares: kept once, not in every stored bill. */
export interface LineMeta {
  code: string;
  labelZh: string;
  labelEn: string;
  category: LineCategory;
  unit: QuantityUnit;
  priceUnit: PriceUnit;
  rule: string;
}

/** Line metadata of one tariff, by line code; filled while encoding, stored beside the bills. */
export type LineMetaBook = Map<string, LineMeta>;

const SAFE_CODE = /^[A-Za-z0-9_.-]+$/;

/**
 * Encodes a bill's lines compactly for storage: a JSON array of
 * `[code, quantity, unitPrice, amount, tariffVersion, factorNum, factorDen]` (factor 0/0 when none),
 * with the labels appended only when they differ from the book's (the power-factor line names the
 * actual factor). New codes are added to `book`, which the caller stores once per tariff.
 */
export function encodeLines(lines: readonly BillLine[], book: LineMetaBook): string {
  let out = '[';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    let meta = book.get(l.code);
    if (!meta) {
      if (!SAFE_CODE.test(l.code)) throw new RangeError(`line code "${l.code}" cannot be stored compactly`);
      meta = {
        code: l.code,
        labelZh: l.labelZh,
        labelEn: l.labelEn,
        category: l.category,
        unit: l.unit,
        priceUnit: l.priceUnit,
        rule: l.rule,
      };
      book.set(l.code, meta);
    }
    const f = l.factor;
    out += `${i ? ',' : ''}["${l.code}",${l.quantity},${l.unitPrice},${l.amount},${l.tariffVersion},${f ? f[0] : 0},${f ? f[1] : 0}`;
    if (meta.labelZh !== l.labelZh || meta.labelEn !== l.labelEn)
      out += `,${JSON.stringify(l.labelZh)},${JSON.stringify(l.labelEn)}`;
    out += ']';
  }
  return out + ']';
}

type EncodedLine = [string, number, number, number, number, number, number, string?, string?];

/** Decodes stored lines with the tariff's line metadata; throws on a code the book does not know. */
export function decodeLines(text: string, book: ReadonlyMap<string, LineMeta>): BillLine[] {
  const rows = JSON.parse(text) as EncodedLine[];
  return rows.map((r) => {
    const meta = book.get(r[0]);
    if (!meta) throw new RangeError(`no metadata for bill line code "${r[0]}"`);
    const line: BillLine = {
      code: r[0],
      labelZh: r[7] ?? meta.labelZh,
      labelEn: r[8] ?? meta.labelEn,
      category: meta.category,
      quantity: r[1],
      unit: meta.unit,
      unitPrice: r[2],
      priceUnit: meta.priceUnit,
      amount: r[3] as BillLine['amount'],
      rule: meta.rule,
      tariffVersion: r[4],
    };
    if (r[6] !== 0) line.factor = [r[5], r[6]];
    return line;
  });
}
