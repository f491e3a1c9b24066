/**
 * One alarm sweep through the store: read every input in bulk, time every open cycle's stages,
 * run the core engine, plan and escalate work orders, and write every decision, order and
 * notification intent in one transaction; then tell the live board.
 */
import type { Clock } from '@meterflow/core';
import { sweepAlarms } from '@meterflow/core/alarms/alarm-engine';
import type { AlarmDecision, AlarmRecord } from '@meterflow/core/alarms/alarm-record';
import { escalateWorkOrders, planWorkOrders } from '@meterflow/core/alarms/alarm-work-orders';
import { evaluateCycleStages, type StageEvaluation } from '@meterflow/core/workflow/stage-evaluator';
import { StageTimingMemo } from '@meterflow/core/workflow/stage-timing-memo';
import type { WorkOrder } from '@meterflow/core/workflow/work-order';
import type { Store, StoredAlarm, WorkOrderChange } from '@meterflow/store';
import type { AlarmFeed } from './alarm-feed.ts';
import type { AlarmObservationSource } from './alarm-observation-source.ts';
import { withShortIds } from './alarm-ids.ts';
import type { AlarmSettings } from './alarm-settings.ts';

/** Alarms listed per action in a sweep summary; the counts are always complete. */
export const SWEEP_REPORT_MAX = 100;
const MS_PER_MINUTE = 60_000;

export interface SweptAlarm {
  id: string;
  ruleId: string;
  kind: string;
  subjectId: string;
  severity: string;
}

/** What one sweep did: counts, a sample of the alarms per action, and where the time went. */
export interface SweepSummary {
  at: string;
  meters: number;
  cycles: number;
  rulesEvaluated: number;
  conditions: number;
  suppressed: number;
  raised: number;
  updated: number;
  reopened: number;
  held: number;
  resolved: number;
  workOrdersOpened: number;
  workOrdersChanged: number;
  escalated: number;
  notifications: number;
  alarms: { raised: SweptAlarm[]; updated: SweptAlarm[]; reopened: SweptAlarm[]; resolved: SweptAlarm[] };
  ms: { read: number; evaluate: number; write: number; total: number };
}

/** Orders to upsert, keyed by id so an order planned and then escalated in the same sweep is written once. */
type OrderChanges = Map<string, WorkOrderChange>;

export class AlarmSweepService {
  /** Deadlines shared by books with the same opening instants and limits, kept while the calendar stays. */
  private memo: StageTimingMemo | undefined;

  constructor(
    private readonly store: Store,
    private readonly source: AlarmObservationSource,
    private readonly settings: () => AlarmSettings,
    private readonly clock: Clock,
    private readonly feed: AlarmFeed,
  ) {}

  /** Evaluates every rule once at the clock's current time. */
  async sweep(): Promise<SweepSummary> {
    const t0 = performance.now();
    const at = this.clock.now();
    const s = this.settings();
    const windowStart = new Date(at.getTime() - s.config.flapping.windowMinutes * MS_PER_MINUTE);
    const [inputs, known] = await Promise.all([this.source.read(at), this.store.alarms.alarms.listKnown(windowStart)]);
    const t1 = performance.now();
    if (this.memo?.calendar !== s.calendar) this.memo = new StageTimingMemo(s.calendar);
    const stages: StageEvaluation[] = [];
    for (const c of inputs.cycles) stages.push(...evaluateCycleStages(c, s.limits, s.calendar, at, this.memo));
    const swept = sweepAlarms(s.config, { ...inputs.observations, at, stages }, known as AlarmRecord[]);
    const result = { ...swept, decisions: withShortIds(swept.decisions) };
    const decided = result.decisions.map((d) => d.alarm.id);
    const latest = await this.store.alarms.workOrders.latestByAlarmIds(decided);
    const plan = planWorkOrders(s.config, result.decisions, latest, s.policy, at);
    const changes: OrderChanges = new Map();
    for (const w of plan.orders) changes.set(w.id, { next: w, previous: latest.get(w.alarmId) });
    const awaiting = await this.store.alarms.workOrders.listAwaiting();
    const esc = escalateWorkOrders(mergeAwaiting(awaiting, changes), s.policy, at);
    const before = new Map(awaiting.map((w) => [w.id, w]));
    for (const w of esc.orders)
      changes.set(w.id, { next: w, previous: changes.get(w.id)?.previous ?? before.get(w.id) });
    const intents = [...plan.intents, ...esc.intents];
    const t2 = performance.now();
    await this.store.transaction(async (tx) => {
      await tx.alarms.alarms.applyDecisions(result.decisions, at);
      await tx.alarms.workOrders.save([...changes.values()]);
      await tx.alarms.outbox.enqueue(intents, at);
    });
    const t3 = performance.now();
    this.feed.publish({ storedAtMs: Date.now(), changes: boardChanges(result.decisions) });
    return summarise(at, inputs.observations.meters?.meterIds.length ?? 0, inputs.cycles.length, result, {
      opened: plan.orders.filter((w) => !latest.has(w.alarmId)).length,
      changed: changes.size,
      escalated: esc.orders.length,
      notifications: intents.length,
      ms: { read: t1 - t0, evaluate: t2 - t1, write: t3 - t2, total: t3 - t0 },
    });
  }

  /** Escalates every order still waiting for acknowledgement (the escalation job, between sweeps). */
  async escalate(): Promise<{ escalated: number; notifications: number }> {
    const at = this.clock.now();
    const s = this.settings();
    const awaiting = await this.store.alarms.workOrders.listAwaiting();
    const esc = escalateWorkOrders(awaiting, s.policy, at);
    if (esc.orders.length === 0 && esc.intents.length === 0) return { escalated: 0, notifications: 0 };
    const before = new Map(awaiting.map((w) => [w.id, w]));
    await this.store.transaction(async (tx) => {
      await tx.alarms.workOrders.save(esc.orders.map((w) => ({ next: w, previous: before.get(w.id) })));
      await tx.alarms.outbox.enqueue(esc.intents, at);
    });
    return { escalated: esc.orders.length, notifications: esc.intents.length };
  }
}

/** Awaiting orders as the plan left them (a just-opened order is awaiting too). */
function mergeAwaiting(awaiting: readonly WorkOrder[], changes: OrderChanges): WorkOrder[] {
  const byId = new Map(awaiting.map((w) => [w.id, w]));
  for (const { next } of changes.values()) {
    if (next.state === 'open' && !next.alarmClearedAt) byId.set(next.id, next);
    else byId.delete(next.id);
  }
  return [...byId.values()];
}

/** What the board shows: every change except silent repeats of an unchanged open alarm. */
function boardChanges(decisions: readonly AlarmDecision[]) {
  return decisions
    .filter((d) => d.action !== 'update' || d.notify)
    .map((d) => ({ action: d.action, alarm: d.alarm as StoredAlarm }));
}

function summarise(
  at: Date,
  meters: number,
  cycles: number,
  result: ReturnType<typeof sweepAlarms>,
  work: { opened: number; changed: number; escalated: number; notifications: number; ms: SweepSummary['ms'] },
): SweepSummary {
  const by = (action: AlarmDecision['action']) => result.decisions.filter((d) => d.action === action);
  const sample = (action: AlarmDecision['action']): SweptAlarm[] =>
    by(action)
      .slice(0, SWEEP_REPORT_MAX)
      .map(({ alarm: a }) => ({
        id: a.id,
        ruleId: a.ruleId,
        kind: a.kind,
        subjectId: a.subjectId,
        severity: a.severity,
      }));
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    at: at.toISOString(),
    meters,
    cycles,
    rulesEvaluated: result.rulesEvaluated.length,
    conditions: result.conditions,
    suppressed: result.suppressed,
    raised: by('raise').length,
    updated: by('update').length,
    reopened: by('reopen').length,
    held: by('hold').length,
    resolved: by('resolve').length,
    workOrdersOpened: work.opened,
    workOrdersChanged: work.changed,
    escalated: work.escalated,
    notifications: work.notifications,
    alarms: {
      raised: sample('raise'),
      updated: sample('update'),
      reopened: sample('reopen'),
      resolved: sample('resolve'),
    },
    ms: {
      read: round(work.ms.read),
      evaluate: round(work.ms.evaluate),
      write: round(work.ms.write),
      total: round(work.ms.total),
    },
  };
}
