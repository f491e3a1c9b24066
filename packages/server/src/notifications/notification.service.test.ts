import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@meterflow/core';
import { InMemoryChannel } from '@meterflow/core/notifications/in-memory-channel';
import { DEFAULT_OUTBOX_POLICY } from '@meterflow/core/notifications/outbox';
import { openDatabase, Store, type DatabaseHandle } from '@meterflow/store';
import { NotificationService } from './notification.service.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-notify-svc-'));
let handle: DatabaseHandle;
let store: Store;
before(async () => {
  handle = await openDatabase({ url: `sqlite:${join(dir, 'n.db')}` });
  store = Store.of(handle);
});
after(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const params = { accountId: '0101', balanceYuan: '12.00', warningYuan: '20.00', daysLeft: 3 };
const policy = { ...DEFAULT_OUTBOX_POLICY, ratePerPerson: { max: 1, windowMs: 3_600_000 } };

test('retry after a busy provider, de-duplication, per-customer limit and quiet hours, through the store', async () => {
  const clock = new ManualClock('2026-03-18T02:00:00Z'); // 10:00 in Shanghai
  let busy = 1;
  const sms = new InMemoryChannel('sms', () => (busy-- > 0 ? { ok: false, retryable: true, error: 'busy' } : null));
  const quiet = new Map([['cus-q', { startMinute: 9 * 60, endMinute: 12 * 60 }]]);
  const svc = new NotificationService(
    store,
    clock,
    new Map([['sms', sms]]),
    async () => quiet,
    'Asia/Shanghai',
    policy,
  );
  const base = {
    channel: 'sms' as const,
    recipient: '13800000000',
    locale: 'zh-CN' as const,
    templateId: 'balance_warning' as const,
    params,
    priority: 'normal' as const,
  };
  const a = await svc.notify({ ...base, dedupKey: 'warn:1', personId: 'cus-1' });
  assert.equal((await svc.notify({ ...base, dedupKey: 'warn:1', personId: 'cus-1' })).duplicate, true);
  await svc.notify({ ...base, dedupKey: 'warn:2', personId: 'cus-1' });
  await svc.notify({ ...base, dedupKey: 'warn:q', personId: 'cus-q' });
  let r = await svc.dispatch();
  assert.deepEqual([r.sent, r.failed], [0, 1]); // the first is busy; the second waits for the limit; cus-q is in quiet hours
  assert.equal(r.deferred, 2);
  clock.advance(policy.backoffBaseMs);
  r = await svc.dispatch();
  assert.equal(r.sent, 1);
  assert.equal((await store.notifications.outbox.get(a.item.id))!.status, 'sent');
  assert.deepEqual(
    (await store.notifications.outbox.deliveries(a.item.id)).map((d) => d.ok),
    [false, true],
  );
  assert.match(sms.delivered[0].body, /可用余额为12\.00元/);
  clock.set('2026-03-18T02:30:00Z'); // still quiet for cus-q; cus-1 still over its hourly limit
  await svc.dispatch();
  assert.equal(sms.delivered.length, 1);
  clock.set('2026-03-18T04:00:00Z'); // 12:00 local: quiet hours and the hour's limit are over
  await svc.dispatch();
  assert.deepEqual(
    sms.delivered.map((m) => m.body.length > 0),
    [true, true, true],
  );
});
