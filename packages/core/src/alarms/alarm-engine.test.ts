import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileAlarmConfig, type AlarmConfigData } from './alarm-config.ts';
import type { AlarmRecord } from './alarm-record.ts';
import { sweepAlarms } from './alarm-engine.ts';
import { newMeterFleetFrame } from './meter-fleet-frame.ts';
import { HEARTBEAT, METER_EVENT_BITS, type AlarmObservations } from './observations.ts';
import { isAppError } from '../errors/error-codes.ts';

const data = JSON.parse(
  readFileSync(new URL('../../test/fixtures/alarms/alarm-rules.json', import.meta.url), 'utf8'),
) as AlarmConfigData;
const config = compileAlarmConfig(data);
const t0 = new Date('2024-03-18T02:00:00Z');
const minutes = (m: number) => new Date(t0.getTime() + m * 60_000);

/** 4 concentrators × 10 meters, one reading book per concentrator. */
function fleet() {
  const n = 40;
  return newMeterFleetFrame({
    meterIds: Array.from({ length: n }, (_, i) => `M${String(i).padStart(3, '0')}`),
    concentratorIds: ['C0', 'C1', 'C2', 'C3'],
    readingBookIds: ['RB0', 'RB1', 'RB2', 'RB3'],
    concentratorIndex: Int32Array.from({ length: n }, (_, i) => Math.floor(i / 10)),
    readingBookIndex: Int32Array.from({ length: n }, (_, i) => Math.floor(i / 10)),
    readingBookBranchIds: ['east', 'east', 'west', 'west'],
    concentratorBranchIds: ['east', 'east', 'west', 'west'],
  });
}

/** Applies decisions the way a store would: upsert by id. */
function apply(store: Map<string, AlarmRecord>, decisions: { alarm: AlarmRecord }[]) {
  for (const d of decisions) store.set(d.alarm.id, d.alarm);
}

test('one open alarm per cause: repeats update count and last-seen, clearing resolves', () => {
  const store = new Map<string, AlarmRecord>();
  const frame = fleet();
  frame.silentPolls[5] = 3;
  const first = sweepAlarms(config, { at: t0, meters: frame }, [...store.values()]);
  apply(store, first.decisions);
  const silent = first.decisions.filter((d) => d.alarm.ruleId === 'meter-silent');
  assert.deepEqual(
    silent.map((d) => [d.action, d.alarm.subjectId, d.alarm.severity, d.notify]),
    [['raise', 'M005', 'minor', true]],
  );

  frame.silentPolls[5] = 4;
  const second = sweepAlarms(config, { at: minutes(15), meters: frame }, [...store.values()]);
  apply(store, second.decisions);
  const again = second.decisions.filter((d) => d.alarm.ruleId === 'meter-silent');
  assert.deepEqual(
    again.map((d) => [d.action, d.alarm.count, d.alarm.lastSeenAt.toISOString(), d.notify]),
    [['update', 2, minutes(15).toISOString(), false]],
  );
  assert.equal([...store.values()].filter((a) => a.ruleId === 'meter-silent' && a.status === 'open').length, 1);

  frame.silentPolls[5] = 0;
  const third = sweepAlarms(config, { at: minutes(30), meters: frame }, [...store.values()]);
  const cleared = third.decisions.filter((d) => d.alarm.ruleId === 'meter-silent');
  assert.deepEqual(
    cleared.map((d) => [d.action, d.alarm.subjectId, d.alarm.resolution]),
    [['resolve', 'M005', 'cleared']],
  );
});

test('rules whose input was not observed leave their alarms alone', () => {
  const frame = fleet();
  frame.silentPolls[1] = 5;
  const raised = sweepAlarms(config, { at: t0, meters: frame }, []).decisions.map((d) => d.alarm);
  const later = sweepAlarms(config, { at: minutes(5), reconciliations: [] }, raised);
  assert.deepEqual(later.decisions, []);
  assert.ok(!later.rulesEvaluated.includes('meter-silent'));
});

test('a concentrator whose meters all fall silent raises one terminal alarm, not one per meter', () => {
  const frame = fleet();
  for (let i = 10; i < 20; i++) frame.silentPolls[i] = 3;
  frame.silentPolls[25] = 3; // a lone meter fault elsewhere
  const r = sweepAlarms(config, { at: t0, meters: frame }, []);
  const by = (rule: string) => r.decisions.filter((d) => d.alarm.ruleId === rule).map((d) => d.alarm.subjectId);
  assert.deepEqual(by('terminal-outage'), ['C1']);
  assert.deepEqual(by('meter-silent'), ['M025']);
  assert.deepEqual(by('book-collection-rate').sort(), ['RB1', 'RB2']);
  assert.equal(r.suppressed, 10);
  const terminal = r.decisions.find((d) => d.alarm.ruleId === 'terminal-outage')!.alarm;
  assert.match(terminal.diagnosis.zh, /集中器 C1 下 10\/10 块电表/);
  assert.match(terminal.diagnosis.en, /not the meters/);
  assert.equal(terminal.branchId, 'east');
});

test('an online concentrator with silent meters is diagnosed as a downstream channel fault', () => {
  const frame = fleet();
  frame.concentratorHeartbeat![2] = HEARTBEAT.online;
  for (let i = 20; i < 30; i++) frame.silentPolls[i] = 1;
  const terminal = sweepAlarms(config, { at: t0, meters: frame }, []).decisions.find(
    (d) => d.alarm.ruleId === 'terminal-outage',
  );
  assert.match(terminal!.alarm.diagnosis.en, /downstream channel/);
});

test('a failed collection job or every concentrator silent is a system fault: one alarm, the rest held back', () => {
  const failedJob: AlarmObservations = {
    at: t0,
    meters: fleet(),
    collectionJob: { jobId: 'J42', status: 'failed', error: 'FEP timeout' },
  };
  failedJob.meters!.silentPolls.fill(1);
  const r1 = sweepAlarms(config, failedJob, []);
  assert.deepEqual(
    r1.decisions.map((d) => d.alarm.ruleId),
    ['collection-system'],
  );
  assert.match(r1.decisions[0].alarm.diagnosis.zh, /J42.*主站系统故障/);

  const big = compileAlarmConfig({ ...data, diagnosis: { ...data.diagnosis, systemConcentratorsMin: 4 } });
  const frame = fleet();
  frame.silentPolls.fill(2);
  const r2 = sweepAlarms(big, { at: t0, meters: frame, collectionJob: { jobId: 'J43', status: 'succeeded' } }, []);
  assert.deepEqual(
    r2.decisions.map((d) => [d.alarm.ruleId, d.alarm.diagnosis.category]),
    [['collection-system', 'system']],
  );
  assert.equal(r2.collection?.system?.reason, 'allTerminalsSilent');
});

test('severity levels: the alarm follows the value up and says so once', () => {
  const frame = fleet();
  frame.clockDriftS[3] = -90;
  frame.eventFlags[4] = METER_EVENT_BITS.coverOpen | METER_EVENT_BITS.batteryLow;
  const r1 = sweepAlarms(config, { at: t0, meters: frame }, []);
  const drift = r1.decisions.find((d) => d.alarm.ruleId === 'clock-drift')!;
  assert.equal(drift.alarm.severity, 'minor');
  assert.deepEqual(
    r1.decisions
      .filter((d) => d.alarm.subjectId === 'M004')
      .map((d) => d.alarm.ruleId)
      .sort(),
    ['battery-low', 'cover-open'],
  );
  frame.clockDriftS[3] = -400;
  const r2 = sweepAlarms(
    config,
    { at: minutes(15), meters: frame },
    r1.decisions.map((d) => d.alarm),
  );
  const worse = r2.decisions.find((d) => d.alarm.ruleId === 'clock-drift')!;
  assert.deepEqual([worse.action, worse.alarm.severity, worse.notify], ['update', 'major', true]);
});

test('flapping: a cause reopened more than K times in the window is held open until quiet', () => {
  let alarms: AlarmRecord[] = [];
  const frame = fleet();
  const actions: string[] = [];
  let m = 0;
  const sweep = (silent: boolean) => {
    frame.silentPolls[7] = silent ? 3 : 0;
    const r = sweepAlarms(config, { at: minutes((m += 15)), meters: frame }, alarms);
    const store = new Map(alarms.map((a) => [a.id, a]));
    apply(store, r.decisions);
    alarms = [...store.values()];
    for (const d of r.decisions.filter((x) => x.alarm.ruleId === 'meter-silent'))
      actions.push(`${d.action}${d.notify ? '!' : ''}`);
  };
  for (let k = 0; k < 5; k++) {
    sweep(true);
    sweep(false);
  }
  // raise, then 3 reopens that notify, the 4th reopen marks it flapping and it is held, not resolved.
  assert.deepEqual(actions, [
    'raise!',
    'resolve',
    'reopen!',
    'resolve',
    'reopen!',
    'resolve',
    'reopen!',
    'resolve',
    'reopen',
    'hold',
  ]);
  const silentAlarms = () => alarms.filter((a) => a.ruleId === 'meter-silent');
  assert.equal(silentAlarms().length, 1);
  assert.equal(silentAlarms()[0].flapping, true);
  sweep(true); // returns while held: an update, no new notification
  sweep(false);
  assert.deepEqual(actions.slice(-2), ['update', 'hold']);
  for (let k = 0; k < 15; k++) sweep(false); // 3 h 45 min quiet: still held, and the hold is not repeated
  assert.equal(actions.at(-1), 'hold');
  sweep(false); // 4 h quiet
  assert.equal(actions.at(-1), 'resolve');
  assert.equal(silentAlarms()[0].status, 'resolved');
});

test('removing a rule resolves its open alarms; bad configuration lists every problem', () => {
  const frame = fleet();
  frame.silentPolls[2] = 5;
  const open = sweepAlarms(config, { at: t0, meters: frame }, []).decisions.map((d) => d.alarm);
  const fewer = compileAlarmConfig({ ...data, rules: data.rules.filter((r) => r.id !== 'meter-silent') });
  const r = sweepAlarms(fewer, { at: minutes(15), meters: frame }, open);
  assert.deepEqual(
    r.decisions.filter((d) => d.alarm.ruleId === 'meter-silent').map((d) => [d.action, d.alarm.resolution]),
    [['resolve', 'ruleRemoved']],
  );
  try {
    compileAlarmConfig({
      rules: [
        { id: 'a', kind: 'nope', params: {} },
        { id: 'a', kind: 'clockDrift', params: { levels: [{ severity: 'huge', threshold: 'x' }] } },
      ],
      flapping: { reopensMax: -1 },
    });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(isAppError(e));
    assert.deepEqual(
      e.details.map((d) => d.path),
      [
        '/rules/0/kind',
        '/rules/1/params/levels/0/severity',
        '/rules/1/params/levels/0/threshold',
        '/rules/1/id',
        '/flapping/reopensMax',
      ],
    );
  }
});
