import { computeConsumption, computeExchangeConsumption } from '../consumption.ts';
import type { DayRegisters } from './vee-rule.ts';

/** The day's register advance in Wh (secondary side, multiplier 1), exchange- and rollover-aware; null if it ran backwards. */
export function dayRegisterDelta(reg: DayRegisters, maxRolloverDeltaWh?: number): number | null {
  if (reg.exchange) {
    const r = computeExchangeConsumption(
      { first: reg.start, last: reg.exchange.oldLast, multiplier: 1, spec: reg.spec },
      { first: reg.exchange.newFirst, last: reg.end, multiplier: 1, spec: reg.exchange.newSpec ?? reg.spec },
      reg.kind,
    );
    return r.ok ? r.consumptionWh : null;
  }
  const r = computeConsumption({
    previous: reg.start,
    current: reg.end,
    multiplier: 1,
    spec: reg.spec,
    kind: reg.kind,
    maxRolloverDeltaWh,
  });
  return r.ok ? r.registerDeltaWh : null;
}
