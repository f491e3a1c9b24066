import { DEFAULT_ZONE, localParts } from '@meterflow/core';
import type { Clock } from '@meterflow/core';
import type { Dlt645Client } from './dlt645-client.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local wall-clock text meters expect for an instant. */
export function meterLocalTime(at: Date, zone: string = DEFAULT_ZONE): string {
  const p = localParts(at, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/**
 * Broadcasts the injected clock's time (08 to 999999999999) on every given connection. Meters do
 * not answer a broadcast; check the result with readClockDrift. Meters usually accept a broadcast
 * correction only within a few minutes of drift and once a day — larger drifts need a
 * password-protected write of 04000101/04000102.
 */
export async function broadcastTimeSync(
  clients: Iterable<Dlt645Client>,
  clock: Clock,
  zone: string = DEFAULT_ZONE,
): Promise<string> {
  const time = meterLocalTime(clock.now(), zone);
  await Promise.all([...clients].map((c) => c.broadcastTime(time)));
  return time;
}
