import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NotificationChannel, OutboundMessage } from './notification-channel.ts';

/**
 * The contract every NotificationChannel adapter must keep; each adapter's test file calls this
 * with a factory for its implementation (pointed at a local fake provider where it needs one).
 */
export function notificationChannelContract(name: string, make: () => NotificationChannel, recipient: string): void {
  const message = (id: string): OutboundMessage => ({
    id,
    channel: make().kind,
    recipient,
    locale: 'zh-CN',
    subject: '测试',
    body: '尊敬的客户，这是一条测试消息。',
  });

  test(`${name}: a message is accepted with a provider id`, async () => {
    const r = await make().send(message('m1'));
    assert.equal(r.ok, true);
    if (r.ok) assert.ok(r.providerMessageId.length > 0);
  });

  test(`${name}: two messages get different provider ids`, async () => {
    const ch = make();
    const a = await ch.send(message('m1'));
    const b = await ch.send(message('m2'));
    assert.ok(a.ok && b.ok && a.providerMessageId !== b.providerMessageId);
  });

  test(`${name}: a bad recipient is a result, not a throw`, async () => {
    const r = await make().send({ ...message('m3'), recipient: '' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.retryable, false);
  });
}
