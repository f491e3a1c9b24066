// The alarm outbox relayed into the notifications outbox: channels and addresses per staff member,
// de-duplication, and an interrupted relay that is simply run again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@meterflow/core';
import type { NewOutboxMessage } from '@meterflow/core/notifications/outbox';
import type { NotificationIntent } from '@meterflow/core/workflow/notification-intent';
import { openDatabase, Store, type DatabaseHandle } from '@meterflow/store';
import { NotificationService } from '../notifications/notification.service.ts';
import { AlarmNotificationRelay, type StaffNotifier } from './alarm-notification-relay.ts';
import { staffContactIssues } from './staff-contacts.ts';

const AT = new Date('2026-11-20T02:00:00Z');
let dir: string;
let handle: DatabaseHandle;
let store: Store;

const intent = (n: number, over: Partial<NotificationIntent> = {}): NotificationIntent => ({
  recipientStaffId: 'dispatcher',
  channels: ['voice', 'sms', 'app'],
  template: 'workOrder.assigned',
  severity: 'critical',
  workOrderId: `wo-${n}`,
  params: { titleZh: `集中器 C${n} 故障`, titleEn: `Concentrator C${n} down`, branchId: 'org-gg' },
  dedupeKey: `wo-${n}|assigned|dispatcher|0|0`,
  ...over,
});
const contacts = () => ({ dispatcher: { phone: '13800000101' }, auditor: { locale: 'en' as const } });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-alarm-relay-'));
  handle = await openDatabase({ url: `sqlite:${join(dir, 'relay.db')}` });
  store = Store.of(handle);
  for (const [id, username] of [
    ['u-disp', 'dispatcher'],
    ['u-aud', 'auditor'],
  ])
    await store.users.insert({
      id,
      username,
      passwordHash: 'x',
      displayName: username,
      role: username === 'auditor' ? 'auditor' : 'dispatcher',
      customerId: null,
      orgId: null,
      createdAt: AT.toISOString(),
      disabled: false,
    });
});
after(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a critical intent becomes voice, SMS and in-app messages in the notifications outbox, once', async () => {
  const clock = new ManualClock(AT);
  const notifications = new NotificationService(store, clock, new Map(), async () => new Map(), 'Asia/Shanghai');
  const relay = new AlarmNotificationRelay(store, notifications, contacts, 'Asia/Shanghai');
  await store.alarms.outbox.enqueue(
    [intent(1), intent(2, { recipientStaffId: 'auditor', channels: ['sms', 'app'], severity: 'major' })],
    AT,
  );
  const r = await relay.relay();
  assert.deepEqual(r, { intents: 2, messages: 4, unreachable: 1 }, 'the auditor has no phone: SMS is skipped');
  assert.equal((await store.alarms.outbox.pending(10)).length, 0);
  const due = await store.notifications.outbox.due(AT, 100);
  const mine = due.filter((m) => m.templateId === 'staff_alarm');
  assert.deepEqual(mine.map((m) => `${m.channel}:${m.recipient}:${m.locale}:${m.priority}`).sort(), [
    'in_app:u-aud:en:urgent',
    'in_app:u-disp:zh-CN:urgent',
    'sms:13800000101:zh-CN:urgent',
    'voice:13800000101:zh-CN:urgent',
  ]);
  const voice = mine.find((m) => m.channel === 'voice')!;
  assert.equal(voice.params.title, '集中器 C1 故障');
  assert.equal(voice.params.at, '2026-11-20 10:00');
  assert.equal(mine.find((m) => m.recipient === 'u-aud')!.params.title, 'Concentrator C2 down');

  // The same intent again (say, relayed before a crash could mark it) adds nothing.
  await store.alarms.outbox.enqueue([intent(1, { dedupeKey: 'wo-1|assigned|dispatcher|0|0|again' })], AT);
  const again = await new AlarmNotificationRelay(store, notifications, contacts, 'Asia/Shanghai').relay();
  assert.equal(again.intents, 1);
  assert.equal(again.messages, 3, 'a different alarm dedupe key is a different message');
  assert.equal((await relay.relay()).intents, 0);
});

test('a relay that fails half-way marks what went across and leaves the rest for the next run', async () => {
  const sent: Omit<NewOutboxMessage, 'id'>[] = [];
  let failAt = 4;
  const flaky: StaffNotifier = {
    async notify(m) {
      if (sent.length === failAt) throw new Error('outbox unavailable');
      sent.push(m);
      return { duplicate: false };
    },
  };
  const relay = new AlarmNotificationRelay(store, flaky, contacts, 'Asia/Shanghai');
  await store.alarms.outbox.enqueue([intent(10), intent(11), intent(12)], AT);
  await assert.rejects(relay.relay(), /outbox unavailable/);
  assert.equal((await store.alarms.outbox.pending(10)).length, 2, 'the first intent (3 messages) is marked');
  failAt = -1;
  const r = await relay.relay();
  assert.equal(r.intents, 2);
  assert.equal(new Set(sent.map((m) => m.dedupKey)).size, 9, 'each intent × channel once, the broken one retried');
});

test('contacts are checked with every problem at once', () => {
  assert.deepEqual(staffContactIssues({ a: { phone: '12ab' }, b: { locale: 'fr', email: 'nope' }, $comment: 'x' }), [
    { path: '/a/phone', message: 'must be digits, optionally with a leading +' },
    { path: '/b/email', message: 'must be an e-mail address' },
    { path: '/b/locale', message: 'must be zh-CN or en' },
  ]);
  assert.deepEqual(staffContactIssues({ dispatcher: { phone: '+8613800000101', locale: 'en' } }), []);
});
