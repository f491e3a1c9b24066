import { CYCLE_STAGES, type CycleStage } from '../workflow/billing-cycle.ts';
import type { WorkOrder } from '../workflow/work-order.ts';
import { DEFAULT_ZONE, localDate } from '../time/zone.ts';
import type { AlarmRecord } from './alarm-record.ts';
import { SEVERITIES, type Severity } from './severity.ts';

/** One month's alarm and work-order figures for management reports. */
export interface MonthlyAlarmFigures {
  month: string;
  alarmsRaised: number;
  bySeverity: Record<Severity, number>;
  /** Stage-overrun alarms raised, by stage: each counts a (reading book, cycle, stage) that ran late once. */
  overrunsPerStage: Record<CycleStage, number>;
  workOrdersOpened: number;
  escalated: number;
  /** Means over orders opened in the month that reached the step; null when none did. */
  meanMinutesToAcknowledge: number | null;
  meanMinutesToResolve: number | null;
  stillUnacknowledged: number;
}

const mean = (xs: number[]): number | null =>
  xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null;

/** Figures for the local calendar month `YYYY-MM`, from alarm and work-order histories. */
export function monthlyAlarmFigures(
  month: string,
  alarms: readonly AlarmRecord[],
  orders: readonly WorkOrder[],
  zone: string = DEFAULT_ZONE,
): MonthlyAlarmFigures {
  const inMonth = (d: Date) => localDate(d, zone).startsWith(month);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const overrunsPerStage = Object.fromEntries(CYCLE_STAGES.map((s) => [s, 0])) as Record<CycleStage, number>;
  let raised = 0;
  for (const a of alarms) {
    if (!inMonth(a.firstRaisedAt)) continue;
    raised++;
    bySeverity[a.severity]++;
    const stage = a.labels.stage as CycleStage | undefined;
    if (a.kind === 'stageOverrun' && a.labels.status !== 'atRisk' && stage && stage in overrunsPerStage)
      overrunsPerStage[stage]++;
  }
  const opened = orders.filter((w) => inMonth(w.openedAt));
  const minutes = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 60_000;
  return {
    month,
    alarmsRaised: raised,
    bySeverity,
    overrunsPerStage,
    workOrdersOpened: opened.length,
    escalated: opened.filter((w) => w.history.some((e) => e.action === 'escalate')).length,
    meanMinutesToAcknowledge: mean(
      opened.filter((w) => w.acknowledgedAt).map((w) => minutes(w.openedAt, w.acknowledgedAt!)),
    ),
    meanMinutesToResolve: mean(opened.filter((w) => w.resolvedAt).map((w) => minutes(w.openedAt, w.resolvedAt!))),
    stillUnacknowledged: opened.filter((w) => !w.acknowledgedAt).length,
  };
}
