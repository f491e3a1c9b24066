import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAppError } from '../errors/error-codes.ts';
import { BusinessCalendar } from './business-calendar.ts';
import { parseDutyRoster } from './duty-roster.ts';
import { escalateWorkOrder, parseEscalationPolicy } from './escalation.ts';
import { openWorkOrder, stepWorkOrder } from './work-order.ts';
import { assignWork } from './work-order-assignment.ts';

const t = (m: number) => new Date(Date.UTC(2024, 2, 18, 1, m)); // Monday 09:00 Shanghai + m minutes
const order = () =>
  openWorkOrder({
    id: 'wo-1',
    alarmId: 'a-1',
    causeKey: 'k',
    severity: 'critical',
    branchId: 'east',
    skill: 'system',
    title: { zh: '采集系统故障', en: 'collection system fault' },
    assigneeId: 'd1',
    openedAt: t(0),
  });

test('work order states: acknowledge, start, resolve with root cause and notes, close, reopen', () => {
  let w = stepWorkOrder(order(), 'acknowledge', { by: 'd1', at: t(5) });
  assert.throws(
    () => stepWorkOrder(w, 'close', { by: 'd1', at: t(6) }),
    (e) => isAppError(e) && e.code === 'STATE_INVALID',
  );
  w = stepWorkOrder(w, 'start', { by: 'd1', at: t(10) });
  try {
    stepWorkOrder(w, 'resolve', { by: 'd1', at: t(20), rootCause: 'luck' });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(isAppError(e));
    assert.deepEqual(
      e.details.map((d) => d.path),
      ['/rootCause', '/note'],
    );
  }
  w = stepWorkOrder(w, 'resolve', { by: 'd1', at: t(30), rootCause: 'masterStation', note: 'FEP restarted' });
  w = stepWorkOrder(w, 'close', { by: 's1', at: t(40) });
  w = stepWorkOrder(w, 'reopen', { by: 'system', at: t(50) });
  assert.deepEqual(
    [w.state, w.reopenCount, w.acknowledgedAt?.getTime(), w.awaitingSince.getTime()],
    ['open', 1, t(5).getTime(), t(50).getTime()],
  );
  assert.deepEqual(
    w.history.map((e) => e.action),
    ['open', 'acknowledge', 'start', 'resolve', 'close', 'reopen'],
  );
});

test('escalation follows the chain in calendar time and names who is on duty', () => {
  const cal = new BusinessCalendar({ workingHours: { mon: ['09:00-17:00'] }, holidays: [] });
  const policy = parseEscalationPolicy({
    chains: {
      critical: [
        { role: 'dispatcher', afterMinutes: 0, basis: 'calendar' },
        { role: 'supervisor', afterMinutes: 15, basis: 'calendar' },
        { role: 'branchHead', afterMinutes: 45, basis: 'calendar' },
      ],
      major: [{ role: 'dispatcher', afterMinutes: 0, basis: 'working' }],
      minor: [{ role: 'dispatcher', afterMinutes: 0, basis: 'working' }],
      info: [{ role: 'dispatcher', afterMinutes: 0, basis: 'working' }],
    },
  });
  const roster = parseDutyRoster([
    {
      staffId: 's1',
      role: 'supervisor',
      branchIds: ['east'],
      skills: [],
      from: '2024-03-18T00:00:00Z',
      to: '2024-03-19T00:00:00Z',
    },
    {
      staffId: 'h1',
      role: 'branchHead',
      branchIds: ['*'],
      skills: [],
      from: '2024-03-18T00:00:00Z',
      to: '2024-03-19T00:00:00Z',
    },
  ]);
  const early = escalateWorkOrder(order(), policy, cal, roster, t(14));
  assert.equal(early.order.escalationLevel, 0);
  // A sweep that comes late reaches both levels at once.
  const late = escalateWorkOrder(order(), policy, cal, roster, t(50));
  assert.equal(late.order.escalationLevel, 2);
  assert.deepEqual(
    late.intents.map((i) => [i.recipientStaffId, i.channels.join('+')]),
    [
      ['s1', 'voice+sms+app'],
      ['h1', 'voice+sms+app'],
    ],
  );
  const acked = stepWorkOrder(order(), 'acknowledge', { by: 'd1', at: t(10) });
  assert.equal(escalateWorkOrder(acked, policy, cal, roster, t(50)).order.escalationLevel, 0);
});

test('assignment picks the rule, the branch and the on-duty person with the skill', () => {
  const roster = parseDutyRoster([
    {
      staffId: 'd-any',
      role: 'dispatcher',
      branchIds: ['east'],
      skills: [],
      from: '2024-03-18T00:00:00Z',
      to: '2024-03-19T00:00:00Z',
    },
    {
      staffId: 'd-term',
      role: 'dispatcher',
      branchIds: ['east'],
      skills: ['terminal'],
      from: '2024-03-18T00:00:00Z',
      to: '2024-03-19T00:00:00Z',
    },
    {
      staffId: 'd-night',
      role: 'dispatcher',
      branchIds: ['east'],
      skills: ['terminal'],
      from: '2024-03-19T00:00:00Z',
      to: '2024-03-20T00:00:00Z',
    },
    {
      staffId: 'mc',
      role: 'dispatcher',
      branchIds: ['centre'],
      skills: ['system'],
      from: '2024-03-18T00:00:00Z',
      to: '2024-03-20T00:00:00Z',
    },
  ]);
  const rules = [{ skill: 'system', role: 'dispatcher', routeToBranchId: 'centre' }, { role: 'dispatcher' }];
  assert.equal(
    assignWork(rules, roster, { skill: 'terminal', branchId: 'east', severity: 'major' }, t(0)).staffId,
    'd-term',
  );
  assert.deepEqual(assignWork(rules, roster, { skill: 'system', branchId: 'east', severity: 'critical' }, t(0)), {
    role: 'dispatcher',
    branchId: 'centre',
    staffId: 'mc',
  });
  assert.equal(
    assignWork(rules, roster, { skill: 'terminal', branchId: 'west', severity: 'major' }, t(0)).staffId,
    undefined,
  );
});
