/** The notifications store contract, run on SQLite and PostgreSQL. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideDispatch, applyDelivery } from '@meterflow/core/notifications/outbox-dispatch';
import { DEFAULT_OUTBOX_POLICY, type NewOutboxMessage } from '@meterflow/core/notifications/outbox';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';

const T0 = new Date('2026-03-18T02:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const policy = { ...DEFAULT_OUTBOX_POLICY, ratePerPerson: { max: 2, windowMs: 3_600_000 }, maxAttempts: 3 };

const msg = (id: string, dedupKey: string, personId = 'cus-1'): NewOutboxMessage => ({
  id,
  dedupKey,
  personId,
  channel: 'sms',
  recipient: '13800000000',
  locale: 'zh-CN',
  templateId: 'balance_warning',
  params: { accountId: 'A1', balanceYuan: '12.00', warningYuan: '20.00', daysLeft: 3 },
  priority: 'normal',
});

export function notificationsContract(name: string, open: () => Promise<DatabaseHandle>): void {
  describe(`notifications store on ${name}`, () => {
    let handle: DatabaseHandle;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
    });
    after(async () => handle.close());

    test('the same de-duplication key within the window is one message', async () => {
      const o = store.notifications.outbox;
      const a = await o.enqueue(msg('m1', 'warn:A1:2026-03-18'), at(0), policy);
      const b = await o.enqueue(msg('m2', 'warn:A1:2026-03-18'), at(60), policy);
      assert.equal(a.duplicate, false);
      assert.equal(b.duplicate, true);
      assert.equal(b.item.id, 'm1');
      const c = await o.enqueue(msg('m3', 'warn:A1:2026-03-18'), at(25 * 60), policy);
      assert.equal(c.duplicate, false);
      assert.deepEqual((await o.list({ limit: 10 })).map((i) => i.id).sort(), ['m1', 'm3']);
    });

    test('a retryable failure comes back after the backoff; too many make it dead', async () => {
      const o = store.notifications.outbox;
      await o.enqueue(msg('r1', 'retry:1', 'cus-r'), at(0), policy);
      let item = (await o.due(at(0), 100)).find((i) => i.id === 'r1')!;
      const fail = { ok: false as const, retryable: true, error: 'provider busy' };
      item = { ...item, ...applyDelivery(item, fail, at(0), policy) };
      await o.recordAttempt(item, fail, at(0));
      assert.equal(
        (await o.due(at(0), 100)).some((i) => i.id === 'r1'),
        false,
      );
      const again = (await o.due(at(1), 100)).find((i) => i.id === 'r1')!;
      assert.equal(again.attempts, 1);
      for (const m of [1, 3]) {
        const cur = (await o.get('r1'))!;
        const next = applyDelivery(cur, fail, at(m), policy);
        await o.recordAttempt(next, fail, at(m));
      }
      const dead = (await o.get('r1'))!;
      assert.equal(dead.status, 'dead');
      assert.deepEqual(
        (await o.deliveries('r1')).map((d) => [d.attempt, d.ok, d.retryable]),
        [
          [1, false, true],
          [2, false, true],
          [3, false, true],
        ],
      );
    });

    test('the per-person rate limit counts what the store says was sent', async () => {
      const o = store.notifications.outbox;
      for (const id of ['l1', 'l2', 'l3']) await o.enqueue(msg(id, `limit:${id}`, 'cus-l'), at(0), policy);
      for (const id of ['l1', 'l2']) {
        const cur = (await o.get(id))!;
        const ok = { ok: true as const, providerMessageId: `p-${id}` };
        await o.recordAttempt(applyDelivery(cur, ok, at(1), policy), ok, at(1));
      }
      const due = (await o.due(at(2), 100)).filter((i) => i.personId === 'cus-l');
      const sent = await o.sentSince(['cus-l'], new Date(at(2).getTime() - policy.ratePerPerson.windowMs));
      const d = decideDispatch([...due, ...sent], at(2), () => null, policy);
      assert.deepEqual(
        d.send.map((i) => i.id),
        [],
      );
      assert.deepEqual(
        d.deferred.map((x) => [x.id, x.reason]),
        [['l3', 'rate_limited']],
      );
      await o.defer('l3', d.deferred[0].until);
      assert.equal(
        (await o.due(at(2), 100)).some((i) => i.id === 'l3'),
        false,
      );
    });

    test('a delivery receipt is stored once and marks its message', async () => {
      const o = store.notifications.outbox;
      assert.equal(await o.recordReceipt('sms', 'p-l1', 'delivered', at(3).toISOString(), '{}', at(3)), 'l1');
      assert.equal(await o.recordReceipt('sms', 'p-l1', 'delivered', at(3).toISOString(), '{}', at(4)), 'l1');
      assert.equal((await o.get('l1'))!.receiptStatus, 'delivered');
      assert.equal(await o.recordReceipt('sms', 'nobody', 'failed', at(3).toISOString(), '{}', at(3)), null);
    });

    test('inbox: added once per outbox item, listed newest first, read only by its owner', async () => {
      const inbox = store.notifications.inbox;
      const base = { userId: 'u1', subject: 's', body: 'b' };
      assert.equal(await inbox.add({ ...base, id: 'i1', outboxId: 'o1', createdAt: at(0).toISOString() }), true);
      assert.equal(await inbox.add({ ...base, id: 'i1b', outboxId: 'o1', createdAt: at(0).toISOString() }), false);
      await inbox.add({ ...base, id: 'i2', outboxId: 'o2', createdAt: at(1).toISOString() });
      assert.deepEqual(
        (await inbox.list('u1', 10)).map((m) => m.id),
        ['i2', 'i1'],
      );
      assert.equal(await inbox.markRead('u2', ['i1'], at(2)), 0);
      assert.equal(await inbox.markRead('u1', ['i1'], at(2)), 1);
      assert.equal(await inbox.unreadCount('u1'), 1);
    });

    test('settings round-trip with quiet hours and automatic payment', async () => {
      const s = {
        accountId: 'A1',
        settings: {
          warningLine: { kind: 'days' as const, days: 5 },
          reminderFrequency: 'daily' as const,
          channels: ['sms', 'in_app'] as const,
          quietHours: { startMinute: 22 * 60, endMinute: 7 * 60 },
          autoPayment: { triggerFen: 1000, topUpFen: 5000, maxPerMonthFen: 20000 },
        },
        locale: 'en' as const,
        phone: '13900000000',
        email: 'a@example.com',
        updatedAt: at(0).toISOString(),
      };
      await store.notifications.settings.save(s);
      assert.deepEqual(await store.notifications.settings.get('A1'), s);
      await store.notifications.settings.save({
        ...s,
        settings: { ...s.settings, autoPayment: null, quietHours: null },
      });
      const back = await store.notifications.settings.get('A1');
      assert.equal(back?.settings.autoPayment, null);
      assert.equal(back?.settings.quietHours, null);
    });
  });
}
