import { DEFAULT_ZONE } from '@meterflow/core';
import type { Clock } from '@meterflow/core';
import { readClockDrift } from './clock-drift.ts';
import type { Dlt645Client } from './dlt645-client.ts';
import {
  DEFAULT_CLOCK_DRIFT_THRESHOLD_SECONDS,
  DEFAULT_METERS_IN_PARALLEL,
  MAX_TIMEOUTS_PER_METER,
} from './gateway-limits.ts';
import type { MeterReadingSink } from './meter-reading-sink.ts';
import { MeterRequestError } from './meter-request-error.ts';
import { dispatchValue } from './reading-dispatch.ts';
import type { ReadingPlan } from './reading-plan.ts';
import { DEFAULT_READING_PLAN } from './reading-plan.ts';

/** A meter to poll and the connection (by key) that reaches it. */
export interface MeterTarget {
  address: string;
  channel: string;
}

export interface MeterPollerOptions {
  /** One client per connection key. */
  clients: ReadonlyMap<string, Dlt645Client>;
  sink: MeterReadingSink;
  clock: Clock;
  zone?: string;
  plan?: ReadingPlan;
  clockDriftThresholdSeconds?: number;
  metersInParallel?: number;
}

export interface MeterPollResult {
  address: string;
  reads: number;
  failures: number;
  /** True when the meter stopped answering and the rest of its plan was skipped. */
  unreachable: boolean;
}

/**
 * Runs a reading plan over a list of meters. Meters on different connections are read in parallel;
 * on one connection the connection's in-flight limit keeps the bus orderly. A meter that times out
 * is given up for this round so a dead meter does not hold its bus for the whole plan.
 */
export class MeterPoller {
  constructor(private readonly o: MeterPollerOptions) {}

  /** Polls every meter; resolves when all are done, in input order. */
  async pollAll(meters: readonly MeterTarget[]): Promise<MeterPollResult[]> {
    const results: MeterPollResult[] = new Array(meters.length);
    let next = 0;
    const worker = async () => {
      while (next < meters.length) {
        const i = next++;
        results[i] = await this.pollMeter(meters[i]);
      }
    };
    const n = Math.min(meters.length, this.o.metersInParallel ?? DEFAULT_METERS_IN_PARALLEL);
    await Promise.all(Array.from({ length: n }, worker));
    return results;
  }

  /** Reads one meter's plan and delivers typed results to the sink. */
  async pollMeter(target: MeterTarget): Promise<MeterPollResult> {
    const client = this.o.clients.get(target.channel);
    const result: MeterPollResult = { address: target.address, reads: 0, failures: 0, unreachable: false };
    if (!client) {
      await this.fail(
        target.address,
        null,
        new MeterRequestError('connection', `no connection "${target.channel}"`),
        result,
      );
      result.unreachable = true;
      return result;
    }
    const plan = this.o.plan ?? DEFAULT_READING_PLAN;
    const ctx = { address: target.address, readAt: this.o.clock.now(), freezeTimes: new Map<number, string | null>() };
    let timeouts = 0;
    const steps: (() => Promise<void>)[] = plan.dis.map((di) => async () => {
      const value = await client.read(target.address, di);
      ctx.readAt = this.o.clock.now();
      await dispatchValue(value, ctx, this.o.sink);
    });
    if (plan.checkClock) steps.push(() => this.checkClock(client, target.address));
    const names = [...plan.dis, ...(plan.checkClock ? ['04000102'] : [])];
    for (let i = 0; i < steps.length; i++) {
      try {
        await steps[i]();
        result.reads++;
      } catch (e) {
        if (!(e instanceof MeterRequestError)) throw e;
        await this.fail(target.address, names[i], e, result);
        if (e.reason === 'timeout' && ++timeouts >= MAX_TIMEOUTS_PER_METER) {
          result.unreachable = true;
          break;
        }
      }
    }
    return result;
  }

  private async checkClock(client: Dlt645Client, address: string): Promise<void> {
    const reading = await readClockDrift(client, address, {
      clock: this.o.clock,
      zone: this.o.zone ?? DEFAULT_ZONE,
      thresholdSeconds: this.o.clockDriftThresholdSeconds ?? DEFAULT_CLOCK_DRIFT_THRESHOLD_SECONDS,
    });
    await this.o.sink.onClock(reading);
  }

  private async fail(address: string, di: string | null, e: MeterRequestError, result: MeterPollResult): Promise<void> {
    result.failures++;
    await this.o.sink.onFailure({
      address,
      di,
      readAt: this.o.clock.now(),
      reason: e.reason,
      message: e.message,
      errorWord: e.errorWord,
    });
  }
}
