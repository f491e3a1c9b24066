import type { IntervalBlock } from '../interval-block.ts';
import { QUALITY } from '../quality-flag.ts';
import { changedSlots, type BlockRevision } from '../block-revision.ts';
import { dayRegisterDelta } from './day-register-delta.ts';
import { estimateGaps } from './estimate-gaps.ts';
import type { ResolvedVeeConfig } from './vee-config.ts';
import type { VeeException, VeeMeterDay } from './vee-rule.ts';

export interface VeeResult {
  exceptions: VeeException[];
  /** A new version when anything was estimated or flagged; null when the block passes as it is. */
  repaired: IntervalBlock | null;
  revision: BlockRevision | null;
}

/** Validates one meter-day with every enabled rule, then estimates and flags what the rules distrust. */
export function runVee(day: VeeMeterDay, config: ResolvedVeeConfig): VeeResult {
  const exceptions: VeeException[] = [];
  for (const { rule, params } of config.rules) exceptions.push(...rule.check(day, params));
  const distrust = new Set<number>();
  const flag = new Set<number>();
  for (const e of exceptions) {
    const target = e.repair === 'estimate' ? distrust : e.repair === 'flag' ? flag : null;
    for (const s of e.slots) target?.add(s);
  }
  const mayEstimate = distrust.size > 0 || day.block.quality.includes(QUALITY.MISSING);
  if (!mayEstimate && flag.size === 0) return { exceptions, repaired: null, revision: null };
  const registerDeltaWh = day.register ? dayRegisterDelta(day.register) : null;
  const est = estimateGaps(
    { block: day.block, distrust, history: day.history, holidays: day.holidays, registerDeltaWh },
    config.estimation,
  );
  for (const s of distrust) {
    // A distrusted value that could not be estimated stays visible, but marked.
    if (est.quality[s] === QUALITY.MISSING && day.block.quality[s] !== QUALITY.MISSING) {
      est.values[s] = day.block.values[s];
      est.quality[s] = QUALITY.SUSPECT;
    }
  }
  for (const s of flag) est.quality[s] = QUALITY.SUSPECT;
  const repaired: IntervalBlock = {
    ...day.block,
    version: day.block.version + 1,
    values: est.values,
    quality: est.quality,
  };
  const slots = changedSlots(day.block, repaired);
  if (slots.length === 0) return { exceptions, repaired: null, revision: null };
  const revision: BlockRevision = {
    meterId: day.block.meterId,
    channel: day.block.channel,
    date: day.block.date,
    version: repaired.version,
    basedOnVersion: day.block.version,
    kind: 'vee',
    reason:
      [...new Set(exceptions.filter((e) => e.slots.length).map((e) => e.ruleId))].join(',') || 'missing-intervals',
    by: 'vee',
    atUtc: day.nowUtc.toISOString(),
    slots,
  };
  return { exceptions, repaired, revision };
}
