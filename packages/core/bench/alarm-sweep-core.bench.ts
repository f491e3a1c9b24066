// Times the pure alarm sweep over a fleet of 1,000,000 meters and 10,000 reading books: stage
// evaluation of every book's cycle, then two sweeps (first raising, then updating open alarms).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compileAlarmConfig, type AlarmConfigData } from '../src/alarms/alarm-config.ts';
import { sweepAlarms } from '../src/alarms/alarm-engine.ts';
import { newMeterFleetFrame } from '../src/alarms/meter-fleet-frame.ts';
import { METER_EVENT_BITS } from '../src/alarms/observations.ts';
import { BusinessCalendar } from '../src/workflow/business-calendar.ts';
import { finishStage, openBillingCycle, startStage, type BillingCycle } from '../src/workflow/billing-cycle.ts';
import { StageLimitTable } from '../src/workflow/stage-limits.ts';
import { evaluateCycleStages, type StageEvaluation } from '../src/workflow/stage-evaluator.ts';

const METERS = 1_000_000;
const BOOKS = 10_000;
const METERS_PER_CONCENTRATOR = 200;
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/alarms/${name}`, import.meta.url), 'utf8'));

let seed = 12345;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

const concentrators = METERS / METERS_PER_CONCENTRATOR;
const frame = newMeterFleetFrame({
  meterIds: Array.from({ length: METERS }, (_, i) => `M${i}`),
  concentratorIds: Array.from({ length: concentrators }, (_, c) => `C${c}`),
  readingBookIds: Array.from({ length: BOOKS }, (_, b) => `RB${b}`),
  concentratorIndex: Int32Array.from({ length: METERS }, (_, i) => Math.floor(i / METERS_PER_CONCENTRATOR)),
  readingBookIndex: Int32Array.from({ length: METERS }, (_, i) => i % BOOKS),
  readingBookBranchIds: Array.from({ length: BOOKS }, (_, b) => `branch-${b % 40}`),
  concentratorBranchIds: Array.from({ length: concentrators }, (_, c) => `branch-${c % 40}`),
});
for (let i = 0; i < METERS; i++) {
  const r = rand();
  if (r < 0.01) frame.silentPolls[i] = 3 + Math.floor(rand() * 100);
  else if (r < 0.015) frame.clockDriftS[i] = Math.floor(rand() * 600) - 300;
  else if (r < 0.016) frame.eventFlags[i] = METER_EVENT_BITS.powerDown;
  else frame.clockDriftS[i] = Math.floor(rand() * 20) - 10;
}
for (const c of [7, 700, 4000])
  frame.silentPolls.fill(3, c * METERS_PER_CONCENTRATOR, (c + 1) * METERS_PER_CONCENTRATOR);

const calendar = new BusinessCalendar(fixture('calendar-2024-shanghai.json'));
const limits = new StageLimitTable(fixture('stage-limits.json'));
const config = compileAlarmConfig(fixture('alarm-rules.json') as AlarmConfigData);
const opened = new Date('2024-03-18T00:30:00Z');
const cycles: BillingCycle[] = [];
for (let b = 0; b < BOOKS; b++) {
  let c = openBillingCycle({
    readingBookId: `RB${b}`,
    cycle: '2024-03',
    branchId: `branch-${b % 40}`,
    customerClass: 'residential',
    openedAt: opened,
  });
  c = startStage(c, 'readingPlan', 'planner', opened);
  c = finishStage(c, 'readingPlan', 'succeeded', new Date(opened.getTime() + 3_600_000));
  c = startStage(c, 'collection', 'job', new Date(opened.getTime() + 3_600_000));
  cycles.push(c);
}

function sweep(at: Date, open: Parameters<typeof sweepAlarms>[2]) {
  const t0 = performance.now();
  const stages: StageEvaluation[] = [];
  for (const c of cycles) for (const e of evaluateCycleStages(c, limits, calendar, at)) stages.push(e);
  const t1 = performance.now();
  const result = sweepAlarms(config, { at, meters: frame, stages }, open);
  const t2 = performance.now();
  return { result, stageS: (t1 - t0) / 1000, rulesS: (t2 - t1) / 1000, totalS: (t2 - t0) / 1000 };
}

const first = sweep(new Date('2024-03-19T06:00:00Z'), []);
const second = sweep(
  new Date('2024-03-19T06:15:00Z'),
  first.result.decisions.map((d) => d.alarm),
);
const count = (r: typeof first, a: string) => r.result.decisions.filter((d) => d.action === a).length;
const figures = {
  name: 'alarm-sweep-core',
  meters: METERS,
  reading_books: BOOKS,
  concentrators,
  sweep_s: Number(second.totalS.toFixed(3)),
  first_sweep_s: Number(first.totalS.toFixed(3)),
  stage_eval_s: Number(second.stageS.toFixed(3)),
  rules_s: Number(second.rulesS.toFixed(3)),
  raised: count(first, 'raise'),
  updated: count(second, 'update'),
  suppressed: second.result.suppressed,
};
console.log(JSON.stringify(figures));
console.log('\nalarm-sweep-core (2-core machine shared with others: figures are noisy)');
console.table({
  'first sweep (raise)': { seconds: figures.first_sweep_s, decisions: first.result.decisions.length },
  'second sweep (update)': { seconds: figures.sweep_s, decisions: second.result.decisions.length },
  '  of which stage evaluation': { seconds: figures.stage_eval_s, decisions: BOOKS * 7 },
  '  of which rules + reconcile': { seconds: figures.rules_s, decisions: second.result.conditions },
});
