/**
 * `services.alarms.observe(...)`: how metering, billing, payments and monitoring report what the
 * alarm sweep should look at. Each call stores the latest state per subject; the next sweep
 * raises, updates or resolves alarms from it. See docs/alarms.md §9.
 */
import type {
  CollectionJobObservation,
  PrepaidCommandObservation,
  ReadingReviewObservation,
  ReconciliationObservation,
  RiskObservation,
} from '@meterflow/core/alarms/observations';
import type { MeterLink, MeterPoll, Store } from '@meterflow/store';

export type AlarmObservationInput =
  | { kind: 'meterLinks'; links: MeterLink[] }
  | { kind: 'meterPoll'; at: Date; polls: MeterPoll[] }
  | {
      kind: 'concentratorHeartbeat';
      at: Date;
      concentrators: { concentratorId: string; heartbeat: 'online' | 'missing' | 'unknown'; branchId?: string }[];
    }
  | { kind: 'collectionJob'; at: Date; job: CollectionJobObservation }
  | { kind: 'readingReview'; at: Date; review: ReadingReviewObservation }
  /** `settled: true` once the command succeeded or was cancelled: its alarm resolves. */
  | { kind: 'prepaidCommand'; at: Date; command: PrepaidCommandObservation; settled?: boolean }
  /** A reconciliation with no difference and nothing unmatched clears its alarm. */
  | { kind: 'reconciliation'; at: Date; result: ReconciliationObservation }
  | { kind: 'risk'; at: Date; risk: RiskObservation };

/** Stores one observation (in the caller's transaction when `store` is a transaction's store). */
export async function recordObservation(store: Store, o: AlarmObservationInput): Promise<void> {
  const obs = store.alarms.observations;
  switch (o.kind) {
    case 'meterLinks':
      return obs.setMeterLinks(o.links);
    case 'meterPoll':
      return obs.recordMeterPoll(o.at, o.polls);
    case 'concentratorHeartbeat':
      return obs.setConcentratorHeartbeats(o.at, o.concentrators);
    case 'collectionJob':
      return obs.upsert([{ kind: 'collectionJob', key: 'latest', at: o.at, payload: o.job, cleared: false }]);
    case 'readingReview':
      return obs.upsert([
        {
          kind: 'readingReview',
          key: `${o.review.readingBookId}/${o.review.cycle}`,
          at: o.at,
          payload: o.review,
          cleared: false,
        },
      ]);
    case 'prepaidCommand':
      return obs.upsert([
        { kind: 'prepaidCommand', key: o.command.commandId, at: o.at, payload: o.command, cleared: !!o.settled },
      ]);
    case 'reconciliation':
      return obs.upsert([
        {
          kind: 'reconciliation',
          key: o.result.key,
          at: o.at,
          payload: o.result,
          cleared: o.result.differenceFen === 0 && o.result.unmatchedCount === 0,
        },
      ]);
    case 'risk':
      return obs.upsert([
        {
          kind: 'risk',
          key: `${o.risk.riskKind}|${o.risk.subjectKind}|${o.risk.subjectId}`,
          at: o.at,
          payload: o.risk,
          cleared: false,
        },
      ]);
  }
}
