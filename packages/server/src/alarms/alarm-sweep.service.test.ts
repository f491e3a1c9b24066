// A month of billing cycles and polls, swept every hour through the store and the job scheduler on a ManualClock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@meterflow/core';
import type { CycleStage } from '@meterflow/core/workflow/billing-cycle';
import { openDatabase, Store, type DatabaseHandle, type StoredAlarm } from '@meterflow/store';
import { AccessPolicy } from '../auth/access-policy.ts';
import { JobScheduler } from '../jobs/job-scheduler.ts';
import { AlarmsService } from './alarms.service.ts';
import type { SweepSummary } from './alarm-sweep.service.ts';

const at = (local: string) => new Date(`${local}+08:00`);
const HOUR = 3_600_000;
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
// RB1 stalls in collection for three days.
const stalled: Step[] = onTime.map(([s, a, b]) =>
  s === 'collection' ? [s, a, '2024-03-21T10:00:00'] : s === 'readingPlan' ? [s, a, b] : [s, shift(a), b && shift(b)],
);
function shift(local: string): string {
  return new Date(at(local).getTime() + 3 * 24 * HOUR + 8 * HOUR).toISOString().replace('Z', '');
}

let dir: string;
let handle: DatabaseHandle;
let store: Store;
const summaries: SweepSummary[] = [];
const byRule = async (ruleId: string): Promise<StoredAlarm[]> =>
  (await store.alarms.alarms.listAll({})).filter((a) => a.ruleId === ruleId);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-alarm-month-'));
  handle = await openDatabase({ url: `sqlite:${join(dir, 'month.db')}`, sqliteSynchronous: 'NORMAL' });
  store = Store.of(handle);
  const clock = new ManualClock(at('2024-03-01T00:00:00'));
  const alarms = new AlarmsService(store, new AccessPolicy(store), clock);
  const scheduler = new JobScheduler(store, clock, 'test').add({
    name: 'alarms.sweep',
    everyMs: HOUR,
    leaseMs: 10 * 60_000,
    run: async () => summaries.push(await alarms.sweep()),
  });
  const branch = (b: number) => (b < 2 ? 'east' : 'west');
  await alarms.observe({
    kind: 'meterLinks',
    links: Array.from({ length: 40 }, (_, i) => ({
      meterId: `M${String(i).padStart(3, '0')}`,
      concentratorId: `C${Math.floor(i / 10)}`,
      readingBookId: `RB${Math.floor(i / 10)}`,
      branchId: branch(Math.floor(i / 10)),
    })),
  });
  const schedules = new Map([
    ['RB0', onTime],
    ['RB1', stalled],
    ['RB2', onTime],
    ['RB3', onTime],
  ]);
  const end = at('2024-04-01T00:00:00').getTime();
  for (; clock.now().getTime() < end; clock.advance(HOUR)) {
    const t = clock.now().getTime();
    const outage = t >= at('2024-03-10T02:00:00').getTime() && t < at('2024-03-10T06:00:00').getTime();
    await alarms.observe({
      kind: 'meterPoll',
      at: clock.now(),
      polls: Array.from({ length: 40 }, (_, i) => ({
        meterId: `M${String(i).padStart(3, '0')}`,
        answered: !(outage && i >= 20 && i < 30),
      })),
    });
    for (const [book, steps] of schedules) await followSchedule(book, branch(Number(book[2])), steps, t);
    const runs = await scheduler.tick();
    assert.equal(runs[0]?.ran, true);
  }
});
after(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

async function followSchedule(book: string, branchId: string, steps: Step[], t: number): Promise<void> {
  const cs = store.alarms.cycleStages;
  if (t < at('2024-03-18T08:30:00').getTime()) return;
  let c = await cs.open({ readingBookId: book, cycle: '2024-03', branchId, openedAt: at('2024-03-18T08:30:00') });
  for (const [stage, start, finish] of steps) {
    const rec = () => c.stages.find((s) => s.stage === stage);
    if (!rec() && t >= at(start).getTime())
      c = await cs.start({ readingBookId: book, cycle: '2024-03', stage, actor: 'clerk', at: at(start) });
    if (finish && rec() && !rec()?.outcome && t >= at(finish).getTime())
      c = await cs.end({
        readingBookId: book,
        cycle: '2024-03',
        stage,
        outcome: 'succeeded',
        actor: 'clerk',
        at: at(finish),
      });
  }
}

test('a month of hourly sweeps runs through the store and the scheduler', () => {
  assert.equal(summaries.length, 31 * 24);
  assert.ok(summaries.every((s) => s.meters === 40));
});

test('a reading book stalled in collection raises exactly one alarm, which rises in severity and resolves itself', async () => {
  const stall = (await byRule('stage-overrun')).filter((a) => a.subjectId === 'RB1/2024-03/collection');
  assert.equal(stall.length, 1);
  const [a] = stall;
  assert.equal(a.labels.status, 'overrun');
  assert.equal(a.severity, 'critical');
  assert.equal(a.status, 'resolved');
  assert.equal(a.resolution, 'cleared');
  assert.equal(a.resolvedAt?.toISOString(), at('2024-03-21T10:00:00').toISOString());
  const events = await store.alarms.alarms.events(a.id);
  assert.deepEqual(
    events.map((e) => `${e.action}:${e.severity}`),
    ['raise:info', 'update:minor', 'update:major', 'update:critical', 'resolve:critical'],
  );
  const others = (await byRule('stage-overrun')).filter((x) => x.labels.status === 'overrun' && x.id !== a.id);
  assert.deepEqual(
    others.map((x) => x.subjectId),
    [],
  );
  const raisedIn = summaries.filter((s) => s.alarms.raised.some((r) => r.id === a.id));
  assert.equal(raisedIn.length, 1);
});

test('a concentrator outage raises one terminal alarm, no per-meter alarms, and clears when data arrives', async () => {
  const terminal = await byRule('terminal-outage');
  assert.deepEqual(
    terminal.map((a) => a.subjectId),
    ['C2'],
  );
  assert.equal(terminal[0].diagnosis.category, 'terminal');
  assert.match(terminal[0].diagnosis.zh, /集中器 C2/);
  assert.deepEqual(await byRule('meter-silent'), []);
  assert.equal(terminal[0].status, 'resolved');
  assert.equal(terminal[0].resolvedAt?.toISOString(), at('2024-03-10T06:00:00').toISOString());
  const order = (await store.alarms.workOrders.latestByAlarmIds([terminal[0].id])).get(terminal[0].id)!;
  assert.equal(order.assigneeId, 'dispatcher');
  assert.equal(order.alarmClearedAt?.toISOString(), at('2024-03-10T06:00:00').toISOString());
  assert.equal(order.escalationLevel, 0); // a Sunday: the major chain counts working minutes only
  const outbox = await store.alarms.outbox.pending(1000);
  assert.ok(outbox.some((o) => o.intent.workOrderId === order.id && o.intent.template === 'workOrder.alarmCleared'));
});

test('the stall’s work order is dispatched, escalates while nobody acknowledges it, and stops when the alarm clears', async () => {
  const [stall] = (await byRule('stage-overrun')).filter((a) => a.subjectId === 'RB1/2024-03/collection');
  const order = (await store.alarms.workOrders.latestByAlarmIds([stall.id])).get(stall.id)!;
  assert.equal(order.skill, 'billing');
  assert.equal(order.state, 'open');
  assert.equal(order.escalationLevel, 1);
  assert.deepEqual(
    order.history.map((e) => e.action),
    ['open', 'escalate'],
  );
  const told = (await store.alarms.outbox.pending(1000))
    .filter((o) => o.intent.workOrderId === order.id)
    .map((o) => [o.intent.recipientStaffId, o.intent.template]);
  assert.deepEqual(told, [
    ['dispatcher', 'workOrder.assigned'],
    ['auditor', 'workOrder.escalated'],
    ['dispatcher', 'workOrder.alarmCleared'],
  ]);
  assert.ok(order.alarmClearedAt);
});

test('nothing is left open at the end of the month except unpaid payment collection', async () => {
  const open = await store.alarms.alarms.list({ status: 'open' });
  assert.ok(
    open.items.every((a) => a.subjectId.endsWith('/paymentCollection')),
    JSON.stringify(open.items.map((a) => a.subjectId)),
  );
});
