import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors/error-codes.ts';
import { MESSAGE_TEMPLATES, type TemplateId } from './message-templates.ts';
import { placeholdersOf, renderMessage } from './render-message.ts';
import { DEFAULT_OUTBOX_POLICY, enqueueMessage, type NewOutboxMessage, type OutboxItem } from './outbox.ts';
import { applyDelivery, decideDispatch } from './outbox-dispatch.ts';
import { inQuietHours, quietHoursEnd } from './quiet-hours.ts';

test('every template exists in both languages with the same placeholders', () => {
  for (const [id, byLocale] of Object.entries(MESSAGE_TEMPLATES)) {
    const zh = byLocale['zh-CN'];
    const en = byLocale.en;
    assert.deepEqual(placeholdersOf(zh.subject + zh.body).sort(), placeholdersOf(en.subject + en.body).sort(), id);
  }
});

test('rendering fills placeholders and reports every missing one', () => {
  const m = renderMessage('balance_warning', 'zh-CN', {
    accountId: '0101',
    balanceYuan: '12.50',
    warningYuan: '20.00',
    daysLeft: 3,
  });
  assert.equal(m.body, '尊敬的客户，您的户号0101可用余额为12.50元，已低于预警值20.00元，预计可用3天，请及时缴费。');
  try {
    renderMessage('bill_released' as TemplateId, 'en', { accountId: '1' });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof AppError);
    assert.deepEqual(
      e.details.map((d) => d.path),
      ['/params/period', '/params/kwh', '/params/amountYuan', '/params/dueDate'],
    );
  }
});

test('quiet hours 22:00–07:00 Shanghai wrap past midnight', () => {
  const q = { startMinute: 22 * 60, endMinute: 7 * 60 };
  assert.equal(inQuietHours(new Date('2024-05-08T15:00:00Z'), q), true); // 23:00 local
  assert.equal(inQuietHours(new Date('2024-05-08T02:00:00Z'), q), false); // 10:00 local
  assert.equal(quietHoursEnd(new Date('2024-05-08T15:00:00Z'), q).toISOString(), '2024-05-08T23:00:00.000Z');
  assert.equal(quietHoursEnd(new Date('2024-05-08T20:00:00Z'), q).toISOString(), '2024-05-08T23:00:00.000Z'); // 04:00 local
});

const msg = (id: string, over: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  id,
  dedupKey: `k-${id}`,
  personId: 'C1',
  channel: 'sms',
  recipient: '13800000000',
  locale: 'zh-CN',
  templateId: 'balance_warning',
  params: {},
  priority: 'normal',
  ...over,
});

test('de-duplication within the window, a new message after it', () => {
  const now = new Date('2024-05-08T02:00:00Z');
  const first = enqueueMessage([], msg('1', { dedupKey: 'warn:C1:2024-05-08' }), now);
  assert.equal(first.duplicate, false);
  const again = enqueueMessage(
    [first.item],
    msg('2', { dedupKey: 'warn:C1:2024-05-08' }),
    new Date(now.getTime() + 3_600_000),
  );
  assert.equal(again.duplicate, true);
  assert.equal(again.item.id, '1');
  const later = enqueueMessage(
    [first.item],
    msg('3', { dedupKey: 'warn:C1:2024-05-08' }),
    new Date(now.getTime() + 25 * 3_600_000),
  );
  assert.equal(later.duplicate, false);
});

test('dispatch: quiet hours defer SMS but not in-app or urgent; rate limit per person; backoff then dead', () => {
  const night = new Date('2024-05-08T15:00:00Z'); // 23:00 local
  const quiet = () => ({ startMinute: 22 * 60, endMinute: 7 * 60 });
  const items: OutboxItem[] = [
    enqueueMessage([], msg('sms'), night).item,
    enqueueMessage([], msg('app', { channel: 'in_app' }), night).item,
    enqueueMessage([], msg('alarm', { priority: 'urgent', templateId: 'staff_alarm' }), night).item,
  ];
  const d = decideDispatch(items, night, quiet);
  assert.deepEqual(
    d.send.map((i) => i.id),
    ['alarm', 'app'],
  );
  assert.deepEqual(d.deferred, [{ id: 'sms', until: '2024-05-08T23:00:00.000Z', reason: 'quiet_hours' }]);

  const day = new Date('2024-05-08T03:00:00Z');
  const policy = { ...DEFAULT_OUTBOX_POLICY, ratePerPerson: { max: 2, windowMs: 3_600_000 } };
  const sentOne: OutboxItem = {
    ...enqueueMessage([], msg('old'), day).item,
    status: 'sent',
    sentAt: '2024-05-08T02:30:00.000Z',
  };
  const fresh = ['a', 'b', 'c'].map((id) => enqueueMessage([], msg(id), day).item);
  const r = decideDispatch([sentOne, ...fresh], day, () => null, policy);
  assert.deepEqual(
    r.send.map((i) => i.id),
    ['a'],
  );
  assert.deepEqual(
    r.deferred.map((x) => [x.id, x.reason, x.until]),
    [
      ['b', 'rate_limited', '2024-05-08T03:30:00.000Z'],
      ['c', 'rate_limited', '2024-05-08T03:30:00.000Z'],
    ],
  );

  const p = { ...DEFAULT_OUTBOX_POLICY, maxAttempts: 3 };
  let it = fresh[0];
  it = applyDelivery(it, { ok: false, retryable: true, error: 'busy' }, day, p);
  assert.equal(it.notBefore, '2024-05-08T03:00:30.000Z');
  it = applyDelivery(it, { ok: false, retryable: true, error: 'busy' }, day, p);
  assert.equal(it.notBefore, '2024-05-08T03:01:00.000Z');
  assert.equal(applyDelivery(it, { ok: false, retryable: true, error: 'busy' }, day, p).status, 'dead');
  assert.equal(applyDelivery(fresh[1], { ok: false, retryable: false, error: 'bad number' }, day, p).status, 'dead');
  assert.equal(applyDelivery(fresh[1], { ok: true, providerMessageId: 'x' }, day, p).status, 'sent');
});
