/**
 * The port the sweep reads its inputs through, and its implementation over the store: each
 * meter's latest poll (alarm_meter_status, linked to reading books through meters → service
 * points → accounts), concentrator heartbeats, open billing cycles, and the latest observations
 * other contexts left with `services.alarms.observe(...)`.
 */
import {
  CLOCK_DRIFT_UNKNOWN,
  HEARTBEAT,
  type AlarmObservations,
  type CollectionJobObservation,
  type MeterFleetFrame,
  type PrepaidCommandObservation,
  type ReadingReviewObservation,
  type ReconciliationObservation,
  type RiskObservation,
} from '@meterflow/core/alarms/observations';
import type { BillingCycle } from '@meterflow/core/workflow/billing-cycle';
import type { FleetColumns, ObservationRow, Store } from '@meterflow/store';

/** Everything one sweep needs besides the known alarms; stages are evaluated from `cycles`. */
export interface SweepInputs {
  observations: Omit<AlarmObservations, 'at' | 'stages'>;
  cycles: BillingCycle[];
}

/** Where the sweep reads its inputs from. Another implementation may read a message bus or a shard. */
export interface AlarmObservationSource {
  read(at: Date): Promise<SweepInputs>;
}

/** Reads the sweep's inputs from the store in a few bulk queries. */
export class StoreObservationSource implements AlarmObservationSource {
  constructor(private readonly store: Store) {}

  async read(): Promise<SweepInputs> {
    const obs = this.store.alarms.observations;
    const [fleet, concentrators, active, cycles] = await Promise.all([
      obs.readFleet(),
      obs.listConcentrators(),
      obs.active(),
      this.store.alarms.cycleStages.listOpen(),
    ]);
    const observations: SweepInputs['observations'] = {};
    if (fleet.meterIds.length > 0) observations.meters = buildFrame(fleet, concentrators);
    const of = <T>(kind: ObservationRow['kind']): T[] | undefined =>
      active.kinds.has(kind) ? active.rows.filter((r) => r.kind === kind).map((r) => r.payload as T) : undefined;
    const jobs = active.rows.filter((r) => r.kind === 'collectionJob').sort((a, b) => +b.at - +a.at);
    if (jobs.length > 0) observations.collectionJob = jobs[0].payload as CollectionJobObservation;
    observations.readingReviews = of<ReadingReviewObservation>('readingReview');
    observations.prepaidCommands = of<PrepaidCommandObservation>('prepaidCommand');
    observations.reconciliations = of<ReconciliationObservation>('reconciliation');
    observations.risks = of<RiskObservation>('risk');
    return { observations, cycles };
  }
}

/** Turns store columns into the engine's frame: ids become indexes into id lists. */
export function buildFrame(
  fleet: FleetColumns,
  concentrators: readonly { concentratorId: string; branchId: string | null; heartbeat: string }[],
): MeterFleetFrame {
  const n = fleet.meterIds.length;
  const concIndex = new Map<string, number>();
  const bookIndex = new Map<string, number>();
  const concentratorIds: string[] = [];
  const concentratorBranchIds: string[] = [];
  const readingBookIds: string[] = [];
  const readingBookBranchIds: string[] = [];
  const concentratorIndex = new Int32Array(n);
  const readingBookIndex = new Int32Array(n);
  const clockDriftS = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = fleet.concentratorIds[i];
    const b = fleet.readingBookIds[i];
    const branch = fleet.branchIds[i] ?? '';
    let ci = -1;
    if (c !== null) {
      ci = concIndex.get(c) ?? -1;
      if (ci < 0) {
        ci = concentratorIds.push(c) - 1;
        concentratorBranchIds.push(branch);
        concIndex.set(c, ci);
      }
    }
    let bi = -1;
    if (b !== null) {
      bi = bookIndex.get(b) ?? -1;
      if (bi < 0) {
        bi = readingBookIds.push(b) - 1;
        readingBookBranchIds.push(branch);
        bookIndex.set(b, bi);
      }
    }
    concentratorIndex[i] = ci;
    readingBookIndex[i] = bi;
    const drift = fleet.clockDriftS[i];
    clockDriftS[i] = drift === null ? CLOCK_DRIFT_UNKNOWN : drift;
  }
  const heartbeat = new Uint8Array(concentratorIds.length).fill(HEARTBEAT.unknown);
  for (const s of concentrators) {
    const ci = concIndex.get(s.concentratorId);
    if (ci === undefined) continue;
    heartbeat[ci] = HEARTBEAT[s.heartbeat as keyof typeof HEARTBEAT] ?? HEARTBEAT.unknown;
    if (s.branchId) concentratorBranchIds[ci] = s.branchId;
  }
  return {
    meterIds: fleet.meterIds,
    concentratorIndex,
    readingBookIndex,
    silentPolls: fleet.silentPolls,
    clockDriftS,
    eventFlags: fleet.eventFlags,
    concentratorIds,
    concentratorHeartbeat: heartbeat,
    readingBookIds,
    readingBookBranchIds,
    concentratorBranchIds,
  };
}
