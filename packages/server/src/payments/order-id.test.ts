import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newOrderId } from './order-id.ts';

const UUID_V7 = /^pc-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('order ids are version 7 UUIDs after the prefix, unique, and sort by the millisecond they were made', () => {
  const t0 = Date.parse('2026-11-27T01:00:00Z');
  const ids = Array.from({ length: 2000 }, (_, i) => newOrderId('pc-', t0 + Math.floor(i / 10)));
  for (const id of ids) assert.match(id, UUID_V7);
  assert.equal(new Set(ids).size, ids.length);
  for (let i = 10; i < ids.length; i += 10) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} sorts before ${ids[i]}`);
  // The time is readable from the first 48 bits.
  const hex = ids[1999].slice(3).replaceAll('-', '').slice(0, 12);
  assert.equal(parseInt(hex, 16), t0 + 199);
});

test('ids made in the same millisecond still differ in their random bits', () => {
  const a = newOrderId('po-', 1);
  const b = newOrderId('po-', 1);
  assert.notEqual(a, b);
  assert.equal(a.slice(0, 17), b.slice(0, 17), 'same time prefix');
});
