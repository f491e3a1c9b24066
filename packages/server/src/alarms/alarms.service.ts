/**
 * The alarms context's use cases for the API, the jobs and other contexts (`services.alarms`):
 * sweep and escalate, observe, list and act on alarms and work orders, cycle timelines, figures.
 */
import { AppError, localToInstant, type Clock, type Issue } from '@meterflow/core';
import { monthlyAlarmFigures, type MonthlyAlarmFigures } from '@meterflow/core/alarms/monthly-figures';
import type { Severity } from '@meterflow/core/alarms/severity';
import { evaluateCycleStages } from '@meterflow/core/workflow/stage-evaluator';
import {
  RESOLUTION_NOTES_MIN_CHARS,
  stepWorkOrder,
  type WorkOrder,
  type WorkOrderAction,
  type WorkOrderState,
} from '@meterflow/core/workflow/work-order';
import type { Store, StoredAlarm } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { AlarmFeed } from './alarm-feed.ts';
import { AlarmNotificationRelay, type RelaySummary, type StaffNotifier } from './alarm-notification-relay.ts';
import { recordObservation, type AlarmObservationInput } from './alarm-observe.ts';
import { StoreObservationSource, type AlarmObservationSource } from './alarm-observation-source.ts';
import { ALARM_ACTING_ROLES, alarmScopeOf, inAlarmScope } from './alarm-scope.ts';
import { loadAlarmSettings, type AlarmSettings } from './alarm-settings.ts';
import { AlarmSweepService, type SweepSummary } from './alarm-sweep.service.ts';
import { alarmView, timelineView } from './alarm-views.ts';

export interface AlarmListQuery {
  status?: 'open' | 'resolved';
  minSeverity?: Severity;
  severities?: Severity[];
  kinds?: string[];
  branchIds?: string[];
  limit?: number;
  offset?: number;
}

export class AlarmsService {
  readonly feed = new AlarmFeed();
  readonly sweeper: AlarmSweepService;
  private running: Promise<unknown> = Promise.resolve();
  private relay: AlarmNotificationRelay | undefined;
  /** The last relay failure, if the latest relay failed (the intents wait in the alarm outbox). */
  lastRelayError: string | undefined;
  /** What the latest relay did and how long it took (ms). */
  lastRelay: (RelaySummary & { ms: number }) | undefined;

  constructor(
    private readonly store: Store,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    readonly settings: AlarmSettings = loadAlarmSettings(),
    source: AlarmObservationSource = new StoreObservationSource(store),
  ) {
    this.sweeper = new AlarmSweepService(store, source, () => this.settings, clock, this.feed);
  }

  /**
   * Sends alarm notification intents on through the notifications context (in-app, SMS, voice):
   * after each sweep and escalation the alarm outbox is relayed into `notifier`'s outbox.
   */
  notifyThrough(notifier: StaffNotifier): this {
    this.relay = new AlarmNotificationRelay(
      this.store,
      notifier,
      () => this.settings.contacts,
      this.settings.calendar.zone,
    );
    return this;
  }

  /**
   * One sweep; sweeps and escalations of this process run one after another, never overlapping.
   * The relay to the notifications outbox follows in the same line, without holding up the answer.
   */
  async sweep(): Promise<SweepSummary> {
    const summary = await this.serially(() => this.sweeper.sweep());
    void this.serially(() => this.relayIntents());
    return summary;
  }

  async escalate(): Promise<{ escalated: number; notifications: number }> {
    const r = await this.serially(() => this.sweeper.escalate());
    void this.serially(() => this.relayIntents());
    return r;
  }

  /** Waits until every sweep, escalation and relay started so far has finished. */
  async settled(): Promise<void> {
    await this.running;
  }

  /** Relays pending intents now (also after a failed relay); nothing when no notifier is connected. */
  async relayIntents(): Promise<RelaySummary | undefined> {
    if (!this.relay) return undefined;
    try {
      const t0 = performance.now();
      const r = await this.relay.relay();
      this.lastRelay = { ...r, ms: Math.round(performance.now() - t0) };
      this.lastRelayError = undefined;
      return r;
    } catch (e) {
      // The sweep's own work is stored; its intents stay in the alarm outbox for the next relay.
      this.lastRelayError = e instanceof Error ? e.message : String(e);
      return undefined;
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.then(work, work);
    this.running = next.catch(() => undefined);
    return next;
  }

  /** Reports an observation for the next sweep (see alarm-observe.ts for the kinds). */
  observe(o: AlarmObservationInput, store: Store = this.store): Promise<void> {
    return recordObservation(store, o);
  }

  async list(p: Principal, q: AlarmListQuery) {
    const scope = await alarmScopeOf(this.access, p);
    return this.store.alarms.alarms.list({ ...q, orgIds: scope.orgIds, includeUnbranched: scope.includeUnbranched });
  }

  /** An alarm the user may see, or NOT_FOUND. */
  async get(p: Principal, id: string): Promise<StoredAlarm> {
    const scope = await alarmScopeOf(this.access, p);
    const a = await this.store.alarms.alarms.get(id);
    if (!a || !inAlarmScope(scope, a.branchId)) throw new AppError('NOT_FOUND', `alarm ${id} not found`);
    return a;
  }

  async detail(p: Principal, id: string) {
    const a = await this.get(p, id);
    const events = await this.store.alarms.alarms.events(id);
    const order = (await this.store.alarms.workOrders.latestByAlarmIds([id])).get(id);
    return { alarm: a, events, workOrder: order };
  }

  /** A dispatcher takes an alarm on; its open work order is acknowledged with it. */
  async acknowledge(p: Principal, id: string, note?: string): Promise<StoredAlarm> {
    this.access.requireRole(p, ALARM_ACTING_ROLES);
    const a = await this.get(p, id);
    if (a.status !== 'open') throw new AppError('STATE_INVALID', `alarm ${id} is already resolved`);
    const at = this.clock.now();
    await this.store.transaction(async (tx) => {
      if (!a.acknowledgedAt) await tx.alarms.alarms.acknowledge(id, p.username, at, note);
      const order = (await tx.alarms.workOrders.latestByAlarmIds([id])).get(id);
      if (order?.state === 'open') {
        const next = stepWorkOrder(order, 'acknowledge', { by: p.username, at, note });
        await tx.alarms.workOrders.save([{ next, previous: order }]);
      }
    });
    return this.published(id, 'acknowledge');
  }

  /** A person resolves an alarm with a root cause and notes; its work order is resolved with it. */
  async resolve(p: Principal, id: string, rootCause: string, note: string): Promise<StoredAlarm> {
    this.access.requireRole(p, ALARM_ACTING_ROLES);
    this.checkResolution(rootCause, note);
    const a = await this.get(p, id);
    if (a.status !== 'open') throw new AppError('STATE_INVALID', `alarm ${id} is already resolved`);
    const at = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.alarms.alarms.resolveManually(id, p.username, at, rootCause, note);
      const order = (await tx.alarms.workOrders.latestByAlarmIds([id])).get(id);
      if (order && order.state !== 'resolved' && order.state !== 'closed') {
        const step = { by: p.username, at, rootCause, note };
        const acked = order.state === 'open' ? stepWorkOrder(order, 'acknowledge', step) : order;
        const next = stepWorkOrder(acked, 'resolve', step, this.settings.rootCauses);
        await tx.alarms.workOrders.save([{ next, previous: order }]);
      }
    });
    return this.published(id, 'manualResolve');
  }

  private checkResolution(rootCause: string, note: string): void {
    const issues: Issue[] = [];
    if (!this.settings.rootCauses.includes(rootCause))
      issues.push({ path: '/rootCause', message: `must be one of ${this.settings.rootCauses.join(', ')}` });
    if (note.trim().length < RESOLUTION_NOTES_MIN_CHARS)
      issues.push({ path: '/note', message: `at least ${RESOLUTION_NOTES_MIN_CHARS} characters` });
    if (issues.length) throw new AppError('VALIDATION_FAILED', 'resolution incomplete', issues);
  }

  private async published(id: string, action: 'acknowledge' | 'manualResolve'): Promise<StoredAlarm> {
    const a = (await this.store.alarms.alarms.get(id)) as StoredAlarm;
    this.feed.publish({ storedAtMs: Date.now(), changes: [{ action, alarm: a }] });
    return a;
  }

  async listWorkOrders(
    p: Principal,
    q: { states?: WorkOrderState[]; branchIds?: string[]; assigneeId?: string; limit?: number; offset?: number },
  ) {
    const scope = await alarmScopeOf(this.access, p);
    return this.store.alarms.workOrders.list({
      ...q,
      orgIds: scope.orgIds,
      includeUnbranched: scope.includeUnbranched,
    });
  }

  async workOrder(p: Principal, id: string): Promise<WorkOrder> {
    const scope = await alarmScopeOf(this.access, p);
    const w = await this.store.alarms.workOrders.get(id);
    if (!w || !inAlarmScope(scope, w.branchId)) throw new AppError('NOT_FOUND', `work order ${id} not found`);
    return w;
  }

  /** acknowledge, start, resolve (root cause + notes), close or reopen a work order. */
  async stepOrder(
    p: Principal,
    id: string,
    action: Extract<WorkOrderAction, 'acknowledge' | 'start' | 'resolve' | 'close' | 'reopen'>,
    details: { rootCause?: string; note?: string },
  ): Promise<WorkOrder> {
    this.access.requireRole(p, ALARM_ACTING_ROLES);
    const w = await this.workOrder(p, id);
    const next = stepWorkOrder(
      w,
      action,
      { by: p.username, at: this.clock.now(), ...details },
      this.settings.rootCauses,
    );
    await this.store.alarms.workOrders.save([{ next, previous: w }]);
    return next;
  }

  async listCycles(p: Principal, q: { readingBookId?: string; limit?: number }) {
    const scope = await alarmScopeOf(this.access, p);
    return this.store.alarms.cycleStages.listRuns({ ...q, orgIds: scope.orgIds });
  }

  /** One cycle's stages against their limits, now. */
  async timeline(p: Principal, readingBookId: string, cycle: string) {
    const scope = await alarmScopeOf(this.access, p);
    const c = await this.store.alarms.cycleStages.get(readingBookId, cycle);
    if (!c || !inAlarmScope(scope, c.branchId))
      throw new AppError('NOT_FOUND', `cycle ${cycle} of reading book ${readingBookId} not found`);
    const s = this.settings;
    return timelineView(c, evaluateCycleStages(c, s.limits, s.calendar, this.clock.now()));
  }

  /** Overruns per stage, alarms by severity, mean times to acknowledge and resolve, for one local month. */
  async figures(p: Principal, month: string): Promise<MonthlyAlarmFigures> {
    const scope = await alarmScopeOf(this.access, p);
    const zone = this.settings.calendar.zone;
    const from = localToInstant(`${month}-01`, 0, zone);
    const [y, m] = month.split('-').map(Number);
    const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const to = localToInstant(`${nextMonth}-01`, 0, zone);
    const filter = { orgIds: scope.orgIds, includeUnbranched: scope.includeUnbranched };
    const alarms = await this.store.alarms.alarms.listAll({ ...filter, raisedFrom: from, raisedTo: to });
    const orders = await this.store.alarms.workOrders.listAll({ ...filter, openedFrom: from, openedTo: to });
    return monthlyAlarmFigures(month, alarms as never, orders, zone);
  }

  /** The alarm as the board shows it, if the user may see it. */
  boardView(scope: Awaited<ReturnType<typeof alarmScopeOf>>, a: StoredAlarm) {
    return inAlarmScope(scope, a.branchId) ? alarmView(a) : undefined;
  }
}
