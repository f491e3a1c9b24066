import type { Diagnosis } from './diagnosis.ts';
import type { Severity } from './severity.ts';

/**
 * An alarm as stored. At most one record per cause key is open; a cause that clears resolves its
 * record, and a cause that returns within the flapping window reopens the same record.
 */
export interface AlarmRecord {
  id: string;
  causeKey: string;
  ruleId: string;
  kind: string;
  subjectKind: string;
  subjectId: string;
  branchId?: string;
  labels: Readonly<Record<string, string>>;
  severity: Severity;
  status: 'open' | 'resolved';
  firstRaisedAt: Date;
  /** Last time the cause was raised or reopened. */
  openedAt: Date;
  lastSeenAt: Date;
  /** Sweeps that found the cause present, over the record's whole life. */
  count: number;
  value: number;
  diagnosis: Diagnosis;
  /** Reopenings inside the flapping window, oldest first. */
  reopenedAt: readonly Date[];
  flapping: boolean;
  /** While a flapping alarm is held open: when its condition was first seen clear. */
  clearSince?: Date;
  resolvedAt?: Date;
  resolution?: 'cleared' | 'ruleRemoved';
}

/**
 * What a sweep decided for one cause: the record's new state, for the store to upsert by `id`.
 * `notify` is true when people should hear about it (new, reopened while not flapping, or worse).
 */
export interface AlarmDecision {
  action: 'raise' | 'update' | 'reopen' | 'hold' | 'resolve';
  alarm: AlarmRecord;
  notify: boolean;
}
