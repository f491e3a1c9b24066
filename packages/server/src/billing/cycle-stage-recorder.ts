import { isAppError } from '@meterflow/core';
import { stageRecord, type CycleStage } from '@meterflow/core/workflow/billing-cycle';
import type { Store } from '@meterflow/store';

/** The reading part of a cycle (抄表计划, 数据采集, 抄表数据审核) that must be done before calculation. */
const READING_STAGES: readonly CycleStage[] = ['readingPlan', 'collection', 'readingReview'];

/**
 * Records a bill cycle's stages through the alarms context's cycle-stage repository, so the alarm
 * sweep times them and the console draws the timeline. Recording never blocks billing: a stage
 * the record already shows as done (a rerun) is left alone.
 */
export class CycleStageRecorder {
  constructor(private readonly store: Store) {}

  /** Marks reading done (determinants are present) for stages not yet succeeded. */
  async readingDone(bookId: string, cycle: string, actor: string, at: Date): Promise<void> {
    for (const stage of READING_STAGES) {
      const c = await this.store.alarms.cycleStages.get(bookId, cycle);
      const rec = c && stageRecord(c, stage);
      if (rec?.outcome === 'succeeded') continue;
      if (!rec || rec.outcome === 'failed') await this.tryStart(bookId, cycle, stage, actor, at);
      await this.end(bookId, cycle, stage, actor, at, true, 'billing determinants present');
    }
  }

  /** Starts a stage unless it is already running or done; true when it is now running. */
  async begin(bookId: string, cycle: string, stage: CycleStage, actor: string, at: Date): Promise<boolean> {
    const c = await this.store.alarms.cycleStages.get(bookId, cycle);
    const rec = c && stageRecord(c, stage);
    if (rec && !rec.outcome) return true;
    if (rec?.outcome === 'succeeded') return false;
    return this.tryStart(bookId, cycle, stage, actor, at);
  }

  /** Ends a running stage; a stage that is not running is left as it is. */
  async end(bookId: string, cycle: string, stage: CycleStage, actor: string, at: Date, ok: boolean, note?: string) {
    const c = await this.store.alarms.cycleStages.get(bookId, cycle);
    const rec = c && stageRecord(c, stage);
    if (!rec || rec.outcome) return;
    await this.store.alarms.cycleStages.end({
      readingBookId: bookId,
      cycle,
      stage,
      actor,
      at: at.getTime() < rec.startedAt.getTime() ? rec.startedAt : at,
      outcome: ok ? 'succeeded' : 'failed',
      ...(note ? { note } : {}),
    });
  }

  private async tryStart(bookId: string, cycle: string, stage: CycleStage, actor: string, at: Date) {
    try {
      await this.store.alarms.cycleStages.start({ readingBookId: bookId, cycle, stage, actor, at });
      return true;
    } catch (e) {
      if (isAppError(e) && e.code === 'STATE_INVALID') return false;
      throw e;
    }
  }
}
