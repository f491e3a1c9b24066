// A month of billing cycles and polls, swept every 15 minutes on a ManualClock, run in seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ManualClock } from '../time/clock.ts';
import { BusinessCalendar } from '../workflow/business-calendar.ts';
import {
  finishStage,
  openBillingCycle,
  startStage,
  type BillingCycle,
  type CycleStage,
} from '../workflow/billing-cycle.ts';
import { parseDutyRoster, type DutyShiftData } from '../workflow/duty-roster.ts';
import { parseEscalationPolicy, type EscalationPolicy } from '../workflow/escalation.ts';
import type { NotificationIntent } from '../workflow/notification-intent.ts';
import { StageLimitTable } from '../workflow/stage-limits.ts';
import { evaluateCycleStages } from '../workflow/stage-evaluator.ts';
import type { AssignmentRule } from '../workflow/work-order-assignment.ts';
import { stepWorkOrder, type WorkOrder } from '../workflow/work-order.ts';
import { compileAlarmConfig } from './alarm-config.ts';
import { sweepAlarms } from './alarm-engine.ts';
import type { AlarmDecision, AlarmRecord } from './alarm-record.ts';
import { escalateWorkOrders, planWorkOrders, type WorkPolicy } from './alarm-work-orders.ts';
import { advanceSilence, newMeterFleetFrame } from './meter-fleet-frame.ts';
import { monthlyAlarmFigures } from './monthly-figures.ts';
import { METER_EVENT_BITS } from './observations.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/alarms/${name}`, import.meta.url), 'utf8'));
const at = (local: string) => new Date(`${local}+08:00`);
const POLL_MS = 15 * 60_000;

const calendar = new BusinessCalendar(fixture('calendar-2024-shanghai.json'));
const limits = new StageLimitTable(fixture('stage-limits.json'));
const config = compileAlarmConfig(fixture('alarm-rules.json'));
const wp = fixture('work-policy.json') as {
  assignment: AssignmentRule[];
  escalation: EscalationPolicy;
  roster: DutyShiftData[];
};
const policy: WorkPolicy = {
  assignment: wp.assignment,
  roster: parseDutyRoster(wp.roster),
  escalation: parseEscalationPolicy(wp.escalation),
  calendar,
};

type Step = [CycleStage, string, string | undefined];
const onTime: Step[] = [
  ['readingPlan', '2024-03-18T08:30:00', '2024-03-18T09:00:00'],
  ['collection', '2024-03-18T09:30:00', '2024-03-18T12:00:00'],
  ['readingReview', '2024-03-18T13:30:00', '2024-03-18T15:00:00'],
  ['calculation', '2024-03-18T15:00:00', '2024-03-18T16:00:00'],
  ['billAudit', '2024-03-19T09:00:00', '2024-03-19T11:00:00'],
  ['release', '2024-03-19T11:00:00', '2024-03-19T12:00:00'],
  ['paymentCollection', '2024-03-19T12:00:00', undefined],
];
// RB1 stalls in collection for three days before the job is fixed.
const stalled: Step[] = [
  ['readingPlan', '2024-03-18T08:30:00', '2024-03-18T09:00:00'],
  ['collection', '2024-03-18T09:30:00', '2024-03-21T10:00:00'],
  ['readingReview', '2024-03-21T10:00:00', '2024-03-21T11:00:00'],
  ['calculation', '2024-03-21T11:00:00', '2024-03-21T11:30:00'],
  ['billAudit', '2024-03-21T13:30:00', '2024-03-21T15:00:00'],
  ['release', '2024-03-21T15:00:00', '2024-03-21T16:00:00'],
  ['paymentCollection', '2024-03-21T16:00:00', undefined],
];

function runMonth() {
  const clock = new ManualClock(at('2024-03-01T00:00:00'));
  const frame = newMeterFleetFrame({
    meterIds: Array.from({ length: 40 }, (_, i) => `M${String(i).padStart(3, '0')}`),
    concentratorIds: ['C0', 'C1', 'C2', 'C3'],
    readingBookIds: ['RB0', 'RB1', 'RB2', 'RB3'],
    concentratorIndex: Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 10)),
    readingBookIndex: Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 10)),
    readingBookBranchIds: ['east', 'east', 'west', 'west'],
    concentratorBranchIds: ['east', 'east', 'west', 'west'],
  });
  const schedules = new Map([
    ['RB0', onTime],
    ['RB1', stalled],
    ['RB2', onTime],
    ['RB3', onTime],
  ]);
  const cycles = new Map<string, BillingCycle>();
  const alarms = new Map<string, AlarmRecord>();
  const orders = new Map<string, WorkOrder>(); // by alarm id
  const decisions: AlarmDecision[] = [];
  const intents: NotificationIntent[] = [];
  const end = at('2024-04-01T00:00:00').getTime();
  let poll = 0;
  for (; clock.now().getTime() < end; clock.advance(POLL_MS), poll++) {
    const now = clock.now();
    const t = now.getTime();
    const answered = (i: number): boolean => {
      if (i >= 20 && i < 30 && t >= at('2024-03-10T02:00:00').getTime() && t < at('2024-03-10T06:00:00').getTime())
        return false;
      // M033 drops out for 3 polls in every 4 during the night of 25 March: a flapping cause.
      if (i === 33 && t >= at('2024-03-25T00:00:00').getTime() && t < at('2024-03-25T06:00:00').getTime())
        return poll % 4 === 3;
      return true;
    };
    frame.silentPolls = advanceSilence(frame.silentPolls, answered);
    const coverOpen = t >= at('2024-03-12T10:00:00').getTime() && t < at('2024-03-12T16:00:00').getTime();
    frame.eventFlags[5] = coverOpen ? METER_EVENT_BITS.coverOpen : 0;

    for (const [book, steps] of schedules) {
      let c = cycles.get(book);
      if (!c && t >= at('2024-03-18T08:30:00').getTime()) {
        const branchId = book === 'RB0' || book === 'RB1' ? 'east' : 'west';
        c = openBillingCycle({
          readingBookId: book,
          cycle: '2024-03',
          branchId,
          customerClass: 'residential',
          openedAt: at('2024-03-18T08:30:00'),
        });
      }
      if (!c) continue;
      for (const [stage, start, finish] of steps) {
        const rec = c.stages.find((s) => s.stage === stage);
        if (!rec && t >= at(start).getTime()) c = startStage(c, stage, 'staff', at(start));
        if (finish && !c.stages.find((s) => s.stage === stage)?.outcome && t >= at(finish).getTime()) {
          c = finishStage(c, stage, 'succeeded', at(finish));
        }
      }
      cycles.set(book, c);
    }
    const stages = [...cycles.values()].flatMap((c) => evaluateCycleStages(c, limits, calendar, now));
    const known = [...alarms.values()].filter(
      (a) => a.status === 'open' || t - (a.resolvedAt?.getTime() ?? 0) < 86_400_000,
    );
    const result = sweepAlarms(config, { at: now, meters: frame, stages }, known);
    for (const d of result.decisions) alarms.set(d.alarm.id, d.alarm);
    decisions.push(...result.decisions);

    const plan = planWorkOrders(config, result.decisions, orders, policy, now);
    for (const w of plan.orders) orders.set(w.alarmId, w);
    const esc = escalateWorkOrders(orders.values(), policy, now);
    for (const w of esc.orders) orders.set(w.alarmId, w);
    intents.push(...plan.intents, ...esc.intents);

    // li.na picks up the stalled-collection order next morning and resolves it after the fix.
    const stall = [...orders.values()].find((w) => w.causeKey === 'stage-overrun|cycleStage|RB1/2024-03/collection');
    if (stall?.state === 'open' && t >= at('2024-03-19T10:00:00').getTime()) {
      orders.set(stall.alarmId, stepWorkOrder(stall, 'acknowledge', { by: 'li.na', at: now }));
    }
    if (stall?.state === 'acknowledged' && t >= at('2024-03-21T10:30:00').getTime()) {
      const done = stepWorkOrder(stall, 'resolve', {
        by: 'li.na',
        at: now,
        rootCause: 'communication',
        note: 'FEP channel to C1 restarted',
      });
      orders.set(stall.alarmId, done);
    }
  }
  return { alarms: [...alarms.values()], orders: [...orders.values()], decisions, intents, polls: poll };
}

const month = runMonth();
const byRule = (rule: string) => month.alarms.filter((a) => a.ruleId === rule);

test('a month of polls runs on the manual clock', () => {
  assert.equal(month.polls, 31 * 96);
});

test('a reading book stalled in collection raises exactly one alarm, updated by later sweeps', () => {
  const stall = byRule('stage-overrun').filter((a) => a.subjectId === 'RB1/2024-03/collection');
  assert.equal(stall.length, 1);
  const a = stall[0];
  assert.ok(a.count > 100, `count ${a.count}`);
  assert.equal(a.labels.status, 'overrun');
  assert.equal(a.status, 'resolved');
  assert.equal(a.resolvedAt?.toISOString(), at('2024-03-21T10:00:00').toISOString());
  // At risk (info) first, then overrun past 09:30 next day, then worse after 4 h late.
  const sev = month.decisions.filter((d) => d.alarm.id === a.id).map((d) => d.alarm.severity);
  assert.deepEqual([...new Set(sev)], ['info', 'minor', 'major', 'critical']);
  assert.equal(byRule('stage-overrun').filter((x) => x.labels.status === 'overrun').length, 1);
});

test('a concentrator outage raises one terminal alarm and no per-meter alarms', () => {
  assert.deepEqual(
    byRule('terminal-outage').map((a) => a.subjectId),
    ['C2'],
  );
  assert.deepEqual(
    byRule('meter-silent').map((a) => a.subjectId),
    ['M033'],
  );
});

test('the alarm resolves itself when the data arrives, and stops its order escalating', () => {
  const [terminal] = byRule('terminal-outage');
  assert.equal(terminal.status, 'resolved');
  assert.equal(terminal.resolvedAt?.toISOString(), at('2024-03-10T06:00:00').toISOString());
  const order = month.orders.find((w) => w.alarmId === terminal.id)!;
  assert.equal(order.assigneeId, 'zhao.lei');
  assert.equal(order.escalationLevel, 0); // Sunday: the working-time chain never ran, and the alarm cleared
  assert.ok(month.intents.some((i) => i.workOrderId === order.id && i.template === 'workOrder.alarmCleared'));
});

test('an unacknowledged work order escalates dispatcher → supervisor → branch head', () => {
  const [cover] = byRule('cover-open');
  const order = month.orders.find((w) => w.alarmId === cover.id)!;
  const escalations = order.history.filter((e) => e.action === 'escalate').map((e) => e.at.toISOString());
  assert.deepEqual(escalations, [at('2024-03-12T11:00:00').toISOString(), at('2024-03-12T15:30:00').toISOString()]);
  const told = month.intents
    .filter((i) => i.workOrderId === order.id)
    .map((i) => [i.recipientStaffId, i.template, i.channels.join('+')]);
  assert.deepEqual(told, [
    ['zhang.wei', 'workOrder.assigned', 'sms+app'],
    ['wang.fang', 'workOrder.escalated', 'sms+app'],
    ['chen.jie', 'workOrder.escalated', 'sms+app'],
    ['zhang.wei', 'workOrder.alarmCleared', 'sms+app'],
  ]);
});

test('a flapping cause is held open and stops notifying', () => {
  const [m33] = byRule('meter-silent');
  assert.equal(m33.flapping, true);
  const notes = month.decisions.filter((d) => d.alarm.id === m33.id && d.notify).length;
  assert.equal(notes, 1 + config.flapping.reopensMax);
  assert.equal(m33.status, 'resolved'); // quiet for four hours after the night ended
});

test('monthly figures count overruns per stage and times to acknowledge and resolve', () => {
  const f = monthlyAlarmFigures('2024-03', month.alarms, month.orders);
  assert.equal(f.overrunsPerStage.collection, 1);
  assert.equal(f.overrunsPerStage.billAudit, 0);
  const stall = month.orders.find((w) => w.causeKey === 'stage-overrun|cycleStage|RB1/2024-03/collection')!;
  assert.equal(f.meanMinutesToAcknowledge, (stall.acknowledgedAt!.getTime() - stall.openedAt.getTime()) / 60_000);
  assert.equal(f.meanMinutesToResolve, (stall.resolvedAt!.getTime() - stall.openedAt.getTime()) / 60_000);
  assert.equal(f.escalated, 1);
  assert.ok(f.stillUnacknowledged >= 2);
});
