// Runs core's channel contract against every adapter: SMS and voice over HTTP to the provider
// simulator in its own process, e-mail over SMTP to a local smtp-server, and the in-app inbox.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ManualClock } from '@meterflow/core';
import { notificationChannelContract } from '@meterflow/core/notifications/notification-channel.contract';
import { openDatabase, Store, type DatabaseHandle } from '@meterflow/store';
import { InAppChannel } from './in-app-channel.ts';
import { smsChannel, voiceChannel } from './provider-http-channel.ts';
import { SmtpEmailChannel } from './smtp-email-channel.ts';
import { InboxFeed } from '../inbox-feed.ts';

const CLI = join(import.meta.dirname, '..', '..', '..', '..', 'cli', 'bin', 'meterflow.js');
const dir = mkdtempSync(join(tmpdir(), 'mf-channels-'));
let provider: ChildProcess;
let providerUrl = '';
let receiptServer: Server;
let receiptUrl = '';
const receipts: { messageId: string; status: string }[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
const mails: { to: string; data: string }[] = [];
let handle: DatabaseHandle;
let store: Store;
const feed = new InboxFeed();
const clock = new ManualClock('2026-03-18T02:00:00Z');

function startProvider(callback: string): Promise<string> {
  provider = spawn(
    process.execPath,
    [CLI, 'message-provider', '--port', '0', '--receipt-delay-ms', '20', '--callback', callback],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    provider.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /"url":"([^"]+)"/.exec(out);
      if (m) resolve(m[1]);
    });
    provider.once('exit', (code) => reject(new Error(`message-provider exited ${code}`)));
  });
}

before(async () => {
  receiptServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      receipts.push(JSON.parse(body) as { messageId: string; status: string });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => receiptServer.listen(0, '127.0.0.1', r));
  receiptUrl = `http://127.0.0.1:${(receiptServer.address() as AddressInfo).port}/receipts`;
  providerUrl = await startProvider(receiptUrl);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      if (address.address.endsWith('@refused.example'))
        cb(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  handle = await openDatabase({ url: `sqlite:${join(dir, 'channels.db')}` });
  store = Store.of(handle);
});

after(async () => {
  provider?.kill('SIGTERM');
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => receiptServer.close(() => r()));
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const http = () => ({ baseUrl: providerUrl, callbackUrl: receiptUrl });
const email = () =>
  new SmtpEmailChannel({ url: `smtp://127.0.0.1:${smtpPort}`, from: 'MeterFlow <noreply@meterflow.test>' });

notificationChannelContract('sms over HTTP', () => smsChannel(http()), '13800000001');
notificationChannelContract('voice over HTTP', () => voiceChannel(http()), '13800000002');
notificationChannelContract('email over SMTP', email, 'customer@example.com');
notificationChannelContract('in-app inbox', () => new InAppChannel(store.notifications.inbox, feed, clock), 'u-zhang');

const message = (id: string, recipient: string) => ({
  id,
  channel: 'sms' as const,
  recipient,
  locale: 'zh-CN' as const,
  subject: '余额提醒',
  body: '您的余额不足',
});

test('sms: the provider process recorded the text and posts a delivery receipt back', async () => {
  const r = await smsChannel(http()).send(message('x-1', '13800000009'));
  assert.ok(r.ok);
  const list = (await (await fetch(`${providerUrl}/v1/messages?to=13800000009`)).json()) as {
    items: { text: string }[];
  };
  assert.equal(list.items.length, 1);
  assert.match(list.items[0].text, /您的余额不足/);
  for (let i = 0; i < 100 && !receipts.some((x) => r.ok && x.messageId === r.providerMessageId); i++)
    await new Promise((res) => setTimeout(res, 20));
  assert.ok(receipts.some((x) => r.ok && x.messageId === r.providerMessageId && x.status === 'delivered'));
});

test('sms: a busy provider is retryable, a repeated outbox id is not sent twice', async () => {
  const busy = await smsChannel(http()).send(message('x-2', '19999000000'));
  assert.deepEqual([busy.ok, !busy.ok && busy.retryable], [false, true]);
  const a = await smsChannel(http()).send(message('x-3', '13800000010'));
  const b = await smsChannel(http()).send(message('x-3', '13800000010'));
  assert.ok(a.ok && b.ok && a.providerMessageId === b.providerMessageId);
});

test('sms: an unreachable provider is retryable', async () => {
  const r = await smsChannel({ baseUrl: 'http://127.0.0.1:1', callbackUrl: receiptUrl }).send(
    message('x-4', '13800000011'),
  );
  assert.deepEqual([r.ok, !r.ok && r.retryable], [false, true]);
});

test('email: the SMTP server received the message; a refused mailbox is final', async () => {
  const ch = email();
  const r = await ch.send({ ...message('x-5', 'li@example.com'), channel: 'email' });
  assert.ok(r.ok);
  assert.ok(mails.some((m) => m.to === 'li@example.com' && /^X-MeterFlow-Outbox-Id: x-5$/im.test(m.data)));
  const refused = await ch.send({ ...message('x-6', 'nobody@refused.example'), channel: 'email' });
  assert.deepEqual([refused.ok, !refused.ok && refused.retryable], [false, false]);
  ch.close();
});

test('in-app: the message lands in the inbox and reaches a live listener once', async () => {
  const seen: string[] = [];
  const off = feed.subscribe('u-live', (m) => seen.push(m.id));
  const ch = new InAppChannel(store.notifications.inbox, feed, clock);
  await ch.send({ ...message('x-7', 'u-live'), channel: 'in_app' });
  await ch.send({ ...message('x-7', 'u-live'), channel: 'in_app' });
  off();
  assert.deepEqual(seen, ['in-x-7']);
  assert.equal((await store.notifications.inbox.list('u-live', 10)).length, 1);
});
