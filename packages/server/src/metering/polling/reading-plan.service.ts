import { addDays, localDate, localToInstant, type Clock } from '@meterflow/core';
import { METER_EVENT_BITS } from '@meterflow/core/alarms/observations';
import type { MeterLink, MeterPoll, Store } from '@meterflow/store';
import type { AlarmObservationInput } from '../../alarms/alarm-observe.ts';
import { Dlt645Client } from '../gateway/dlt645-client.ts';
import { MeterConnection } from '../gateway/meter-connection.ts';
import { MeterPoller, type MeterPollResult, type MeterTarget } from '../gateway/meter-poller.ts';
import { DEFAULT_READING_PLAN, type ReadingPlan } from '../gateway/reading-plan.ts';
import type { PollPlanConfig } from './poll-plan-config.ts';
import type { RegisterVeeService } from './register-vee.service.ts';
import { REVERSE_ENERGY_COUNTER, StoreReadingSink } from './store-reading-sink.ts';

/** Meters whose previous counters are looked up at once. */
const COUNTER_LOOKUP_CHUNK = 1000;
/** Finished days register VEE looks at after a poll: yesterday, and the day before (settled by a late freeze). */
const REGISTER_VEE_DAYS = 2;

/** A meter the plan polls, where it hangs, and under which id the alarm system knows it. */
export interface PlannedTarget extends MeterTarget {
  alarmMeterId: string;
  concentratorId: string;
  readingBookId: string | null;
  branchId: string | null;
}

export interface PollSummary {
  at: string;
  meters: number;
  answered: number;
  silent: number;
  reads: number;
  failures: number;
  stored: { registers: number; freezes: number; events: number; instants: number };
  vee: { checked: number; exceptions: number };
  durationMs: number;
}

/** Reports observations to the alarm system (`services.alarms.observe`). */
export type ObserveAlarm = (o: AlarmObservationInput) => Promise<void>;

/** The daily reading plan with `freezesRead` daily freezes, then the default plan's other items. */
export function planWithFreezes(freezes: number): ReadingPlan {
  const nn = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
  const freezeDis = Array.from({ length: freezes }, (_, i) => [
    `050600${nn(i + 1)}`,
    `050601${nn(i + 1)}`,
    `050602${nn(i + 1)}`,
  ]).flat();
  return {
    ...DEFAULT_READING_PLAN,
    dis: [...freezeDis, ...DEFAULT_READING_PLAN.dis.filter((d) => !d.startsWith('0506'))],
  };
}

/**
 * The reading plan (抄表计划) over DL/T 645 TCP channels: at each configured local time it polls
 * every meter behind every channel, stores what was read, runs register VEE over the days that
 * became complete, and reports to the alarm system (links, poll outcomes, reading review).
 */
export class ReadingPlanService {
  private readonly clients = new Map<string, Dlt645Client>();
  private lastSlotMs: number | null = null;
  private linked = '';
  private readonly sink: StoreReadingSink;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly config: PollPlanConfig,
    private readonly registerVee: RegisterVeeService,
    private readonly observe?: ObserveAlarm,
  ) {
    this.sink = new StoreReadingSink(store, clock, zone);
  }

  /** Polls when a configured poll time has passed since the last poll (or never polled); for the scheduler. */
  async runDue(): Promise<PollSummary | null> {
    const slot = this.latestSlot(this.clock.now());
    if (this.lastSlotMs !== null && slot <= this.lastSlotMs) return null;
    this.lastSlotMs = slot;
    return this.pollNow();
  }

  /** Polls every configured meter once, now. */
  async pollNow(): Promise<PollSummary> {
    const started = performance.now();
    const at = this.clock.now();
    const targets = await this.targets();
    const before = await this.counters(targets.map((t) => t.address));
    this.sink.reset();
    const poller = new MeterPoller({
      clients: this.connect(),
      sink: this.sink,
      clock: this.clock,
      zone: this.zone,
      plan: planWithFreezes(this.config.freezesRead),
      clockDriftThresholdSeconds: this.config.clockDriftLimitSeconds,
    });
    const results = await poller.pollAll(targets);
    const stored = await this.sink.flush();
    const today = localDate(at, this.zone);
    const days = Array.from({ length: REGISTER_VEE_DAYS }, (_, k) => addDays(today, -1 - k));
    const vee = await this.registerVee.checkDays(
      targets.map((t) => t.address),
      days,
    );
    await this.report(at, targets, results, before, vee.flagged, days);
    return {
      at: at.toISOString(),
      meters: targets.length,
      answered: results.filter(answered).length,
      silent: results.filter((r) => !answered(r)).length,
      reads: results.reduce((s, r) => s + r.reads, 0),
      failures: results.reduce((s, r) => s + r.failures, 0),
      stored,
      vee: { checked: vee.checked, exceptions: vee.exceptions },
      durationMs: Math.round(performance.now() - started),
    };
  }

  /** Closes every connection. */
  close(): void {
    for (const c of this.clients.values()) c.connection.close();
    this.clients.clear();
  }

  /** Every meter of every channel, with its book and branch from the meters table when it is there. */
  async targets(): Promise<PlannedTarget[]> {
    const out: PlannedTarget[] = [];
    for (const ch of this.config.channels) {
      const byBook = await this.store.metering.collection.plannedMeters({ readingBooks: ch.readingBooks });
      const listed = await this.store.metering.collection.plannedMeters({ addresses: ch.meters });
      const known = new Map([...listed, ...byBook].map((m) => [m.address, m]));
      for (const address of new Set([...ch.meters, ...byBook.map((m) => m.address)])) {
        const m = known.get(address);
        out.push({
          address,
          channel: ch.id,
          alarmMeterId: m?.meterId ?? address,
          concentratorId: ch.concentratorId,
          readingBookId: m?.readingBookId ?? ch.readingBookId,
          branchId: m?.branchId ?? ch.branchId,
        });
      }
    }
    return out;
  }

  private connect(): Map<string, Dlt645Client> {
    for (const ch of this.config.channels) {
      if (this.clients.has(ch.id)) continue;
      const connection = new MeterConnection({ host: ch.host, port: ch.port });
      this.clients.set(
        ch.id,
        new Dlt645Client(connection, { timeoutMs: this.config.requestTimeoutMs, retries: this.config.retries }),
      );
    }
    return this.clients;
  }

  /** The counters each meter showed at its previous poll. */
  private async counters(addresses: string[]): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    for (let i = 0; i < addresses.length; i += COUNTER_LOOKUP_CHUNK) {
      for (const v of await this.store.metering.instants.latest(addresses.slice(i, i + COUNTER_LOOKUP_CHUNK))) {
        if (!v.quantity.endsWith('-count') && v.quantity !== REVERSE_ENERGY_COUNTER) continue;
        let m = out.get(v.meterId);
        if (!m) out.set(v.meterId, (m = new Map()));
        m.set(v.quantity, v.valueScaled);
      }
    }
    return out;
  }

  private async report(
    at: Date,
    targets: PlannedTarget[],
    results: MeterPollResult[],
    before: Map<string, Map<string, number>>,
    flagged: Map<string, number>,
    days: string[],
  ): Promise<void> {
    if (!this.observe) return;
    const links: MeterLink[] = targets.map((t) => ({
      meterId: t.alarmMeterId,
      concentratorId: t.concentratorId,
      readingBookId: t.readingBookId,
      branchId: t.branchId,
    }));
    const linkKey = JSON.stringify(links);
    if (linkKey !== this.linked) {
      await this.observe({ kind: 'meterLinks', links });
      this.linked = linkKey;
    }
    const polls: MeterPoll[] = targets.map((t, i) => {
      const o = this.sink.outcomes.get(t.address);
      const ok = answered(results[i]);
      return {
        meterId: t.alarmMeterId,
        answered: ok,
        ...(ok && o?.clockDriftS !== undefined ? { clockDriftS: o.clockDriftS } : {}),
        ...(ok && o ? { eventFlags: eventFlags(before.get(t.address), o.counters) } : {}),
      };
    });
    await this.observe({ kind: 'meterPoll', at, polls });
    await this.observe({ kind: 'collectionJob', at, job: { jobId: 'metering.reading-plan', status: 'succeeded' } });
    await this.reportReview(at, targets, flagged, days);
  }

  /** VEE exception rate per reading book over the days just checked. */
  private async reportReview(
    at: Date,
    targets: PlannedTarget[],
    flagged: Map<string, number>,
    days: string[],
  ): Promise<void> {
    const books = new Map<string, { branchId: string; checked: number; exceptions: number }>();
    for (const t of targets) {
      if (!t.readingBookId) continue;
      const b = books.get(t.readingBookId) ?? { branchId: t.branchId ?? '', checked: 0, exceptions: 0 };
      for (const d of days) {
        b.checked++;
        if (flagged.has(`${t.address}/${d}`)) b.exceptions++;
      }
      books.set(t.readingBookId, b);
    }
    const cycle = days[0].slice(0, 7);
    for (const [readingBookId, b] of books)
      await this.observe?.({
        kind: 'readingReview',
        at,
        review: { readingBookId, cycle, branchId: b.branchId, readsChecked: b.checked, exceptions: b.exceptions },
      });
  }

  /** The latest configured poll time at or before `now`, as epoch ms. */
  private latestSlot(now: Date): number {
    const today = localDate(now, this.zone);
    let best = -Infinity;
    for (const date of [addDays(today, -1), today]) {
      for (const t of this.config.pollTimes) {
        const [h, m] = t.split(':').map(Number);
        const ms = localToInstant(date, h * 60 + m, this.zone).getTime();
        if (ms <= now.getTime() && ms > best) best = ms;
      }
    }
    return best;
  }
}

const answered = (r: MeterPollResult): boolean => !r.unreachable && r.reads > 0;

/** METER_EVENT_BITS for counters that moved since the previous poll (nothing is flagged without a previous poll). */
function eventFlags(previous: Map<string, number> | undefined, now: Map<string, number>): number {
  if (!previous) return 0;
  const moved = (k: string) => {
    const a = previous.get(k);
    const b = now.get(k);
    return a !== undefined && b !== undefined && b > a;
  };
  return (
    (moved('power-down-count') ? METER_EVENT_BITS.powerDown : 0) |
    (moved('cover-open-count') ? METER_EVENT_BITS.coverOpen : 0) |
    (moved(REVERSE_ENERGY_COUNTER) ? METER_EVENT_BITS.reverseEnergy : 0)
  );
}
