import type { Clock } from '@meterflow/core/time/clock';

/** A clock that starts at `start` and runs `speed` times faster than real time (1 = real time). */
export class SpeedClock implements Clock {
  private readonly realStartMs: number;
  constructor(
    private readonly start: Date,
    private readonly speed: number,
    private readonly realNow: () => number,
  ) {
    this.realStartMs = realNow();
  }
  now(): Date {
    return new Date(this.start.getTime() + (this.realNow() - this.realStartMs) * this.speed);
  }
}
