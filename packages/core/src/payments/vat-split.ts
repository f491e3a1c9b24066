import { mulDivRoundHalfUp, type Fen } from '../units/money.ts';
import type { RevenueKind } from './ledger-account.ts';

/** A VAT rate as an exact fraction: 13 % = { numerator: 13, denominator: 100 } (data, not a constant). */
export interface VatRate {
  numerator: number;
  denominator: number;
}

export interface VatSplit {
  netByKind: Map<RevenueKind, Fen>;
  netFen: Fen;
  vatFen: Fen;
}

/**
 * Splits VAT-inclusive amounts by kind into net revenue and output VAT as a bill shows them:
 * net = round(total / (1 + rate), 2) half-up on the bill total, tax = total − net; the net is then
 * spread over the kinds in proportion to their gross with the largest-remainder rule so the parts
 * add up to the bill's net exactly.
 */
export function splitVat(grossByKind: ReadonlyMap<RevenueKind, number>, rate: VatRate): VatSplit {
  let total = 0;
  for (const v of grossByKind.values()) total += v;
  const net = mulDivRoundHalfUp(total, rate.denominator, rate.denominator + rate.numerator);
  const netByKind = new Map<RevenueKind, Fen>();
  if (total <= 0) throw new RangeError(`a VAT split needs a positive total, got ${total}`);
  // BigInt because gross × net overflows 2^53 on large industrial bills.
  const t = BigInt(total);
  const parts: { kind: RevenueKind; floor: bigint; rem: bigint }[] = [];
  let assigned = 0n;
  for (const [kind, gross] of grossByKind) {
    const exact = BigInt(gross) * BigInt(net);
    let floor = exact / t;
    if (floor * t > exact) floor -= 1n; // BigInt division truncates; we need the floor
    parts.push({ kind, floor, rem: exact - floor * t });
    assigned += floor;
  }
  parts.sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : 0));
  for (let i = 0n; i < BigInt(net) - assigned; i++) parts[Number(i) % parts.length].floor += 1n;
  for (const p of parts) netByKind.set(p.kind, Number(p.floor) as Fen);
  return { netByKind, netFen: net as Fen, vatFen: (total - net) as Fen };
}
