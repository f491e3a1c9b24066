import { addDays, localDate, localToInstant, type Clock } from '@meterflow/core';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { changedSlots } from '@meterflow/core/metering/block-revision';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { DLT645_ENERGY_REGISTER } from '@meterflow/core/metering/register-spec';
import type { MeterEvent } from '@meterflow/core/metering/meter-event';
import { runVee } from '@meterflow/core/metering/vee/run-vee';
import type { ResolvedVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import type { DayRegisters, VeeException } from '@meterflow/core/metering/vee/vee-rule';
import type { PendingBlock, Store } from '@meterflow/store';

/** Days of a meter's own history VEE looks at (the spike rule's default window). */
export const VEE_HISTORY_DAYS = 28;
/** Blocks handled per run, so one run stays short. */
export const VEE_BLOCKS_PER_RUN = 2000;
/** The register VEE checks intervals against. */
export const VEE_REGISTER = 'forward-active';

export interface VeeRunResult {
  checked: number;
  exceptions: number;
  versions: number;
}

/** Listeners of what VEE found (the alarm system's hand-off, metrics, tests). */
export type VeeObserver = (found: { key: PendingBlock; exceptions: VeeException[] }) => void;

/**
 * Runs VEE over as-read blocks whose day has ended and that changed since VEE last saw them:
 * raises exceptions into the queue, appends a repaired version when estimation or flagging changes
 * anything, keeps clerk edits of the latest version, and clears exceptions that no longer apply.
 */
export class VeeService {
  private readonly observers: VeeObserver[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly config: ResolvedVeeConfig,
  ) {}

  observe(o: VeeObserver): void {
    this.observers.push(o);
  }

  /** Checks up to `limit` pending blocks of finished days. */
  async runPending(limit = VEE_BLOCKS_PER_RUN): Promise<VeeRunResult> {
    const today = localDate(this.clock.now(), this.zone);
    const pending = await this.store.metering.blocks.pending(limit, today);
    const orgs = await this.store.metering.collection.orgOfMeters([...new Set(pending.map((p) => p.meterId))]);
    const result: VeeRunResult = { checked: 0, exceptions: 0, versions: 0 };
    for (const key of pending) {
      const r = await this.checkOne(key, orgs.get(key.meterId) ?? null);
      result.checked++;
      result.exceptions += r.exceptions;
      result.versions += r.version ? 1 : 0;
    }
    return result;
  }

  /** Runs until nothing pending is left (tests, imports, the simulator's fast-forward). */
  async runAll(): Promise<VeeRunResult> {
    const total: VeeRunResult = { checked: 0, exceptions: 0, versions: 0 };
    for (;;) {
      const r = await this.runPending();
      total.checked += r.checked;
      total.exceptions += r.exceptions;
      total.versions += r.versions;
      if (r.checked < VEE_BLOCKS_PER_RUN) return total;
    }
  }

  private async checkOne(key: PendingBlock, orgId: string | null): Promise<{ exceptions: number; version: boolean }> {
    const m = this.store.metering;
    const versions = await m.blocks.versions(key);
    if (versions.length === 0) return { exceptions: 0, version: false };
    const asRead = versions[0].block;
    const latest = versions[versions.length - 1].block;
    const history = await m.blocks.latestBlocks(
      key.meterId,
      key.channel,
      addDays(key.date, -VEE_HISTORY_DAYS),
      addDays(key.date, -1),
    );
    const dayStart = localToInstant(key.date, 0, this.zone).toISOString();
    const dayEnd = localToInstant(addDays(key.date, 1), 0, this.zone).toISOString();
    const events = await m.reads.events(key.meterId, dayStart, dayEnd);
    const now = this.clock.now();
    const run = runVee(
      {
        block: { ...asRead, version: latest.version },
        history,
        register: key.channel === 1 ? await this.dayRegisters(key, events) : undefined,
        events,
        premiseOccupied: true,
        clockOffsetSeconds: clockOffsetOf(events),
        nowUtc: now,
        zone: this.zone,
      },
      this.config,
    );
    const target = keepEdits(run.repaired ?? { ...asRead, version: latest.version + 1 }, latest);
    const at = now.toISOString();
    let appended = false;
    if (changedSlots(latest, target).length > 0) {
      await m.blocks.appendVersion(target, {
        meterId: key.meterId,
        channel: key.channel,
        date: key.date,
        version: target.version,
        basedOnVersion: latest.version,
        kind: 'vee',
        reason: run.revision?.reason ?? 'reads completed',
        by: 'vee',
        atUtc: at,
        slots: changedSlots(latest, target),
      });
      appended = true;
    }
    if (run.exceptions.length)
      await m.exceptions.raise(
        run.exceptions.map((e) => ({ ...e, orgId })),
        at,
      );
    await m.exceptions.clearStale(key, [...new Set(run.exceptions.map((e) => e.ruleId))], at);
    await m.blocks.clearPending(key);
    for (const o of this.observers) o({ key, exceptions: run.exceptions });
    return { exceptions: run.exceptions.length, version: appended };
  }

  private async dayRegisters(key: PendingBlock, events: readonly MeterEvent[]): Promise<DayRegisters | undefined> {
    const freezes = await this.store.metering.reads.dailyFreezes(
      key.meterId,
      VEE_REGISTER,
      key.date,
      addDays(key.date, 1),
    );
    const start = freezes.find((f) => f.date === key.date);
    const end = freezes.find((f) => f.date === addDays(key.date, 1));
    if (!start || !end) return undefined;
    const read = (valueWh: number) => ({ valueWh, quality: QUALITY.ACTUAL });
    const exchange = events.find((e) => e.kind === 'meter-exchange');
    const oldLast = Number(exchange?.detail?.oldLastWh);
    const newFirst = Number(exchange?.detail?.newFirstWh);
    return {
      start: read(start.valueWh),
      end: read(end.valueWh),
      spec: DLT645_ENERGY_REGISTER,
      kind: 'forward',
      ...(exchange && Number.isFinite(oldLast) && Number.isFinite(newFirst)
        ? { exchange: { oldLast: read(oldLast), newFirst: read(newFirst) } }
        : {}),
    };
  }
}

/** The largest clock offset a clock-error event of the day reported, in seconds. */
function clockOffsetOf(events: readonly MeterEvent[]): number | undefined {
  let worst: number | undefined;
  for (const e of events) {
    const s = Number(e.detail?.offsetSeconds);
    if (e.kind === 'clock-error' && Number.isFinite(s) && (worst === undefined || Math.abs(s) > Math.abs(worst)))
      worst = s;
  }
  return worst;
}

/** A clerk's edits stand over a later VEE run: edited slots of `latest` are carried into `next`. */
function keepEdits(next: IntervalBlock, latest: IntervalBlock): IntervalBlock {
  if (!latest.quality.includes(QUALITY.EDITED)) return next;
  const values = next.values.slice();
  const quality = next.quality.slice();
  for (let i = 0; i < quality.length; i++) {
    if (latest.quality[i] === QUALITY.EDITED) {
      values[i] = latest.values[i];
      quality[i] = QUALITY.EDITED;
    }
  }
  return { ...next, values, quality };
}
