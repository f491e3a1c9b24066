import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { BusinessCalendar, type BusinessCalendarData } from './business-calendar.ts';
import { isAppError } from '../errors/error-codes.ts';

const data = JSON.parse(
  readFileSync(new URL('../../test/fixtures/alarms/calendar-2024-shanghai.json', import.meta.url), 'utf8'),
) as BusinessCalendarData;
const cal = new BusinessCalendar(data);
const at = (local: string) => new Date(`${local}+08:00`);
const min = 60_000;

test('working minutes skip the weekend', () => {
  // Friday 17:00 + 60 working minutes: 30 on Friday, 30 on Monday morning.
  assert.equal(
    cal.addWorkingMs(at('2024-03-15T17:00:00'), 60 * min).toISOString(),
    at('2024-03-18T09:00:00').toISOString(),
  );
  assert.equal(cal.workingMsBetween(at('2024-03-15T17:00:00'), at('2024-03-18T09:00:00')), 60 * min);
});

test('the lunch break is not working time', () => {
  assert.equal(
    cal.addWorkingMs(at('2024-03-18T11:30:00'), 60 * min).toISOString(),
    at('2024-03-18T14:00:00').toISOString(),
  );
  assert.equal(cal.workingMsBetween(at('2024-03-18T11:00:00'), at('2024-03-18T14:00:00')), 90 * min);
  // Starting inside the break counts from 13:30.
  assert.equal(
    cal.addWorkingMs(at('2024-03-18T12:15:00'), 10 * min).toISOString(),
    at('2024-03-18T13:40:00').toISOString(),
  );
});

test('public holidays are skipped and adjusted working days (调休) count', () => {
  // Qingming 4-6 April off; Sunday 7 April worked.
  assert.equal(cal.isWorkingDay('2024-04-05'), false);
  assert.equal(cal.isWorkingDay('2024-04-07'), true);
  assert.equal(
    cal.addWorkingMs(at('2024-04-03T17:00:00'), 60 * min).toISOString(),
    at('2024-04-07T09:00:00').toISOString(),
  );
  // National Day: 1 working day after Monday 30 September ends on Tuesday 8 October.
  assert.equal(cal.addWorkingDays(at('2024-09-30T10:00:00'), 1).toISOString(), at('2024-10-08T17:30:00').toISOString());
  // Spring Festival week holds no working time at all.
  assert.equal(cal.workingMsBetween(at('2024-02-10T00:00:00'), at('2024-02-18T00:00:00')), 0);
});

test('the zone decides the local date: 23:00 UTC Sunday is Monday morning in Shanghai', () => {
  const sundayUtc = new Date('2024-03-17T23:00:00Z');
  assert.equal(cal.dateOf(sundayUtc.getTime()), '2024-03-18');
  assert.equal(cal.addWorkingMs(sundayUtc, 30 * min).toISOString(), '2024-03-18T01:00:00.000Z');
});

test('durations from data: working hours, working days, calendar days across a DST change', () => {
  assert.equal(
    cal.add(at('2024-03-18T16:30:00'), { amount: 2, unit: 'hours', basis: 'working' }).toISOString(),
    at('2024-03-19T09:30:00').toISOString(),
  );
  assert.equal(
    cal.add(at('2024-03-18T16:30:00'), { amount: 90, unit: 'minutes', basis: 'calendar' }).toISOString(),
    at('2024-03-18T18:00:00').toISOString(),
  );
  const berlin = new BusinessCalendar({ zone: 'Europe/Berlin', workingHours: { mon: ['09:00-17:00'] }, holidays: [] });
  const sat = new Date('2024-03-30T10:00:00+01:00');
  // Clocks go forward on 31 March: one calendar day is 23 hours, local time stays 10:00.
  assert.equal(
    berlin.add(sat, { amount: 1, unit: 'days', basis: 'calendar' }).toISOString(),
    '2024-03-31T08:00:00.000Z',
  );
  assert.equal(berlin.addWorkingDays(sat, 1).toISOString(), '2024-04-01T15:00:00.000Z');
});

test('adding working time and measuring it back agree (property)', () => {
  const base = at('2024-01-01T00:00:00').getTime();
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 360 * 24 * 60 }), fc.integer({ min: 0, max: 20 * 450 }), (startMin, work) => {
      const start = new Date(base + startMin * min);
      const end = cal.addWorkingMs(start, work * min);
      assert.equal(cal.workingMsBetween(start, end), work * min);
      assert.ok(end.getTime() >= start.getTime());
    }),
    { numRuns: 200 },
  );
});

test('bad calendar data reports every problem at once', () => {
  try {
    new BusinessCalendar({
      zone: 'Mars/Olympus',
      workingHours: { mon: ['12:00-09:00'], fun: [] } as never,
      holidays: ['2024-13-01'],
    });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(isAppError(e));
    assert.deepEqual(
      e.details.map((d) => d.path),
      ['/zone', '/workingHours/mon/0', '/workingHours/fun', '/holidays/0'],
    );
  }
});
