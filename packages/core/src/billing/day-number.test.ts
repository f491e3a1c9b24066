import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dayNumber, dayParts, isCalendarDate, wholeMonthsBetween } from './day-number.ts';

test('day numbers match the calendar, including leap days', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
      const iso = new Date(ms).toISOString().slice(0, 10);
      const day = dayNumber(iso);
      assert.equal(day, Math.floor(ms / 86_400_000));
      const p = dayParts(day);
      assert.equal(`${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`, iso);
    }),
  );
  assert.equal(isCalendarDate('2024-02-29'), true);
  assert.equal(isCalendarDate('2023-02-29'), false);
  assert.equal(isCalendarDate('2024-13-01'), false);
  assert.equal(isCalendarDate('2024-1-01'), false);
});

test('whole months need the same day of the month', () => {
  assert.equal(wholeMonthsBetween('2024-02-15', '2024-03-15'), 1);
  assert.equal(wholeMonthsBetween('2024-11-01', '2025-01-01'), 2);
  assert.equal(wholeMonthsBetween('2024-03-01', '2024-04-02'), 0);
});
