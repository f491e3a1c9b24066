// Prepaid cost control end to end: the customer agrees SMS reminders in the portal; staff run the
// daily settlement in the console; the warning SMS reaches the provider simulator (its own
// process), the trip reaches a simulated DL/T 645 meter over TCP through the gateway, and after a
// counter payment the close follows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { AccountDetail } from '../../src/api/api-types.ts';
import { DEMO_PASSWORD, startHarness, type Harness } from './harness.ts';
import { logIn } from './ui-helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'meterflow.js');
const ACCOUNT = 'acc-620524-0001';
const PHONE = '13800138000';
const WAIT_MS = 60_000;

let h: Harness;
let provider: ChildProcess;
let providerUrl = '';
let meterSim: ChildProcess | undefined;
let meterPort = 0;
/** Relay changes the meter simulator process reported, in order. */
const relay: string[] = [];

/** Runs a `meterflow` command as its own process and resolves with its first stdout line that matches. */
function spawnCli(args: string[], ready: RegExp, onLine: (l: string) => void = () => undefined) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const line = new Promise<RegExpExecArray>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const l of lines) {
        onLine(l);
        const m = ready.exec(l);
        if (m) resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`meterflow ${args[0]} exited ${code}`)));
  });
  return { child, line };
}

/** A free loopback port for the meter channel, known before the server starts and the meter listens. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const end = Date.now() + WAIT_MS;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const localDay = (offsetDays: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

before(async () => {
  const p = spawnCli(['message-provider', '--port', '0', '--receipt-delay-ms', '50'], /"url":"([^"]+)"/);
  provider = p.child;
  providerUrl = (await p.line)[1];
  meterPort = await freePort();
  process.env.MF_NOTIFY_SMS_URL = providerUrl;
  process.env.MF_DLT645_GATEWAY = `127.0.0.1:${meterPort}`;
  process.env.MF_PREPAID_NO_CUT = 'off'; // the test must see a trip at any hour; the windows have unit tests
  process.env.MF_NOTIFY_INTERVAL_MS = '500';
  h = await startHarness();
});

after(async () => {
  await h?.close();
  meterSim?.kill('SIGTERM');
  provider?.kill('SIGTERM');
});

async function settleInConsole(day: string) {
  const page = await h.freshPage();
  await logIn(page, 'clerk.gangu');
  await page.getByTestId('nav-prepaid-console').click();
  await page.getByTestId('settle-day').fill(day);
  await page.getByTestId('settle-run').click();
  await page.getByTestId('settle-result').waitFor();
  return page;
}

test('warning SMS at the provider, trip at the meter, close after payment', async () => {
  const asZhang = await h.apiAs('zhangwei');
  const detail = await asZhang<AccountDetail>(`/api/accounts/${ACCOUNT}`);
  const address = detail.servicePoints[0].meters[0].address;
  // The customer's meter, simulated in its own process on the port the gateway was pointed at.
  const m = spawnCli(
    ['meter-simulator', '--address', address, '--port', String(meterPort)],
    /"name":"meter-simulator"/,
    (l) => {
      const r = /"relay":"(\w+)"/.exec(l);
      if (r) relay.push(r[1]);
    },
  );
  meterSim = m.child;
  await m.line;

  // The customer agrees a 20-yuan warning line by SMS in the portal.
  const page = await h.freshPage();
  await logIn(page, 'zhangwei');
  await page.getByTestId('nav-prepaid').click();
  await page.getByTestId('prepaid-settings').waitFor();
  await page.getByTestId('warning-yuan').fill('20');
  if (!(await page.getByTestId('channel-sms').isChecked())) await page.getByTestId('channel-sms').check();
  await page.getByTestId('phone').fill(PHONE);
  await page.getByTestId('save-settings').click();
  await page.getByTestId('settings-saved').waitFor();
  assert.equal(await page.getByTestId('prepaid-supply').getAttribute('data-supply'), 'on');

  // Day −3 (25 kWh) takes the balance from 30.00 to 17.25 yuan: below the warning line.
  await settleInConsole(localDay(-3));
  const sms = await until('the warning SMS at the provider', async () => {
    const r = (await (await fetch(`${providerUrl}/v1/messages?to=${PHONE}`)).json()) as { items: { text: string }[] };
    return r.items.find((m) => m.text.includes('17.25'));
  });
  assert.match(sms.text, /预警值20\.00元/);

  // Day −2 (40 kWh) takes it to −3.15 yuan: at the stop line, the trip goes to the meter.
  const console = await settleInConsole(localDay(-2));
  await until('the meter to open its relay', async () => relay.at(-1) === 'open').catch(async (e: Error) => {
    const cmds = await asZhang<unknown>(`/api/prepaid/commands?accountId=${ACCOUNT}`);
    throw new Error(`${e.message}; meter ${address}; commands ${JSON.stringify(cmds).slice(0, 1500)}`);
  });
  await console.getByTestId('prepaid-refresh').click();
  await console.locator('[data-testid="command-row"][data-action="trip"][data-status="confirmed"]').first().waitFor();
  const tripped = await until('supply off', async () => {
    const p = await asZhang<{ supply: string }>(`/api/prepaid/accounts/${ACCOUNT}`);
    return p.supply === 'off' && p;
  });
  assert.equal(tripped.supply, 'off');

  // A counter payment of 100 yuan lifts the balance over the restore line: the close follows.
  const login = await fetch(new URL('/api/auth/login', h.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'clerk.gangu', password: DEMO_PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const paid = await fetch(new URL('/api/payments/counter', h.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `e2e-prepaid-${Date.now()}` },
    body: JSON.stringify({ accountNo: detail.account.accountNo, amountFen: 10_000 }),
  });
  assert.equal(paid.status, 200, await paid.clone().text());
  await until('the meter to close its relay', async () => relay.at(-1) === 'closed');
  assert.deepEqual(relay, ['open', 'closed']);
  // Back in the portal (the console pages replaced the customer's): the live inbox and supply on.
  const portal = await h.freshPage();
  await logIn(portal, 'zhangwei');
  await portal.getByTestId('nav-inbox').click();
  await portal.locator('[data-testid="inbox-message"]').first().waitFor();
  await portal.getByTestId('nav-prepaid').click();
  await until('supply on in the portal', async () => {
    await portal.reload();
    await portal.getByTestId('prepaid-supply').waitFor();
    return (await portal.getByTestId('prepaid-supply').getAttribute('data-supply')) === 'on';
  });
});
