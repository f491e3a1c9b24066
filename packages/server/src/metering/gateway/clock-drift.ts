import { DEFAULT_ZONE, localToInstant } from '@meterflow/core';
import type { Clock } from '@meterflow/core';
import type { Dlt645Client } from './dlt645-client.ts';
import { DEFAULT_CLOCK_DRIFT_THRESHOLD_SECONDS } from './gateway-limits.ts';
import type { ClockReading } from './meter-reading-sink.ts';
import { MeterRequestError } from './meter-request-error.ts';

export interface ClockDriftOptions {
  clock: Clock;
  zone?: string;
  thresholdSeconds?: number;
}

const text = (v: { entries: { fields: { text: string | null }[] }[] }): string => {
  const t = v.entries[0]?.fields[0]?.text;
  if (!t) throw new MeterRequestError('invalid-reply', 'meter sent an empty date or time');
  return t;
};

/**
 * Reads the meter's date (04000101) and time (04000102) and compares them with the injected clock.
 * Date is read before and after the time so a read that straddles midnight picks the right day.
 * Resolution is one second plus the round trip of the time read.
 */
export async function readClockDrift(
  client: Dlt645Client,
  address: string,
  options: ClockDriftOptions,
): Promise<ClockReading> {
  const zone = options.zone ?? DEFAULT_ZONE;
  const dateBefore = text(await client.read(address, '04000101'));
  const time = text(await client.read(address, '04000102'));
  const readAt = options.clock.now();
  const dateAfter = text(await client.read(address, '04000101'));
  const date = dateBefore === dateAfter || time >= '12:00:00' ? dateBefore : dateAfter;
  const [h, m, s] = time.split(':').map(Number);
  const meterInstant = localToInstant(date, h * 60 + m, zone).getTime() + s * 1000;
  const driftSeconds = Math.round((meterInstant - readAt.getTime()) / 1000);
  const threshold = options.thresholdSeconds ?? DEFAULT_CLOCK_DRIFT_THRESHOLD_SECONDS;
  return { address, readAt, meterTime: `${date}T${time}`, driftSeconds, drifted: Math.abs(driftSeconds) > threshold };
}
