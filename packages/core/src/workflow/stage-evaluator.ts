import { CYCLE_STAGES, stageRecord, type BillingCycle, type CycleStage } from './billing-cycle.ts';
import type { BusinessCalendar } from './business-calendar.ts';
import { DEFAULT_AT_RISK_SHARE, type StageLimitTable } from './stage-limits.ts';
import { MS_PER_MINUTE, type Duration } from './duration.ts';
import { StageTimingMemo } from './stage-timing-memo.ts';

/** waiting = an earlier stage has not succeeded yet, so this stage's clock has not started. */
export type StageStatus = 'waiting' | 'onTime' | 'atRisk' | 'overrun' | 'failed';

/** How one stage of one cycle stands against its limit at a given instant. */
export interface StageEvaluation {
  readingBookId: string;
  cycle: string;
  branchId: string;
  stage: CycleStage;
  status: StageStatus;
  finished: boolean;
  clockStartedAt?: Date;
  deadline?: Date;
  limit?: Duration;
  /** Time past the deadline on the limit's basis (working or calendar), in whole minutes; 0 when not late. */
  lateMinutes: number;
  /** Share of the limit used so far (or used in all, once finished); 0 without a limit. */
  usedShare: number;
  actor?: string;
}

/**
 * Each stage's status for one cycle at `now`. A stage's clock starts when it could start: the
 * cycle's opening for the reading plan, the previous stage's success for the others, so time spent
 * waiting for someone to pick the stage up counts against it. A restart after failure keeps the clock.
 * Pass one `memo` (over the same calendar) when evaluating many cycles: shared deadlines are computed once.
 */
export function evaluateCycleStages(
  c: BillingCycle,
  limits: StageLimitTable,
  calendar: BusinessCalendar,
  now: Date,
  memo: StageTimingMemo = new StageTimingMemo(calendar),
): StageEvaluation[] {
  const timing = memo.calendar === calendar ? memo : new StageTimingMemo(calendar);
  const out: StageEvaluation[] = [];
  let readyAt: Date | undefined = c.openedAt;
  for (const stage of CYCLE_STAGES) {
    const rec = stageRecord(c, stage);
    const base = { readingBookId: c.readingBookId, cycle: c.cycle, branchId: c.branchId, stage, actor: rec?.actor };
    if (!readyAt) {
      out.push({ ...base, status: 'waiting', finished: false, lateMinutes: 0, usedShare: 0 });
      continue;
    }
    const finished = rec?.outcome === 'succeeded';
    const end = finished && rec.endedAt ? rec.endedAt : now;
    const rule = limits.resolve(stage, c.branchId, c.customerClass);
    const measured = rule ? measure(timing, rule.limit, readyAt, end) : undefined;
    let status: StageStatus = 'onTime';
    if (rec?.outcome === 'failed') status = 'failed';
    else if (measured && measured.lateMs > 0) status = 'overrun';
    else if (measured && !finished && measured.usedShare >= (rule?.atRiskShare ?? DEFAULT_AT_RISK_SHARE))
      status = 'atRisk';
    out.push({
      ...base,
      status,
      finished,
      clockStartedAt: readyAt,
      deadline: measured?.deadline,
      limit: rule?.limit,
      lateMinutes: measured ? Math.floor(measured.lateMs / MS_PER_MINUTE) : 0,
      usedShare: measured?.usedShare ?? 0,
    });
    readyAt = finished ? rec.endedAt : undefined;
  }
  return out;
}

function measure(memo: StageTimingMemo, limit: Duration, from: Date, end: Date) {
  const { deadline, limitMs } = memo.deadline(from, limit);
  const usedMs = memo.elapsedMs(from, end, limit.basis);
  const lateMs = end.getTime() > deadline.getTime() ? memo.elapsedMs(deadline, end, limit.basis) : 0;
  // A late end inside non-working time has 0 working minutes late yet is past the deadline.
  const usedShare = limitMs > 0 ? usedMs / limitMs : usedMs > 0 ? 1 : 0;
  return { deadline, lateMs: end.getTime() > deadline.getTime() ? Math.max(lateMs, 1) : 0, usedShare };
}
