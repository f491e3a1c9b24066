/** Day types that shape a customer's load: a working day, or a weekend / public holiday. */
export type DayType = 'workday' | 'restday';

export interface DailyUsage {
  /** Local calendar date `YYYY-MM-DD`. */
  date: string;
  kwh: number;
  dayType: DayType;
  /** Mean air temperature of the customer's area that day; absent when no weather was imported. */
  temperatureC?: number;
}

/** A meter's summary values at one instant (what meters and PQ monitors report). */
export interface MeterSummarySample {
  at: string;
  /** Phase voltages (one for single-phase). */
  voltageV: number[];
  currentA?: number[];
  neutralCurrentA?: number;
  powerFactor?: number;
  voltageThdPct?: number;
  frequencyHz?: number;
}

export interface MeterEventSample {
  kind: string;
  at: string;
}

/** An industry policy notice: a tag that raises (positive) or lowers (negative) an industry's risk. */
export interface PolicyNotice {
  id: string;
  industry: string;
  tag: string;
  riskDelta: number;
  validFrom: string;
  validTo: string | null;
  title: { zh: string; en: string };
}

export interface ProductionDay {
  date: string;
  output: number;
  unit: string;
}

/** Everything the detectors look at for one account over one assessment period. */
export interface SafeUsageInput {
  accountId: string;
  customerClass: string;
  areaId: string;
  industry?: string;
  /** Local date the assessment is made for (the last day of the period). */
  asOf: string;
  /** Days judged (the last `periodDays` of `days`); earlier days are history. */
  periodDays: number;
  /** Daily energy, oldest first, history and period together. */
  days: readonly DailyUsage[];
  capacityKva?: number;
  declaredVoltageV?: number;
  /** Demand over the period: one value per interval (kW), with the interval length. */
  demand?: { intervalMinutes: number; kw: readonly number[] };
  /** Mean daily kWh over the same period of each other account of the same class and area. */
  peerDailyKwh?: readonly number[];
  summaries?: readonly MeterSummarySample[];
  events?: readonly MeterEventSample[];
  policies?: readonly PolicyNotice[];
  production?: readonly ProductionDay[];
}
