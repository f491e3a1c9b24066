// One alarm sweep over 1,000,000 meters and 10,000 reading books through the embedded store
// (read inputs, evaluate, write decisions in one transaction), and the time from a stored alarm
// to the live board, measured by a client of the SSE endpoint. Figures are noisy on a shared machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@meterflow/core';
import type { BillingCycle, StageRecord } from '@meterflow/core/workflow/billing-cycle';
import { CYCLE_STAGES } from '@meterflow/core/workflow/billing-cycle';
import { openDatabase, Store } from '@meterflow/store';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { hashPassword } from '../src/auth/password.ts';

const METERS = 1_000_000;
const BOOKS = 10_000;
const CONCENTRATORS = 5_000;
const STALLED_BOOKS = 300;
const NOW = new Date('2026-11-20T02:00:00Z');
const MIN = 60_000;

async function fillStore(store: Store, sqlite: NonNullable<Awaited<ReturnType<typeof openDatabase>>['sqlite']>) {
  const insert = sqlite.prepare(
    'INSERT INTO alarm_meter_status (meter_id, concentrator_id, reading_book_id, branch_id, last_poll_at, last_seen_at, silent_polls, clock_drift_s, event_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const t = NOW.toISOString();
  sqlite.transaction(() => {
    for (let i = 0; i < METERS; i++) {
      const conc = Math.floor(i / (METERS / CONCENTRATORS));
      const book = Math.floor(i / (METERS / BOOKS));
      // Concentrator 17 is down; every 997th meter is silent on its own; a few drift or report a cover opening.
      const silent = conc === 17 ? 4 : i % 997 === 0 ? 5 : 0;
      const drift = i % 1999 === 0 ? 120 : null;
      const flags = i % 4999 === 0 ? 2 : 0;
      insert.run(`m${i}`, `c${conc}`, `rb${book}`, `org-${book % 20}`, t, silent ? null : t, silent, drift, flags);
    }
  })();
  const cycles: BillingCycle[] = [];
  for (let b = 0; b < BOOKS; b++) {
    const opened = NOW.getTime() - 50 * 60 * MIN;
    const stalled = b < STALLED_BOOKS;
    const stages: StageRecord[] = (stalled ? CYCLE_STAGES.slice(0, 2) : CYCLE_STAGES).map((stage, i) => ({
      stage,
      startedAt: new Date(opened + i * 20 * MIN),
      endedAt: stalled && i === 1 ? undefined : i < 6 ? new Date(opened + (i + 1) * 20 * MIN) : undefined,
      outcome: stalled && i === 1 ? undefined : i < 6 ? 'succeeded' : undefined,
      actor: 'bench',
      attempts: 1,
    }));
    cycles.push({
      readingBookId: `rb${b}`,
      cycle: '2026-11',
      branchId: `org-${b % 20}`,
      customerClass: 'residential',
      openedAt: new Date(opened),
      stages,
    });
  }
  await store.alarms.cycleStages.insertMany(cycles);
  await store.users.insert({
    id: 'u-admin',
    username: 'admin',
    passwordHash: await hashPassword('bench2026'),
    displayName: 'admin',
    role: 'admin',
    customerId: null,
    orgId: null,
    createdAt: t,
    disabled: false,
  });
}

/** Reads the SSE stream and records, per alarm, how long after it was stored it reached the client. */
async function watchBoard(url: string, cookie: string, latencies: number[]): Promise<() => void> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { cookie }, signal: ctrl.signal });
  if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const msg = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = msg.split('\n').find((l) => l.startsWith('data: '));
          if (!msg.startsWith('event: alarms') || !data) continue;
          const batch = JSON.parse(data.slice(6)) as { storedAtMs: number; changes: unknown[] };
          const ms = Date.now() - batch.storedAtMs;
          for (let i = 0; i < batch.changes.length; i++) latencies.push(ms);
        }
      }
    } catch (e) {
      if (!ctrl.signal.aborted) console.error('board stream failed:', e);
    }
  })();
  return () => ctrl.abort();
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-alarms-'));
  const handle = await openDatabase({ url: `sqlite:${join(dir, 'bench.db')}` });
  const store = Store.of(handle);
  const tFill = performance.now();
  await fillStore(store, handle.sqlite!);
  const fillS = (performance.now() - tFill) / 1000;
  const clock = new ManualClock(NOW);
  const config = loadConfig({ MF_WEB_DIST: join(dir, 'no-web'), PORT: '0' });
  const app = await buildApp({ config, store, clock, logger: false });
  // The bench sweeps by itself: no scheduled sweep may run in between.
  app.services.alarms.settings.schedule.sweepEverySeconds = 0;
  app.services.alarms.settings.schedule.escalateEverySeconds = 0;
  const address = await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  const login = await app.fastify.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: 'bench2026' },
  });
  const cookie = `mf_session=${login.cookies.find((c) => c.name === 'mf_session')?.value}`;
  const latencies: number[] = [];
  const stop = await watchBoard(`${address}/api/alarms/stream`, cookie, latencies);
  await new Promise((r) => setTimeout(r, 200));

  if (app.services.alarms.feed.size !== 1) throw new Error(`board not subscribed (${app.services.alarms.feed.size})`);
  const first = await app.services.alarms.sweep();
  // Wait until the board has every raised alarm (or give up after a few seconds).
  for (let i = 0; i < 50 && latencies.length < first.raised; i++) await new Promise((r) => setTimeout(r, 100));
  stop();
  // The relay of work-order intents into the notifications outbox runs after the sweep answers.
  await app.services.alarms.settled();
  const relay = app.services.alarms.lastRelay;
  clock.advance(15 * MIN);
  const second = await app.services.alarms.sweep();
  const out = {
    name: 'alarms',
    meters: first.meters,
    readingBooks: first.cycles,
    sweep_s: Math.round(first.ms.total) / 1000,
    sweep_steady_s: Math.round(second.ms.total) / 1000,
    read_s: Math.round(first.ms.read) / 1000,
    evaluate_s: Math.round(first.ms.evaluate) / 1000,
    write_s: Math.round(first.ms.write) / 1000,
    raised: first.raised,
    updated_steady: second.updated,
    board_events: latencies.length,
    board_p50_ms: pct(latencies, 50),
    board_p99_ms: pct(latencies, 99),
    relay_intents: relay?.intents ?? 0,
    relay_messages: relay?.messages ?? 0,
    relay_s: Math.round(relay?.ms ?? 0) / 1000,
    fill_s: Math.round(fillS * 10) / 10,
  };
  console.log(JSON.stringify(out));
  console.table([
    { figure: 'meters / reading books', value: `${out.meters} / ${out.readingBooks}` },
    { figure: 'first sweep (raises) s', value: out.sweep_s },
    { figure: '  read / evaluate / write s', value: `${out.read_s} / ${out.evaluate_s} / ${out.write_s}` },
    { figure: 'steady sweep (updates) s', value: out.sweep_steady_s },
    { figure: 'alarms raised', value: out.raised },
    {
      figure: 'relay to notifications s',
      value: `${out.relay_s} (${out.relay_intents} intents → ${out.relay_messages} messages)`,
    },
    {
      figure: 'stored → board p50 / p99 ms',
      value: `${out.board_p50_ms} / ${out.board_p99_ms} (${out.board_events} alarms)`,
    },
  ]);
  await app.fastify.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
