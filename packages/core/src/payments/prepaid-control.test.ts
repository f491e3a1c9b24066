import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors/error-codes.ts';
import {
  decidePrepaidControl,
  INITIAL_CONTROL_STATE,
  onControlCommandOutcome,
  type ControlInput,
} from './prepaid-control.ts';
import { DEFAULT_NO_CUT_POLICY, isNoCutTime, nextCutAllowedAt } from './no-cut-window.ts';
import { applyCommandEvent, DEFAULT_COMMAND_POLICY, issueCommand, nextCommandStep } from './remote-command.ts';

const noCut = { ...DEFAULT_NO_CUT_POLICY, holidays: ['2024-10-01'] };
// 2024-05-08 is a Wednesday; 10:00 Shanghai = 02:00 UTC.
const WED_10 = new Date('2024-05-08T02:00:00Z');
const base = (over: Partial<ControlInput>): ControlInput => ({
  state: INITIAL_CONTROL_STATE,
  availableFen: 10000,
  lines: { warningFen: 2000, stopFen: 0, restoreFen: 500, stopImminentDays: 1 },
  warningFen: 2000,
  daysLeft: null,
  frequency: 'on_threshold',
  noCut,
  now: WED_10,
  ...over,
});

test('no-cut windows: night, weekend and holiday in Asia/Shanghai', () => {
  assert.equal(isNoCutTime(WED_10, noCut), false);
  assert.equal(isNoCutTime(new Date('2024-05-08T11:00:00Z'), noCut), true); // 19:00 local
  assert.equal(isNoCutTime(new Date('2024-05-11T02:00:00Z'), noCut), true); // Saturday
  assert.equal(isNoCutTime(new Date('2024-10-01T02:00:00Z'), noCut), true); // holiday
  // Friday 19:00 local → next allowed is Monday 08:00 local = 00:00 UTC.
  assert.equal(nextCutAllowedAt(new Date('2024-05-10T11:00:00Z'), noCut)?.toISOString(), '2024-05-13T00:00:00.000Z');
  // Monday 2024-09-30 19:00 local, Tuesday holiday → Wednesday 08:00 local.
  assert.equal(nextCutAllowedAt(new Date('2024-09-30T11:00:00Z'), noCut)?.toISOString(), '2024-10-02T00:00:00.000Z');
});

test('warning reminder once on threshold, again daily only when asked for', () => {
  const first = decidePrepaidControl(base({ availableFen: 1500 }));
  assert.deepEqual(first.actions, [{ type: 'remind', reminder: 'balance_warning' }]);
  const again = decidePrepaidControl(
    base({ availableFen: 1400, state: first.state, now: new Date(WED_10.getTime() + 86_400_000) }),
  );
  assert.deepEqual(again.actions, []);
  const daily = decidePrepaidControl(
    base({ availableFen: 1400, state: first.state, frequency: 'daily', now: new Date(WED_10.getTime() + 86_400_000) }),
  );
  assert.deepEqual(daily.actions, [{ type: 'remind', reminder: 'balance_warning' }]);
  const back = decidePrepaidControl(base({ availableFen: 5000, state: first.state }));
  assert.equal(back.state.warned, 'none');
});

test('stop imminent by forecast, trip in working hours, deferral at night', () => {
  const imminent = decidePrepaidControl(base({ availableFen: 300, daysLeft: 1 }));
  assert.deepEqual(imminent.actions, [{ type: 'remind', reminder: 'stop_imminent' }]);
  const trip = decidePrepaidControl(base({ availableFen: 0 }));
  assert.deepEqual(trip.actions, [{ type: 'issue_command', command: 'trip' }]);
  assert.equal(trip.state.supply, 'trip_pending');
  const night = decidePrepaidControl(base({ availableFen: -10, now: new Date('2024-05-08T14:00:00Z') }));
  assert.equal(night.state.supply, 'on');
  assert.deepEqual(night.actions[0], { type: 'trip_deferred', until: '2024-05-09T00:00:00.000Z' });
  assert.deepEqual(night.actions[1], { type: 'remind', reminder: 'stop_imminent' });
});

test('after a trip, a payment above the restore line closes; between stop and restore stays off', () => {
  const off = onControlCommandOutcome({ supply: 'trip_pending', warned: 'stop_imminent' }, 'trip', 'confirmed');
  assert.equal(off.state.supply, 'off');
  assert.deepEqual(off.actions, [{ type: 'remind', reminder: 'tripped' }]);
  assert.deepEqual(decidePrepaidControl(base({ state: off.state, availableFen: 400 })).actions, []);
  const close = decidePrepaidControl(
    base({ state: off.state, availableFen: 501, now: new Date('2024-05-08T15:00:00Z') }),
  );
  assert.deepEqual(close.actions, [{ type: 'issue_command', command: 'close' }]);
  const on = onControlCommandOutcome(close.state, 'close', 'confirmed');
  assert.equal(on.state.supply, 'on');
  assert.deepEqual(on.actions, [{ type: 'remind', reminder: 'restored' }]);
});

test('command lifecycle: issued → sent → failed → retried → sent → confirmed, and alarm after the last attempt', () => {
  const p = { ...DEFAULT_COMMAND_POLICY, maxAttempts: 2 };
  const t0 = new Date('2024-05-08T02:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  let c = issueCommand('C1', 'A', 'M', 'trip', t0);
  assert.equal(nextCommandStep(c, t0, p), 'send');
  c = applyCommandEvent(c, { type: 'sent' }, t0, p);
  assert.equal(nextCommandStep(c, at(60_000), p), 'wait');
  assert.equal(nextCommandStep(c, at(120_000), p), 'time_out');
  c = applyCommandEvent(c, { type: 'failed', reason: 'no reply' }, at(120_000), p);
  assert.equal(nextCommandStep(c, at(150_000), p), 'wait');
  assert.equal(nextCommandStep(c, at(180_000), p), 'retry');
  c = applyCommandEvent(c, { type: 'retry' }, at(180_000), p);
  c = applyCommandEvent(c, { type: 'sent' }, at(180_000), p);
  assert.equal(c.attempts, 2);
  const failedTwice = applyCommandEvent(c, { type: 'failed', reason: 'error reply' }, at(200_000), p);
  assert.equal(nextCommandStep(failedTwice, at(10_000_000), p), 'alarm');
  assert.equal(applyCommandEvent(failedTwice, { type: 'alarm' }, at(10_000_000), p).status, 'alarm');
  const ok = applyCommandEvent(c, { type: 'confirmed' }, at(190_000), p);
  assert.deepEqual(
    ok.history.map((h) => h.status),
    ['issued', 'sent', 'failed', 'retried', 'sent', 'confirmed'],
  );
  assert.throws(
    () => applyCommandEvent(ok, { type: 'sent' }, at(1), p),
    (e: unknown) => e instanceof AppError && e.code === 'STATE_INVALID',
  );
});
