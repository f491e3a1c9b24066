import { AppError } from '../errors/error-codes.ts';

/**
 * The stages of one billing cycle of one reading book (抄表段), in order (DOMAIN.md §1):
 * 抄表计划 → 数据采集 → 抄表数据审核 → 电费计算 → 电费审核 → 电费发行 → 收费.
 */
export const CYCLE_STAGES = [
  'readingPlan',
  'collection',
  'readingReview',
  'calculation',
  'billAudit',
  'release',
  'paymentCollection',
] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export const STAGE_NAMES_ZH: Record<CycleStage, string> = {
  readingPlan: '抄表计划',
  collection: '数据采集',
  readingReview: '抄表数据审核',
  calculation: '电费计算',
  billAudit: '电费审核',
  release: '电费发行',
  paymentCollection: '收费',
};

export type StageOutcome = 'succeeded' | 'failed';

/** One stage as run: who ran it, when, and how it ended. A failed stage may be started again. */
export interface StageRecord {
  stage: CycleStage;
  startedAt: Date;
  endedAt?: Date;
  actor: string;
  outcome?: StageOutcome;
  attempts: number;
  note?: string;
}

/** A (reading book, cycle) pair and its stage records; `openedAt` starts the reading plan's clock. */
export interface BillingCycle {
  readingBookId: string;
  cycle: string; // YYYY-MM
  branchId: string;
  customerClass: string;
  openedAt: Date;
  stages: readonly StageRecord[];
}

const stageIndex = (stage: CycleStage): number => CYCLE_STAGES.indexOf(stage);

function invalid(c: BillingCycle, message: string): AppError {
  return new AppError('STATE_INVALID', `reading book ${c.readingBookId} cycle ${c.cycle}: ${message}`);
}

/** Opens a cycle with no stage started yet. */
export function openBillingCycle(c: Omit<BillingCycle, 'stages'>): BillingCycle {
  return { ...c, stages: [] };
}

/** The record of a stage, if it was ever started. */
export function stageRecord(c: BillingCycle, stage: CycleStage): StageRecord | undefined {
  return c.stages.find((s) => s.stage === stage);
}

/** Starts (or, after a failure, restarts) a stage; every earlier stage must have succeeded. */
export function startStage(c: BillingCycle, stage: CycleStage, actor: string, at: Date): BillingCycle {
  const i = stageIndex(stage);
  if (i < 0) throw invalid(c, `unknown stage ${String(stage)}`);
  for (const earlier of CYCLE_STAGES.slice(0, i)) {
    if (stageRecord(c, earlier)?.outcome !== 'succeeded')
      throw invalid(c, `${stage} cannot start before ${earlier} succeeds`);
  }
  const current = stageRecord(c, stage);
  if (current && current.outcome !== 'failed') throw invalid(c, `${stage} is already ${current.outcome ?? 'running'}`);
  const next: StageRecord = { stage, startedAt: at, actor, attempts: (current?.attempts ?? 0) + 1 };
  return { ...c, stages: [...c.stages.filter((s) => s.stage !== stage), next] };
}

/** Ends a running stage with an outcome. */
export function finishStage(
  c: BillingCycle,
  stage: CycleStage,
  outcome: StageOutcome,
  at: Date,
  actor?: string,
  note?: string,
): BillingCycle {
  const current = stageRecord(c, stage);
  if (!current || current.outcome) throw invalid(c, `${stage} is not running`);
  if (at.getTime() < current.startedAt.getTime()) throw invalid(c, `${stage} cannot end before it started`);
  const done: StageRecord = { ...current, endedAt: at, outcome, actor: actor ?? current.actor, note };
  return { ...c, stages: c.stages.map((s) => (s.stage === stage ? done : s)) };
}
