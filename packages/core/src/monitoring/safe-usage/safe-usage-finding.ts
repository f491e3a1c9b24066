import type { SafeUsageThresholds } from './safe-usage-thresholds.ts';
import type { SafeUsageInput } from './safe-usage-input.ts';

export type FindingSeverity = 'info' | 'warning' | 'critical';
export interface Bilingual {
  zh: string;
  en: string;
}

/** One thing a detector found, with the evidence and what the customer should do about it. */
export interface SafeUsageFinding {
  detector: string;
  code: string;
  severity: FindingSeverity;
  /** Contribution to the risk score (negative lowers it, e.g. a favourable policy). */
  points: number;
  evidence: Record<string, number | string>;
  reason: Bilingual;
  advice: Bilingual;
}

/** One safe-usage detector: pure, given the account's data and the thresholds. */
export interface SafeUsageDetector {
  readonly id: string;
  detect(input: SafeUsageInput, thresholds: SafeUsageThresholds): SafeUsageFinding[];
}

/** Rounds evidence for people: two decimals. */
export const round2 = (v: number): number => Math.round(v * 100) / 100;
