import type { StageEvaluation } from '../workflow/stage-evaluator.ts';

/** Bits of `MeterFleetFrame.eventFlags`: events a meter reported in this poll. */
export const METER_EVENT_BITS = { powerDown: 1, coverOpen: 2, reverseEnergy: 4, batteryLow: 8 } as const;
export type MeterEvent = keyof typeof METER_EVENT_BITS;

/** `clockDriftS` value for a meter whose clock was not read this poll. */
export const CLOCK_DRIFT_UNKNOWN = -2147483648;
/** `concentratorHeartbeat` values. */
export const HEARTBEAT = { missing: 0, online: 1, unknown: 2 } as const;

/**
 * The latest poll of a fleet of meters, one column per fact, index i being one meter. Columns keep
 * a sweep over a million meters to a few typed-array passes with no object per meter.
 */
export interface MeterFleetFrame {
  meterIds: readonly string[];
  /** Index into `concentratorIds`, or -1 for a meter polled directly. */
  concentratorIndex: Int32Array;
  /** Index into `readingBookIds`, or -1. */
  readingBookIndex: Int32Array;
  /** Consecutive polls without data up to and including this one; 0 = answered this poll. */
  silentPolls: Uint16Array;
  /** Meter clock minus master-station clock, seconds; CLOCK_DRIFT_UNKNOWN when not read. */
  clockDriftS: Int32Array;
  /** METER_EVENT_BITS reported in this poll. */
  eventFlags: Uint8Array;
  concentratorIds: readonly string[];
  /** Per concentrator: HEARTBEAT value of its own link to the master station, when known. */
  concentratorHeartbeat?: Uint8Array;
  readingBookIds: readonly string[];
  /** Branch of each reading book, for routing alarms to people. */
  readingBookBranchIds?: readonly string[];
  /** Branch of each concentrator. */
  concentratorBranchIds?: readonly string[];
}

/** The collection job's own result for this poll (the system side of data collection). */
export interface CollectionJobObservation {
  jobId: string;
  status: 'succeeded' | 'failed';
  error?: string;
}

/** Reading review (VEE) results of one reading book's cycle. */
export interface ReadingReviewObservation {
  readingBookId: string;
  cycle: string;
  branchId: string;
  readsChecked: number;
  exceptions: number;
}

/** A prepaid remote trip or close command that has not succeeded yet. */
export interface PrepaidCommandObservation {
  commandId: string;
  meterId: string;
  accountId: string;
  branchId: string;
  command: 'trip' | 'close';
  status: 'failed' | 'timedOut' | 'pending';
  attempts: number;
}

/** The result of reconciling one payment channel's day (or another ledger pair). */
export interface ReconciliationObservation {
  key: string;
  channel: string;
  branchId?: string;
  /** Our total minus theirs, in fen. */
  differenceFen: number;
  unmatchedCount: number;
}

/** A power-quality or safe-usage risk score (0–100) computed by monitoring for one subject. */
export interface RiskObservation {
  subjectKind: 'meter' | 'account' | 'monitor';
  subjectId: string;
  branchId?: string;
  riskKind: 'powerQuality' | 'safeUsage';
  score: number;
  detail?: string;
}

/**
 * Everything one alarm sweep looks at. A missing field means "not observed this time": rules that
 * need it are skipped and their open alarms stay as they are.
 */
export interface AlarmObservations {
  at: Date;
  meters?: MeterFleetFrame;
  collectionJob?: CollectionJobObservation;
  stages?: readonly StageEvaluation[];
  readingReviews?: readonly ReadingReviewObservation[];
  prepaidCommands?: readonly PrepaidCommandObservation[];
  reconciliations?: readonly ReconciliationObservation[];
  risks?: readonly RiskObservation[];
}
