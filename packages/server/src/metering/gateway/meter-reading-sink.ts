import type { Wh } from '@meterflow/core';
import type { EnergyRegister, InstantQuantity, MeterEvent, Phase } from '@meterflow/protocols/dlt645/index';
import type { MeterFailureReason } from './meter-request-error.ts';

/** Common to every reading: which meter, which identifier, when the master station received it. */
interface ReadingBase {
  address: string;
  di: string;
  readAt: Date;
}

/** An energy register (current, or frozen at the daily freeze). */
export interface RegisterReading extends ReadingBase {
  register: EnergyRegister;
  /** 0 = total, 1..63 = tariff. */
  tariff: number;
  energyWh: Wh;
  /** Exact text as the meter sent it, e.g. `12345.67`. */
  text: string;
  unit: string;
  /** Set for daily-freeze registers: which freeze (1 = most recent) and its local time. */
  frozen?: { occurrence: number; at: string | null };
}

/** Maximum demand and when it occurred (local meter time). */
export interface DemandReading extends ReadingBase {
  register: EnergyRegister;
  tariff: number;
  text: string;
  /** Demand × 10^decimals, e.g. kW with 4 decimals. */
  scaled: number;
  decimals: number;
  unit: string;
  occurredAt: string | null;
}

/** An instantaneous value: voltage, current, power, power factor, frequency. */
export interface InstantReading extends ReadingBase {
  quantity: InstantQuantity;
  phase: Phase;
  text: string;
  scaled: number;
  decimals: number;
  unit: string;
}

/** An event counter or one of the most recent event records. */
export type EventReading = ReadingBase & { event: MeterEvent } & (
    { kind: 'count'; count: number } | { kind: 'record'; occurrence: number; start: string | null; end: string | null }
  );

/** The meter clock against the master station's clock. */
export interface ClockReading {
  address: string;
  readAt: Date;
  /** Local wall-clock time the meter reported. */
  meterTime: string;
  /** Meter minus master station, whole seconds; positive = meter runs ahead. */
  driftSeconds: number;
  drifted: boolean;
}

/** A read that produced nothing; `di` is null when the whole meter was given up. */
export interface ReadFailure {
  address: string;
  di: string | null;
  readAt: Date;
  reason: MeterFailureReason | 'skipped';
  message: string;
  errorWord?: number;
}

/**
 * Where the poller delivers what it read. The port belongs to the gateway; storage (or a test)
 * implements it. Calls for one meter come in plan order; a returned promise is awaited.
 */
export interface MeterReadingSink {
  onRegister(r: RegisterReading): void | Promise<void>;
  onDemand(r: DemandReading): void | Promise<void>;
  onInstant(r: InstantReading): void | Promise<void>;
  onEvent(r: EventReading): void | Promise<void>;
  onClock(r: ClockReading): void | Promise<void>;
  onFailure(f: ReadFailure): void | Promise<void>;
}
