import { addDays, localToInstant, DEFAULT_ZONE } from '@meterflow/core/time/zone';
import type { Clock } from '@meterflow/core/time/clock';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { encodeIntervalBatch } from '@meterflow/protocols';
import {
  DEFAULT_TOPIC_PREFIX,
  intervalTopic,
  readsTopic,
  type MeterReadingMessage,
} from '@meterflow/protocols/meter-message/index';
import type { SimulatedMeterDay } from '../faults/simulate-fleet-days.ts';

/** The one thing the simulator needs from an MQTT client (mqtt.js's `publishAsync` fits). */
export interface MqttPublisher {
  publishAsync(topic: string, payload: Buffer | string, options: { qos: 1 }): Promise<unknown>;
}

/** Messages in flight at once: enough to keep a broker busy, bounded so memory stays flat. */
export const PUBLISH_IN_FLIGHT_MAX = 64;

export interface PublishOptions {
  prefix?: string;
  zone?: string;
  /** `fast`: whole days as soon as they are simulated; `clock`: each slot when the clock passes its end. */
  pace: 'fast' | 'clock';
  clock?: Clock;
  /** Waits (ms of real time) while the clock has not reached a slot's end; injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface PublishStats {
  messages: number;
  reads: number;
}

/** The JSON message of a meter's day besides its intervals: the two daily freezes and the events. */
export function dayReadsMessage(day: SimulatedMeterDay): MeterReadingMessage {
  return {
    freezes: [
      { date: day.block.date, wh: day.registerStartWh },
      { date: addDays(day.block.date, 1), wh: day.registerEndWh },
    ],
    events: day.events.map((e) => ({
      kind: e.kind,
      at: e.atUtc,
      source: e.source,
      ...(e.detail ? { detail: e.detail } : {}),
    })),
  };
}

/** Publishes simulated meter-days over MQTT (QoS 1) in the topic scheme of docs/metering.md. */
export async function publishFleetDays(
  client: MqttPublisher,
  days: Iterable<SimulatedMeterDay>,
  options: PublishOptions,
): Promise<PublishStats> {
  const prefix = options.prefix ?? DEFAULT_TOPIC_PREFIX;
  const stats: PublishStats = { messages: 0, reads: 0 };
  const inFlight = new Set<Promise<unknown>>();
  const send = async (topic: string, payload: Buffer | string) => {
    if (inFlight.size >= PUBLISH_IN_FLIGHT_MAX) await Promise.race(inFlight);
    const p = client.publishAsync(topic, payload, { qos: 1 }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    stats.messages++;
  };
  if (options.pace === 'fast') {
    for (const day of days) {
      const id = day.meter.meterId;
      await send(intervalTopic(id, prefix), Buffer.from(encodeIntervalBatch([day.block])));
      await send(readsTopic(id, prefix), JSON.stringify(dayReadsMessage(day)));
      stats.reads += day.block.quality.filter((q) => q !== QUALITY.MISSING).length;
    }
  } else {
    await publishByClock(days, options, prefix, send, stats);
  }
  await Promise.all(inFlight);
  return stats;
}

/** One date's meters at a time: each slot's values when the clock passes the slot's end. */
async function publishByClock(
  days: Iterable<SimulatedMeterDay>,
  options: PublishOptions,
  prefix: string,
  send: (topic: string, payload: string) => Promise<void>,
  stats: PublishStats,
): Promise<void> {
  const clock = options.clock;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  if (!clock) throw new Error('pace "clock" needs a clock');
  const zone = options.zone ?? DEFAULT_ZONE;
  let batch: SimulatedMeterDay[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const date = batch[0].block.date;
    const slots = batch[0].block.values.length;
    for (let s = 0; s < slots; s++) {
      const end = localToInstant(date, (s + 1) * batch[0].block.slotMinutes, zone).getTime();
      while (clock.now().getTime() < end) await sleep(Math.min(1000, end - clock.now().getTime()));
      for (const day of batch) {
        if (day.block.quality[s] === QUALITY.MISSING) continue;
        const msg: MeterReadingMessage = { intervals: [{ date, startSlot: s, values: [day.block.values[s]] }] };
        await send(readsTopic(day.meter.meterId, prefix), JSON.stringify(msg));
        stats.reads++;
      }
    }
    for (const day of batch) await send(readsTopic(day.meter.meterId, prefix), JSON.stringify(dayReadsMessage(day)));
    batch = [];
  };
  for (const day of days) {
    if (batch.length && batch[0].block.date !== day.block.date) await flush();
    batch.push(day);
  }
  await flush();
}
