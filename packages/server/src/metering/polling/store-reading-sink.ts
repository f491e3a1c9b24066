import { addDays, localDate, localToInstant, type Clock } from '@meterflow/core';
import type { MeterEvent } from '@meterflow/core/metering/meter-event';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import type { DailyFreezeRecord, MeterInstant, RegisterReadRecord, Store } from '@meterflow/store';
import type {
  ClockReading,
  DemandReading,
  EventReading,
  InstantReading,
  MeterReadingSink,
  ReadFailure,
  RegisterReading,
} from '../gateway/meter-reading-sink.ts';

/** Source name stored with what the gateway read. */
export const DLT645_SOURCE = 'dlt645';
/** Readings a sink holds before it must be flushed (a poll of ~5,000 meters with the default plan). */
export const SINK_BUFFER_MAX = 200_000;

/** The latest-value key under which the reverse active total is kept, to see it move between polls. */
export const REVERSE_ENERGY_COUNTER = 'reverse-active-wh';

/** What one poll learned about one meter, for the alarm feed. */
export interface MeterPollOutcome {
  answered: boolean;
  reads: number;
  failures: number;
  clockDriftS?: number;
  /** Counters as read this poll (`power-down-count`, `cover-open-count`, `reverse-active-wh`). */
  counters: Map<string, number>;
}

/**
 * The gateway's `MeterReadingSink` into the metering store. Readings of a poll are buffered and
 * written in bulk by `flush()`: daily-freeze registers become daily freezes, current registers
 * register reads, instantaneous values and counters the latest values per meter, event records
 * and drifted clocks meter events, and a meter that failed a read a head-end comm-failure event.
 */
export class StoreReadingSink implements MeterReadingSink {
  private registers: RegisterReadRecord[] = [];
  private freezes: DailyFreezeRecord[] = [];
  private instants: MeterInstant[] = [];
  private events: MeterEvent[] = [];
  private size = 0;
  readonly outcomes = new Map<string, MeterPollOutcome>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  onRegister(r: RegisterReading): void {
    const base = {
      meterId: r.address,
      register: r.register,
      tariff: r.tariff,
      valueWh: r.energyWh,
      quality: QUALITY.ACTUAL,
      source: DLT645_SOURCE,
    };
    if (r.frozen) {
      const date = r.frozen.at?.slice(0, 10) ?? addDays(localDate(r.readAt, this.zone), 1 - r.frozen.occurrence);
      this.push(this.freezes, { ...base, date });
    } else {
      this.push(this.registers, { ...base, readAtUtc: r.readAt.toISOString() });
      if (r.register === 'reverse-active' && r.tariff === 0)
        this.outcome(r.address).counters.set('reverse-active-wh', r.energyWh);
    }
    this.outcome(r.address).reads++;
  }

  onDemand(r: DemandReading): void {
    if (r.tariff !== 0) return;
    this.instant(r.address, `max-demand-${r.register}`, 'total', r.scaled, r.decimals, r.unit, r.readAt);
  }

  onInstant(r: InstantReading): void {
    this.instant(r.address, r.quantity, r.phase, r.scaled, r.decimals, r.unit, r.readAt);
    this.outcome(r.address).reads++;
  }

  onEvent(r: EventReading): void {
    const o = this.outcome(r.address);
    o.reads++;
    if (r.kind === 'count') {
      o.counters.set(`${r.event}-count`, r.count);
      this.instant(r.address, `${r.event}-count`, 'total', r.count, 0, '', r.readAt);
      return;
    }
    const kinds = r.event === 'power-down' ? (['power-down', 'power-up'] as const) : (['cover-open', null] as const);
    for (const [kind, local] of [
      [kinds[0], r.start],
      [kinds[1], r.end],
    ] as const) {
      if (kind && local) this.push(this.events, { meterId: r.address, kind, atUtc: this.utc(local), source: 'meter' });
    }
  }

  onClock(r: ClockReading): void {
    const o = this.outcome(r.address);
    o.reads++;
    o.clockDriftS = r.driftSeconds;
    if (r.drifted) {
      this.push(this.events, {
        meterId: r.address,
        kind: 'clock-error',
        atUtc: r.readAt.toISOString(),
        source: 'head-end',
        detail: { offsetSeconds: r.driftSeconds, meterTime: r.meterTime },
      });
    }
  }

  onFailure(f: ReadFailure): void {
    const o = this.outcome(f.address);
    // One event per meter and poll: the first failure says why, the rest add nothing.
    if (o.failures++ > 0) return;
    this.push(this.events, {
      meterId: f.address,
      kind: 'comm-failure',
      atUtc: f.readAt.toISOString(),
      source: 'head-end',
      detail: { reason: f.reason, di: f.di ?? '', message: f.message.slice(0, 200) },
    });
  }

  /** Writes everything buffered; returns what was new. Outcomes stay until `reset()`. */
  async flush(): Promise<{ registers: number; freezes: number; events: number; instants: number }> {
    const at = this.clock.now().toISOString();
    const m = this.store.metering;
    const result = {
      registers: await m.reads.insertRegisterReads(this.registers, at),
      freezes: await m.reads.insertDailyFreezes(this.freezes, at),
      events: await m.reads.insertEvents(this.events, at),
      instants: this.instants.length,
    };
    await m.instants.upsertLatest(this.instants);
    // Meters that also deliver intervals: their blocks next to a new freeze or event are checked again.
    const keys = new Map<string, { meterId: string; channel: number; date: string }>();
    for (const f of this.freezes)
      for (const date of [f.date, addDays(f.date, -1)])
        keys.set(`${f.meterId}/${date}`, { meterId: f.meterId, channel: 1, date });
    await m.blocks.markPending([...keys.values()]);
    this.registers = [];
    this.freezes = [];
    this.instants = [];
    this.events = [];
    this.size = 0;
    return result;
  }

  /** Forgets the outcomes of the last poll. */
  reset(): void {
    this.outcomes.clear();
  }

  private outcome(address: string): MeterPollOutcome {
    let o = this.outcomes.get(address);
    if (!o) this.outcomes.set(address, (o = { answered: false, reads: 0, failures: 0, counters: new Map() }));
    return o;
  }

  private instant(
    meterId: string,
    quantity: string,
    phase: string,
    valueScaled: number,
    decimals: number,
    unit: string,
    at: Date,
  ): void {
    this.push(this.instants, {
      meterId,
      quantity,
      phase: phase.toLowerCase(),
      valueScaled,
      decimals,
      unit,
      readAtUtc: at.toISOString(),
    });
  }

  private push<T>(list: T[], item: T): void {
    if (++this.size > SINK_BUFFER_MAX)
      throw new RangeError(`reading sink holds more than ${SINK_BUFFER_MAX} readings; flush per poll`);
    list.push(item);
  }

  /** Meter-local wall-clock text (`2024-05-01T12:30:45`) to UTC. */
  private utc(local: string): string {
    const [date, time] = local.split('T');
    const [h, mi, s] = (time ?? '00:00:00').split(':').map(Number);
    return new Date(localToInstant(date, h * 60 + mi, this.zone).getTime() + (s || 0) * 1000).toISOString();
  }
}
